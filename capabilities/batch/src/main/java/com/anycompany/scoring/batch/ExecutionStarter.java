package com.anycompany.scoring.batch;

/**
 * Starts a state-machine execution (Step Functions {@code StartExecution}). Implementations are thin adapters over the
 * service; an execution that already exists under the name is {@link Started#duplicate()}, not an error.
 * Transient failures (throttling, 5xx) are thrown, so the event source retries.
 */
public interface ExecutionStarter {
    /** @param duplicate the name was already used (ExecutionAlreadyExists): this event was delivered before */
    record Started(String executionName, String executionArn, boolean duplicate) {
    }

    Started start(String executionName, String inputJson);
}
