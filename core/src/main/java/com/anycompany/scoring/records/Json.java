package com.anycompany.scoring.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The project's one {@link ObjectMapper}. Every module reads and writes JSON through {@link #MAPPER}; a caller that
 * needs other features takes a {@code MAPPER.reader(...)} or {@code MAPPER.writer(...)} (immutable, sharing the
 * mapper's caches), and only a caller that needs a mapper-wide setting a reader cannot carry (a property naming
 * strategy, stream read limits) takes {@code MAPPER.copy()}, saying why. {@code OneObjectMapperTest} fails the build
 * on any other mapper.
 *
 * <p>Configuration: Jackson's defaults, except that unknown properties are ignored, so a document written by a newer
 * version (an extra field in a plan, an alias file, a model card) still reads. Trees, numbers, dates and field order
 * are Jackson's defaults, so the bytes we write are the bytes every earlier mapper wrote.
 */
public final class Json {
    /** The shared mapper: thread-safe once configured, and never reconfigured after this class initialises. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** {@link #MAPPER}'s writer with the default pretty printer (two-space indent), for files and reports people read. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /**
     * A tree reader for untrusted input (a message body, a line of a record file) with stream read limits of its own:
     * the limits live on a parser factory of this reader's, never on the shared mapper's, so one caller's limits cannot
     * change another's.
     */
    public static Limited limited(StreamReadConstraints limits) {
        return new Limited(JsonFactory.builder().streamReadConstraints(limits).build());
    }

    /** See {@link #limited}. Thread-safe. */
    public static final class Limited {
        private final JsonFactory factory;

        private Limited(JsonFactory factory) {
            this.factory = factory;
        }

        /** As {@code MAPPER.readTree(text)}: a {@link MissingNode} for empty input, trailing content ignored. */
        public JsonNode readTree(String text) throws JsonProcessingException {
            try (JsonParser p = factory.createParser(text)) {
                JsonNode node = MAPPER.readTree(p);
                return node == null ? MissingNode.getInstance() : node;
            } catch (JsonProcessingException e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a String has no I/O to fail
            }
        }
    }
}
