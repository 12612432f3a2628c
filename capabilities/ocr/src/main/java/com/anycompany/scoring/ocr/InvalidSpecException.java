package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ScoringException;

/** A field specification file is malformed; the message names the file and the property to fix. */
public final class InvalidSpecException extends ScoringException {
    public InvalidSpecException(String message) {
        super(message);
    }

    public InvalidSpecException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
