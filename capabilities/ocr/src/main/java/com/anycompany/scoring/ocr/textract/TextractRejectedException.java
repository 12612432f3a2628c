package com.anycompany.scoring.ocr.textract;

import com.anycompany.scoring.ScoringException;

/** Textract refused the document or request (unsupported, too large, bad document, invalid job): do not retry. */
public final class TextractRejectedException extends ScoringException {
    private final String code;

    public TextractRejectedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Textract's error code, e.g. UnsupportedDocumentException. */
    public String code() {
        return code;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
