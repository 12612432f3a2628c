package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.anycompany.scoring.batch.BatchTrigger;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.anycompany.scoring.fuzz.OddS3Keys;
import com.anycompany.scoring.local.LambdaTestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 7: structure-aware fuzzing of S3 events into the batch trigger. Each try takes
 * events/s3-batch-input.json, sets the object key to one built from odd pieces (bad and good %-escapes, '+', unicode,
 * NUL, '..', 4,000-character segments), then applies the shared {@link JsonMutator} (missing and wrong-typed fields,
 * duplicated records, nesting, encodings). Whatever the Lambda runtime's own serializer can still read as an S3Event
 * goes through the real handler: one outcome per record, each started, duplicate, ignored or rejected with a reason;
 * nothing escapes. (What the runtime cannot deserialize never reaches the handler.)
 */
class S3EventKeyFuzzTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final PojoSerializer<S3Event> EVENTS = LambdaEventSerializers.serializerFor(S3Event.class,
            S3EventKeyFuzzTest.class.getClassLoader());
    private static final JsonNode VALID = read();

    private static JsonNode read() {
        try (InputStream in = S3EventKeyFuzzTest.class.getResourceAsStream("/s3-batch-input.json")) {
            return JSON.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return OddS3Keys.keys("batch/input/attrition/", "batch/input/");
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return JsonMutator.mutations(3);
    }

    @Property(tries = 300)
    void everyRecordGetsAnOutcomeAndNothingEscapes(@ForAll("keys") String key, @ForAll boolean mutate,
            @ForAll("mutations") List<Mutation> ms) {
        String text = OddS3Keys.event(VALID, key, mutate, ms);
        S3Event event;
        try {
            event = EVENTS.fromJson(text);
        } catch (RuntimeException notAnS3Event) {
            return; // the Lambda runtime rejects it before any handler runs
        }
        BatchTriggerHandlerTest.RecordingStarter starter = new BatchTriggerHandlerTest.RecordingStarter();
        BatchTriggerHandler h = FunctionEnvironment.with(Map.of(ServingEnvironment.MODEL_VERSION, "1", "ROWS_PER_SHARD", "5000"),
                () -> new BatchTriggerHandler(starter));
        List<BatchTrigger.Outcome> out = h.handleRequest(event, new LambdaTestContext());
        int records = event == null || event.getRecords() == null ? 0 : event.getRecords().size();
        assertEquals(records, out.size(), "one outcome per record");
        for (BatchTrigger.Outcome o : out) {
            assertNotNull(o.status());
            if (o.rejected() || o.ignored()) {
                assertFalse(o.reason() == null || o.reason().isBlank(), "a rejection says why: " + o);
                assertTrue(o.reason().length() < 2_000, "a short reason");
            }
        }
        assertTrue(starter.calls.size() <= records);
    }
}
