/**
 * Runs the monthly attrition batch locally: {@code AslOrchestration} drives the real state machine definition through
 * the local ASL interpreter against the local S3, {@code BatchOrchestration} is the seam the batch command uses,
 * {@code BatchReport} summarises a run, and {@code MonthlyAttritionData} generates the demo's input files.
 */
package com.anycompany.scoring.cli.batch;
