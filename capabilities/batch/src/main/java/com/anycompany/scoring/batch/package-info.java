/**
 * The per-client attrition batch transform: {@code BatchTrigger} starts a run for an uploaded file, {@code
 * BatchPlanner} splits it into line-aligned {@code Shard}s, {@code ShardScorer} scores one shard (bad rows
 * quarantined with their line number and reason), {@code BatchFinalizer} reconciles the {@code ShardResult}s into a
 * {@code BatchSummary} and run report, and {@code FileScorer} scores a whole file in-process for the CLI. Storage
 * goes through {@code BatchStorage} ({@code S3BatchStorage}).
 */
package com.anycompany.scoring.batch;
