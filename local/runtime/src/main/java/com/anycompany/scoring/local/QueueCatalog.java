package com.anycompany.scoring.local;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The queue definitions the local runtime has created, kept in {@code queues.json}: name → SQS attributes. */
final class QueueCatalog {
    private static final ObjectMapper JSON = Json.MAPPER;

    private final Path file;
    private final Map<String, Map<String, String>> queues = new LinkedHashMap<>();

    QueueCatalog(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                Map<String, Map<String, String>> read = JSON.readValue(file.toFile(), new TypeReference<>() {
                });
                if (read != null) {
                    queues.putAll(read);
                }
            } catch (IOException e) {
                // a broken file is not worth failing the runtime over; it is rewritten on the next ensureQueue
                org.slf4j.LoggerFactory.getLogger(QueueCatalog.class)
                        .warn("ignoring unreadable {}: {}", file, e.getMessage());
            }
        }
    }

    Path file() {
        return file;
    }

    synchronized Map<String, Map<String, String>> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    }

    synchronized void put(String name, Map<String, String> attributes) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (copy.equals(queues.get(name))) {
            return;
        }
        queues.put(name, copy);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.PRETTY.writeValue(tmp.toFile(), queues);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
