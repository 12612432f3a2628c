package com.anycompany.scoring.runtime.stepfunctions;

/**
 * A task failed with an ASL error name (what {@code Retry}/{@code Catch} {@code ErrorEquals} match, e.g.
 * {@code States.TaskFailed}, {@code Lambda.ServiceException}, or a Lambda handler's {@code errorType} such as
 * {@code java.lang.IllegalStateException}) and a cause (for Lambda: the error document as a JSON string).
 */
public class TaskFailure extends Exception {
    private final String error;
    private final String cause;

    public TaskFailure(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public TaskFailure(String error, String cause, Throwable throwable) {
        super(error + ": " + cause, throwable);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
