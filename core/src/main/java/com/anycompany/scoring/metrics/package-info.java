/**
 * Scoring metrics: {@code ScoringMetrics} is what the services report (latency, outcomes, model version), and {@code
 * EmfScoringMetrics} writes them as CloudWatch Embedded Metric Format lines on stdout, never with personal data in a
 * dimension.
 */
package com.anycompany.scoring.metrics;
