package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.ScoringException;

/** The document bucket could not be read or written right now: retry. */
public final class DocumentStoreException extends ScoringException {
    public DocumentStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
