package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the training data looked like for one feature, for drift checks: quantile bin edges (ascending), the fraction
 * of non-missing training rows in each bin (edges.size() + 1 bins: below the first edge, between edges, above the last),
 * the missing rate, and the range seen.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureBaseline(List<Double> edges, List<Double> fractions, double missingRate, Double min, Double max,
                              long rows) {
    public FeatureBaseline {
        edges = edges == null ? List.of() : List.copyOf(edges);
        fractions = fractions == null ? List.of() : List.copyOf(fractions);
    }
}
