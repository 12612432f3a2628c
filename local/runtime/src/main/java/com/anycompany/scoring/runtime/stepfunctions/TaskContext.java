package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link TaskInvoker} knows about the call: the execution, the state, how many retries came before this
 * attempt, the whole context object ({@code $$}), and the state's TimeoutSeconds if it has one.
 */
public record TaskContext(String executionName, String executionId, String stateName, int retryCount,
                          JsonNode contextObject, Optional<Duration> timeout) {
}
