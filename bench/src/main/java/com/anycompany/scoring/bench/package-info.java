/**
 * Every benchmark harness, each figure a ratio against a baseline measured in the same run: the JMH benchmarks
 * ({@code EngineBenchmark}, {@code ScalingBenchmark}, {@code PredictBenchmark}, built as {@code benchmarks.jar}
 * with {@code -Pbench}) and the harnesses behind {@code ./scoring bench}: the engine against xgboost4j ({@link com.anycompany.scoring.bench.EngineBench}
 * on a {@link com.anycompany.scoring.bench.BenchFixture}), the scaling table over depths, tree counts and
 * categorical splits ({@link com.anycompany.scoring.bench.ScalingBench}), the per-client attrition path
 * ({@link com.anycompany.scoring.bench.AttritionBench}) and the salary endpoint
 * ({@link com.anycompany.scoring.bench.EndpointBench}). Module {@code bench}; the CLI's {@code bench} command drives it.
 */
package com.anycompany.scoring.bench;
