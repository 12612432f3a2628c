package com.anycompany.scoring.model;

import com.anycompany.scoring.ScoringException;

/** No artifact or card exists where the reference points. Not retryable until someone publishes it. */
public final class ModelNotFoundException extends ScoringException {
    public ModelNotFoundException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
