/**
 * The {@code bench} command's attrition harness: {@code AttritionBench} scores the monthly batch input with the Java
 * engine and with the xgboost4j reference in the same run and reports their ratio.
 */
package com.anycompany.scoring.cli.bench;
