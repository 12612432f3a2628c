package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a missing value (absent field, null, empty CSV cell) means for an optional feature.
 * <ul>
 *   <li>{@code TREE_DEFAULT}: pass it to the model as missing; each split's learned default direction decides
 *       (XGBoost's native handling, what the model saw in training for missing values);</li>
 *   <li>{@code IMPUTE}: replace it with the card's {@code impute} value.</li>
 * </ul>
 * A required feature has no rule: missing is an error in the record.
 */
public enum MissingRule {
    TREE_DEFAULT, IMPUTE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MissingRule fromJson(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "tree_default", "nan", "missing" -> TREE_DEFAULT;
            case "impute" -> IMPUTE;
            default -> throw new IllegalArgumentException("unknown missing rule '" + s + "': use tree_default or impute");
        };
    }
}
