package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the training data looked like for one feature (or for the score), for drift checks: quantile bin edges
 * (ascending), the fraction of non-missing training rows in each bin (edges.size() + 1 bins: below the first edge,
 * between edges, above the last), the missing rate, the range seen, and, for a discrete feature (whole numbers with
 * at most {@link Baselines#MAX_CATEGORIES} distinct values), the categories seen: a value outside them is a new
 * category, counted as out of range.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureBaseline(List<Double> edges, List<Double> fractions, double missingRate, Double min, Double max,
                              long rows, List<Double> categories) {
    public FeatureBaseline {
        edges = edges == null ? List.of() : List.copyOf(edges);
        fractions = fractions == null ? List.of() : List.copyOf(fractions);
        categories = categories == null || categories.isEmpty() ? null : List.copyOf(categories);
        if (!fractions.isEmpty() && fractions.size() != edges.size() + 1) {
            throw new IllegalArgumentException("a baseline with " + edges.size() + " edges needs " + (edges.size() + 1)
                    + " bin fractions, not " + fractions.size());
        }
    }

    public FeatureBaseline(List<Double> edges, List<Double> fractions, double missingRate, Double min, Double max,
                           long rows) {
        this(edges, fractions, missingRate, min, max, rows, null);
    }

    /** True when {@code v} lies outside the training range or is a category training never saw. */
    public boolean outOfRange(double v) {
        if (min != null && v < min || max != null && v > max) {
            return true;
        }
        if (categories != null) {
            for (Double c : categories) {
                if (c == v) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Number of bins the fractions describe (at least one). */
    public int bins() {
        return Math.max(1, fractions.size());
    }
}
