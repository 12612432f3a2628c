package com.anycompany.scoring.model;

import com.anycompany.scoring.ScoringException;

/** The model could not be fetched right now (store down, throttled, network): retry later. */
public final class ModelUnavailableException extends ScoringException {
    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
