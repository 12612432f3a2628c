/**
 * Payroll fraud scoring over SQS: {@code FraudScoringService} scores each {@code InboundMessage} as a {@code
 * Transaction}, decides ({@code FraudDecision}, with {@code DecisionIdentity} giving a redelivered transaction the
 * same deduplication key) and delivers through a {@code DecisionSink} ({@code SqsDecisionSink}); {@code BatchOutcome}
 * says which messages failed and whether to retry, and {@code FraudScoringWiring} builds it all from the function's
 * environment.
 */
package com.anycompany.scoring.fraud;
