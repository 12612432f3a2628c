package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * How an execution ended: {@code SUCCEEDED} with its output, or {@code FAILED} with the ASL error name and cause
 * (output {@code null}); plus the event history in the order the events happened.
 */
public record ExecutionResult(Status status, JsonNode output, String error, String cause, List<HistoryEvent> history) {
    public enum Status { SUCCEEDED, FAILED }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    /** Events of one type, e.g. {@code "TaskScheduled"} or {@code "MapRunSucceeded"}. */
    public List<HistoryEvent> events(String type) {
        return history.stream().filter(e -> e.type().equals(type)).toList();
    }

    /**
     * One history event, named as in Step Functions' GetExecutionHistory ({@code ExecutionStarted},
     * {@code TaskStateEntered}, {@code TaskScheduled}, {@code TaskFailed}, {@code MapIterationStarted},
     * {@code MapRunStarted}, …). Events of inline Map iterations and Parallel branches are in this history;
     * a Distributed Map's child executions are summarised by MapRun* events, as in AWS where they have their own.
     */
    public record HistoryEvent(long id, Instant timestamp, String type, String stateName, JsonNode details) {
    }
}
