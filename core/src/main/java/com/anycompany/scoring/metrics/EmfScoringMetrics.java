package com.anycompany.scoring.metrics;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.Map;

/**
 * {@link ScoringMetrics} as CloudWatch EMF through Powertools' functional API (no AspectJ, so CRaC priming works).
 * Namespace from POWERTOOLS_METRICS_NAMESPACE (default "ServerlessScoring"); default dimensions: function, model,
 * version.
 */
public final class EmfScoringMetrics implements ScoringMetrics {
    private final Metrics metrics;
    private final String namespace;
    private final Map<String, String> dimensions;

    public EmfScoringMetrics(String namespace, Map<String, String> dimensions) {
        this.metrics = MetricsFactory.getMetricsInstance();
        String fromEnv = System.getenv("POWERTOOLS_METRICS_NAMESPACE");
        if (fromEnv == null) {
            metrics.setNamespace(namespace);
        }
        this.namespace = fromEnv == null ? namespace : fromEnv;
        this.dimensions = Map.copyOf(dimensions);
        metrics.setDefaultDimensions(DimensionSet.of(dimensions));
        metrics.setRaiseOnEmptyMetrics(false);
    }

    @Override
    public void count(String name, double value) {
        metrics.addMetric(name, value, MetricUnit.COUNT);
    }

    @Override
    public void millis(String name, double value) {
        metrics.addMetric(name, value, MetricUnit.MILLISECONDS);
    }

    @Override
    public void value(String name, double value) {
        metrics.addMetric(name, value, MetricUnit.NONE);
    }

    @Override
    public void valueWith(String name, double value, Map<String, String> extraDimensions) {
        Map<String, String> all = new java.util.LinkedHashMap<>(dimensions);
        all.putAll(extraDimensions);
        metrics.flushSingleMetric(name, value, MetricUnit.NONE, namespace, DimensionSet.of(all));
    }

    @Override
    public void flush() {
        metrics.flush();
    }
}
