package com.anycompany.scoring.model;

import com.anycompany.scoring.ScoringException;

import java.util.List;

/** A record that can never be scored as it is: quarantine it or fail this one message. Lists every problem at once. */
public final class InvalidRecordException extends ScoringException {
    private final List<String> problems;

    public InvalidRecordException(String recordLabel, List<String> problems) {
        super(recordLabel + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidRecordException(String recordLabel, String problem) {
        this(recordLabel, List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
