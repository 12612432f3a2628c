package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the model's output means.
 *
 * @param kind        "probability" (binary), "class_probabilities" (multi-class), "class" (multi:softmax), "value"
 *                    (regression, counts), "margin" (raw scores, ranking)
 * @param description what the number is, in the user's words ("probability the transaction is fraudulent")
 * @param threshold   the decision threshold, where there is one: score >= threshold gives {@code positive}
 * @param positive    the decision for a score at or above the threshold (e.g. "REVIEW")
 * @param negative    the decision below it (e.g. "APPROVE")
 * @param classes     class labels for multi-class models, in output order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputSpec(String kind, String description, Double threshold, String positive, String negative,
                         List<String> classes) {
    public OutputSpec {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("the card's output has no kind");
        }
        if (threshold != null && (positive == null || negative == null)) {
            throw new IllegalArgumentException("the card's output has a threshold but no positive/negative decision names");
        }
    }

    public boolean hasThreshold() {
        return threshold != null;
    }

    public String decide(double score) {
        if (threshold == null) {
            throw new IllegalStateException("this model's card declares no decision threshold");
        }
        return score >= threshold ? positive : negative;
    }
}
