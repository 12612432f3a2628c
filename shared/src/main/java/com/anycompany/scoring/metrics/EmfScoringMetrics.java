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

    public EmfScoringMetrics(String namespace, Map<String, String> dimensions) {
        this.metrics = MetricsFactory.getMetricsInstance();
        if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
            metrics.setNamespace(namespace);
        }
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
    public void flush() {
        metrics.flush();
    }
}
