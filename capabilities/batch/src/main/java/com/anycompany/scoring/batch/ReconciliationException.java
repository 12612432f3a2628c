package com.anycompany.scoring.batch;

import com.anycompany.scoring.ScoringException;

/** Finalize found counts that disagree (input rows != scored + quarantined) or a shard without a result. */
public final class ReconciliationException extends ScoringException {
    public ReconciliationException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
