package com.anycompany.scoring.runtime.stepfunctions;

/**
 * A state failed with an ASL error name ({@code States.TaskFailed}, {@code States.Runtime}, a handler's
 * {@code errorType}, …) and a cause; Retry and Catch match on {@link #error()}.
 */
class StateFailure extends RuntimeException {
    private final String error;
    private final String cause;

    StateFailure(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    static StateFailure runtime(String cause) {
        return new StateFailure(AslErrors.RUNTIME, cause);
    }

    String error() {
        return error;
    }

    String causeText() {
        return cause;
    }

    /** Runtime errors and data-limit errors are terminal: States.ALL neither retries nor catches them. */
    boolean terminal() {
        return AslErrors.RUNTIME.equals(error) || AslErrors.DATA_LIMIT_EXCEEDED.equals(error);
    }
}
