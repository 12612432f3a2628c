package com.anycompany.scoring.recommendations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The answer to one request, best first: what the function returns as JSON.
 *
 * @param learnerId         the learner asked about
 * @param model             the model version that ranked the candidates
 * @param recommendations   the best {@code top} candidates, rank 1 first
 * @param excludedCompleted candidates left out because the learner completed them
 * @param missing           request fields that were missing (learner.x, candidates[i].x): answered without them
 */
@JsonPropertyOrder({"learnerId", "model", "recommendations", "excludedCompleted", "missing"})
public record Recommendations(String learnerId, ModelId model, List<Item> recommendations,
                              List<String> excludedCompleted, List<String> missing) {
    public record ModelId(String name, String version) {
    }

    /** A feature that raised the score: its value as the model saw it and its TreeSHAP contribution. */
    @JsonPropertyOrder({"feature", "value", "contribution"})
    public record Reason(String feature, Object value, float contribution) {
    }

    /**
     * One recommended course.
     *
     * @param score   the ranking model's raw score (higher ranks first; comparable within one request only)
     * @param missing this course's missing fields
     * @param index   its position in the request's candidates (not serialised)
     */
    @JsonPropertyOrder({"rank", "courseId", "score", "reasons", "missing"})
    public record Item(int rank, String courseId, float score, List<Reason> reasons, List<String> missing,
                       @JsonIgnore int index) {
        Item ranked(int r) {
            return new Item(r, courseId, score, reasons, missing, index);
        }
    }
}
