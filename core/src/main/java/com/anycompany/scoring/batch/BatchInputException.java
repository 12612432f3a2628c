package com.anycompany.scoring.batch;

import com.anycompany.scoring.ScoringException;

/** The batch input or request cannot be processed as given (missing object, bad header, bad request). Poison. */
public final class BatchInputException extends ScoringException {
    public BatchInputException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
