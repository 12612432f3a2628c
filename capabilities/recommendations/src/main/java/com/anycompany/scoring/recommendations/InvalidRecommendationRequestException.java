package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.feature.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request that cannot be answered as sent: names every bad field at once, with what to send instead. Never
 * retryable (the same request fails the same way). Its message carries field paths and rules, never a sent value.
 */
public final class InvalidRecommendationRequestException extends IllegalArgumentException {
    private final transient List<FieldError> fields;

    public InvalidRecommendationRequestException(List<FieldError> fields) {
        super("bad recommendations request, " + fields.size() + (fields.size() == 1 ? " field" : " fields")
                + " to fix: " + fields.stream().map(f -> f.field() + ": " + f.problem())
                .collect(Collectors.joining("; ")));
        this.fields = List.copyOf(fields);
    }

    public List<FieldError> fields() {
        return fields;
    }
}
