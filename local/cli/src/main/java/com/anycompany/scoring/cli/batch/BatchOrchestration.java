package com.anycompany.scoring.cli.batch;

import com.anycompany.scoring.batch.BatchSummary;

/**
 * Runs one batch-transform execution to the end and returns the reconciled summary (the run's {@code _SUCCESS}).
 * Today {@link InProcessOrchestration} walks Plan -> ScoreShards -> Finalize exactly as
 * {@code statemachine/batch-transform.asl.json} does, with the same handler classes; the ASL interpreter replaces it
 * (same interface) so that {@code ./scoring batch run} executes the deployed file itself.
 */
public interface BatchOrchestration {
    /** Progress as shards finish. */
    interface Listener {
        Listener NONE = (done, total, rows) -> {
        };

        void shardDone(int done, int total, long rowsSoFar);
    }

    /**
     * @param executionInput the state machine's execution input (a batch request or the monthly request), as JSON
     */
    BatchSummary run(String executionInput, Listener listener);
}
