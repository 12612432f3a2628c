package com.anycompany.scoring.batch;

import com.anycompany.scoring.ScoringException;

/**
 * An input object was replaced or deleted after the Plan step recorded its ETag: the plan's byte ranges no longer
 * describe it, so the run stops (poison, never retried) and writes no {@code _SUCCESS}. The message is one line
 * naming the object and what to do.
 */
public final class InputChangedException extends ScoringException {
    private InputChangedException(String message) {
        super(message);
    }

    static InputChangedException replaced(String bucket, String key, String eTag) {
        return new InputChangedException("s3://" + bucket + "/" + key + " changed after the plan was made (planned ETag "
                + eTag + "); the run stops without _SUCCESS: start a new run to score the new file");
    }

    static InputChangedException deleted(String bucket, String key, String eTag) {
        return new InputChangedException("s3://" + bucket + "/" + key + " was deleted after the plan was made (planned "
                + "ETag " + eTag + "); the run stops without _SUCCESS: upload it again and start a new run");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
