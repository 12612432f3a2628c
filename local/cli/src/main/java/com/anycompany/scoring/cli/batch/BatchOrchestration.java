package com.anycompany.scoring.cli.batch;

import com.anycompany.scoring.batch.BatchSummary;

/**
 * Runs one batch-transform execution to the end and returns the reconciled summary (the run's {@code _SUCCESS}).
 * {@link AslOrchestration} (what the CLI uses) executes {@code statemachine/batch-transform.asl.json} itself through
 * the local ASL interpreter, with the template's functions as the Tasks.
 */
public interface BatchOrchestration {
    /** Progress as shards finish. */
    interface Listener {
        Listener NONE = (done, total, rows) -> {
        };

        void shardDone(int done, int total, long rowsSoFar);

        /** A shard's result was reused (written by an earlier attempt of the same plan, files intact). */
        default void shardReused() {
        }
    }

    /**
     * @param executionInput the state machine's execution input (a batch request or the monthly request), as JSON
     */
    BatchSummary run(String executionInput, Listener listener);
}
