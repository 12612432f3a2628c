/**
 * The xgboost4j reference: {@link com.anycompany.scoring.local.xgb.Xgboost4jEngine} scores with the native XGBoost
 * library (an {@code Engine} service, chosen by {@code ./scoring score --engine xgboost4j} and by the benchmarks) and
 * {@link com.anycompany.scoring.local.xgb.XgbTrainer} trains the demo and test models. Module
 * {@code local/xgboost-reference}: a dependency of the CLI, bench, examples and tests, never of a function.
 */
package com.anycompany.scoring.local.xgb;
