package com.anycompany.scoring.feature;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON object as a record. JSON null counts as missing. */
public record JsonRecord(JsonNode node) implements RecordView {
    public JsonRecord {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a JSON record must be an object");
        }
    }

    @Override
    public Object get(String field) {
        return value(node.get(field));
    }

    /** A JSON value as a record field: null when absent or JSON null, else a Double, String, Boolean or the node. */
    public static Object value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v;
    }
}
