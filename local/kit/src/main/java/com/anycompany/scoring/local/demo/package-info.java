/**
 * Demo data and models: synthetic payroll transactions, pay stubs, workforces and learners ({@code SyntheticPayroll},
 * {@code SyntheticPayStubs}, {@code SyntheticWorkforce}, {@code SyntheticLearning}) with a fixed seed, and the
 * builders that train the demo's fraud, attrition, salary and recommendation models with xgboost4j ({@code
 * FraudModelBuilder}, {@code AttritionModels}, {@code SalaryModelBuilder}, {@code RecommendationModelBuilder}).
 */
package com.anycompany.scoring.local.demo;
