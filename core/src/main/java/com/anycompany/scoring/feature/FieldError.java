package com.anycompany.scoring.feature;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One bad field of a request: where it is ({@code records[2].job_level}, {@code body}, {@code reasons}) and what is
 * wrong with it, in words that say what to send instead.
 */
@JsonPropertyOrder({"field", "problem"})
public record FieldError(String field, String problem) {
}
