package com.anycompany.scoring.advisor;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the advisor's data files (prices, limits) from the class path; a missing field is an error naming it. */
final class AdvisorData {
    /**
     * A copy of the shared mapper, because the data files use snake_case names (a mapper-wide naming strategy that a
     * reader cannot carry) and a missing or null field must fail rather than default.
     */
    static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, true);

    private AdvisorData() {
    }

    static <T> T resource(String name, Class<T> type) {
        try (InputStream in = AdvisorData.class.getResourceAsStream("/advisor/" + name)) {
            if (in == null) {
                throw new IllegalStateException("advisor data file advisor/" + name + " is not on the class path");
            }
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("advisor/" + name + ": " + e.getMessage(), e);
        }
    }
}
