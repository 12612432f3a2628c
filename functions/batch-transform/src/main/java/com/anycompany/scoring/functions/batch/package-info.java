/**
 * The Lambda handlers the monthly batch state machine calls: {@code BatchPlanHandler} splits the input into shards,
 * {@code ScoreShardHandler} scores one shard (and answers the golden probe), {@code FinalizeHandler} reconciles the
 * shard results into the run report. {@code StepIo} converts Step Functions payloads to the core's records; the
 * handlers are thin over {@code com.anycompany.scoring.batch}.
 */
package com.anycompany.scoring.functions.batch;
