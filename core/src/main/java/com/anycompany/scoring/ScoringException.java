package com.anycompany.scoring;

/**
 * Root of the core's failures. Every subclass says whether retrying the same input can help:
 * callers route {@link #retryable()} failures to redelivery and the rest to quarantine or a dead-letter queue.
 */
public abstract class ScoringException extends RuntimeException {
    protected ScoringException(String message) {
        super(message);
    }

    protected ScoringException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same input may succeed later (a dependency was down); false when it never will (poison). */
    public abstract boolean retryable();
}
