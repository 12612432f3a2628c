package com.anycompany.scoring.ocr.textract;

import com.anycompany.scoring.ScoringException;

/** The bytes are not a Textract response (not JSON, no Blocks and no JobStatus, over the size bounds): poison. */
public final class InvalidTextractResponseException extends ScoringException {
    public InvalidTextractResponseException(String message) {
        super(message);
    }

    public InvalidTextractResponseException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
