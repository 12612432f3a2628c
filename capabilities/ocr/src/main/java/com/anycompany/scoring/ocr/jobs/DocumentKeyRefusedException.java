package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.ScoringException;

/**
 * S3 (HTTP 400), or the SDK before sending, refused the request for this bucket and key as malformed: no retry can
 * read it, so the record is poison. The
 * starter reports it as skipped, with the reason, instead of failing the whole event.
 */
public final class DocumentKeyRefusedException extends ScoringException {
    public DocumentKeyRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
