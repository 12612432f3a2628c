package com.anycompany.scoring.engine;

import com.anycompany.scoring.ScoringException;

/** The artifact is valid but uses something this engine cannot evaluate exactly (e.g. categorical splits, dart). */
public final class UnsupportedModelException extends ScoringException {
    public UnsupportedModelException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
