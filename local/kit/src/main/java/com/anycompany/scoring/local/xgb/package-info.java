/**
 * The xgboost4j reference: {@code XgbTrainer} trains real XGBoost models for the demo and the tests, and {@code
 * Xgboost4jEngine} scores with xgboost4j itself, the outside oracle the Java engine is compared against.
 */
package com.anycompany.scoring.local.xgb;
