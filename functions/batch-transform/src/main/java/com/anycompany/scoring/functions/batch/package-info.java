/**
 * The Lambda handlers the monthly batch state machine calls: {@code BatchPlanHandler} splits the input into shards,
 * {@code ScoreShardHandler} scores one shard (and answers the golden probe), {@code FinalizeHandler} reconciles the
 * shard results into the run report. The handlers are thin over
 * {@code com.anycompany.scoring.batch} (its {@code StepIo} reads and writes the Step Functions payloads).
 */
package com.anycompany.scoring.functions.batch;
