package com.anycompany.scoring.runtime.stepfunctions;

/**
 * Progress callbacks (e.g. for a progress bar), called on the interpreter's threads; keep them quick and
 * thread-safe.
 */
public interface ExecutionListener {
    ExecutionListener NONE = new ExecutionListener() {
    };

    /** Every event added to the history, as it happens. */
    default void onEvent(ExecutionResult.HistoryEvent event) {
    }

    /** A Map item (or batch) finished; {@code total} is the number of items (batches) of that Map run. */
    default void onMapItem(String mapStateName, int index, int total, boolean succeeded) {
    }
}
