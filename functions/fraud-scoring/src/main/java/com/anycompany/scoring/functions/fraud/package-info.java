/**
 * The SQS-fed payroll fraud function: {@code FraudScoringHandler} parses the SQS event, hands the messages to the
 * core's {@code FraudScoringService}, maps the outcome to a partial batch response ({@code FraudBatchResponse}) so
 * that only failed messages are retried, answers golden probes, and primes the model for SnapStart.
 */
package com.anycompany.scoring.functions.fraud;
