package com.anycompany.scoring.runtime.stepfunctions;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers: ASL fixtures from test resources, JSON literals, a sleeper that records instead of sleeping. */
final class Asl {
    static final ObjectMapper JSON = Json.MAPPER;

    private Asl() {
    }

    static String fixture(String name) {
        try (InputStream in = Asl.class.getResourceAsStream("/stepfunctions/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource stepfunctions/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON with single quotes for readability in tests. */
    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class RecordingSleeper implements Sleeper {
        final List<Duration> delays = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            delays.add(duration);
        }

        List<Double> seconds() {
            return delays.stream().map(d -> d.toNanos() / 1e9).toList();
        }
    }
}
