/**
 * Demo and test data: synthetic payroll transactions, workforces, pay stubs and learners (seeded, reproducible), the
 * demo models trained from them with xgboost4j and published with their cards and golden sets, and the monthly
 * attrition data set ({@link com.anycompany.scoring.local.demo.MonthlyAttritionData}). Module {@code examples}; the
 * {@code ./scoring demo} command that uses them stays in the CLI.
 */
package com.anycompany.scoring.local.demo;
