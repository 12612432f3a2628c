package com.anycompany.scoring.batch;

import com.anycompany.scoring.ScoringException;

/**
 * S3 could not be read or written right now (throttled, 5xx, network). Retryable: the state machine's Retry names
 * this class (simple and fully-qualified name) with backoff.
 */
public final class BatchStorageUnavailableException extends ScoringException {
    public BatchStorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
