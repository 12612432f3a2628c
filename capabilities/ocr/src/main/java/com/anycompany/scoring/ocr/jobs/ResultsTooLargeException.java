package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.ScoringException;

/**
 * A finished job's results are over the callback's bounds ({@link ResultPages.Limits}: pages, blocks, bytes of a
 * page): reading them could exhaust the function's memory. Not retryable: the document is recorded as failed with
 * this message (split the document, or raise the bound with the function's memory).
 */
public final class ResultsTooLargeException extends ScoringException {
    public ResultsTooLargeException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
