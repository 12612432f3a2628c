package com.anycompany.scoring.ocr.textract;

import com.anycompany.scoring.ScoringException;

/** Textract (or the adapter's transport) failed transiently: throttled, 5xx, network. Retry. */
public final class TextractUnavailableException extends ScoringException {
    public TextractUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
