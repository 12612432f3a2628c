package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a feature's raw value is read: a number ("float" or whole "int"), or a boolean mapped to 0/1. */
public enum FeatureType {
    FLOAT, INT, BOOL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FeatureType fromJson(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "float", "q", "double", "number" -> FLOAT;
            case "int", "integer" -> INT;
            case "bool", "boolean", "i" -> BOOL;
            default -> throw new IllegalArgumentException("unknown feature type '" + s + "': use float, int or bool");
        };
    }
}
