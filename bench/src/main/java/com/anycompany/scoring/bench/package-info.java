/**
 * JMH benchmark harnesses (built only with the {@code bench} profile). {@code EngineBenchmark} times the Java XGBoost
 * engine against xgboost4j on the same model and rows; {@code PredictBenchmark} times the synchronous predict path
 * from JSON record to answer. Figures are read as ratios against a baseline measured in the same run.
 */
package com.anycompany.scoring.bench;
