package com.anycompany.scoring.batch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The batch transform's JSON: plans, shards, results, requests. Unknown fields are ignored (forward compatible). */
public final class BatchJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private BatchJson() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new BatchInputException(what + " is not valid JSON for " + type.getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** Converts a parsed JSON tree or map (a handler's input) into a record. */
    public static <T> T convert(Object value, Class<T> type, String what) {
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            Throwable c = e.getCause();
            if (c instanceof BatchInputException bie) {
                throw bie;
            }
            if (c != null && c.getCause() instanceof BatchInputException bie) {
                throw bie;
            }
            throw new BatchInputException(what + " is not a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
