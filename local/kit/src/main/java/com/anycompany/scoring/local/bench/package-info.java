/**
 * Shared benchmark fixtures: {@code BenchFixture} builds the models and rows a benchmark scores, and {@code
 * EngineBench} times the Java engine against the xgboost4j reference in one run so that results are ratios, not
 * absolute times.
 */
package com.anycompany.scoring.local.bench;
