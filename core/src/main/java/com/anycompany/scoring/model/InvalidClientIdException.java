package com.anycompany.scoring.model;

import com.anycompany.scoring.ScoringException;

/** A client id that cannot become part of an S3 key ('..', '/', too long, odd characters). Never retryable. */
public final class InvalidClientIdException extends ScoringException {
    public InvalidClientIdException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
