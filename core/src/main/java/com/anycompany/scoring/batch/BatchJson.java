package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The batch transform's JSON: plans, shards, results, requests, through the shared {@link Json#MAPPER} (unknown
 * fields are ignored, so a newer plan still reads).
 */
public final class BatchJson {
    public static final ObjectMapper MAPPER = Json.MAPPER;

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
