package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.HashSet;
import java.util.List;

/**
 * One input of a model, as the model card declares it.
 *
 * @param name     the field or column name a record carries it under
 * @param type     float, int or bool
 * @param required true when a record without it cannot be scored
 * @param min      smallest allowed value, inclusive (null: unbounded)
 * @param max      largest allowed value, inclusive (null: unbounded)
 * @param missing  what a missing value means when the feature is optional
 * @param impute   the value used for a missing value when {@code missing} is {@link MissingRule#IMPUTE}
 * @param baseline the training-data summary for drift checks (may be null)
 * @param categories the vocabulary of a categorical feature, index = the category code the model was trained on
 *                   (null: not categorical). A string is mapped to its index; a string outside the vocabulary to
 *                   {@code categories.size()}, a code the model never saw, which takes the branch XGBoost gives an
 *                   unseen category; a number is taken as the code itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(String name, FeatureType type, boolean required, Double min, Double max,
                          MissingRule missing, Double impute, FeatureBaseline baseline, List<String> categories) {
    @JsonCreator
    public FeatureSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a feature in the card has no name");
        }
        type = type == null ? FeatureType.FLOAT : type;
        missing = missing == null ? MissingRule.TREE_DEFAULT : missing;
        if (!required && missing == MissingRule.IMPUTE && impute == null) {
            throw new IllegalArgumentException("feature '" + name + "' says missing: impute but gives no impute value");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("feature '" + name + "' has min " + min + " > max " + max);
        }
        if (categories != null) {
            if (categories.isEmpty() || categories.size() >= 1 << 24) {
                throw new IllegalArgumentException("feature '" + name + "' needs between 1 and 2^24 - 1 categories");
            }
            if (categories.stream().anyMatch(c -> c == null) || new HashSet<>(categories).size() != categories.size()) {
                throw new IllegalArgumentException("feature '" + name + "' lists a null or repeated category");
            }
            categories = List.copyOf(categories);
        }
    }

    /** A feature without a category vocabulary. */
    public FeatureSpec(String name, FeatureType type, boolean required, Double min, Double max,
                       MissingRule missing, Double impute, FeatureBaseline baseline) {
        this(name, type, required, min, max, missing, impute, baseline, null);
    }

    public static FeatureSpec optional(String name) {
        return new FeatureSpec(name, FeatureType.FLOAT, false, null, null, MissingRule.TREE_DEFAULT, null, null);
    }

    public FeatureSpec withBaseline(FeatureBaseline b) {
        return new FeatureSpec(name, type, required, min, max, missing, impute, b, categories);
    }
}
