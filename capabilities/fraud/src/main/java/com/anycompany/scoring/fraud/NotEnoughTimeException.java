package com.anycompany.scoring.fraud;

import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.model.ModelRef;

/**
 * A model load was not started because the invocation has too little time left to finish it; the messages that need
 * the model are retried (the next delivery, in a fresh invocation, has the time). Raise MODEL_LOAD_RESERVE_MS if loads
 * take longer, or the function timeout.
 */
public final class NotEnoughTimeException extends ScoringException {
    public NotEnoughTimeException(ModelRef ref, long leftMillis, long neededMillis) {
        super("model " + ref + " is not loaded and only " + leftMillis + " ms are left in this invocation ("
                + neededMillis + " ms are kept for a load and the sends); the message is retried");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
