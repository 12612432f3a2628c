package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.ScoringException;

/** The job's results are not there yet (IN_PROGRESS, or the OutputConfig pages not yet written): retry later. */
public final class ResultsNotReadyException extends ScoringException {
    public ResultsNotReadyException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
