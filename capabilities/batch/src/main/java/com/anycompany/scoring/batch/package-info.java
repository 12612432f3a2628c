/**
 * The per-client attrition batch transform: {@code BatchTrigger} starts a run for an uploaded file, {@code
 * BatchPlanner} splits it into line-aligned {@code Shard}s, {@code ShardScorer} scores one shard (bad rows
 * quarantined with their line number and reason), {@code BatchFinalizer} reconciles the {@code ShardResult}s into a
 * {@code BatchSummary} and run report, and {@code FileScorer} scores a whole file in-process for the CLI. Storage
 * goes through {@code BatchStorage} ({@code S3BatchStorage}); {@code StepIo} reads and writes the state machine's
 * task payloads and {@code SfnExecutionStarter} starts executions. Three classes of this package that other
 * capabilities use too sit in the core module ({@code BatchJson}, {@code BatchInputException}, {@code S3EventKeys});
 * this file documents the whole package (one package-info per package: a second one in the core would be a second
 * class of the same name in every batch function's package).
 */
package com.anycompany.scoring.batch;
