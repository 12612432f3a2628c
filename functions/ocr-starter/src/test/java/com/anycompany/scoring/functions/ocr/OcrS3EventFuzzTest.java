package com.anycompany.scoring.functions.ocr;

import com.anycompany.scoring.records.Json;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.anycompany.scoring.fuzz.OddS3Keys;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.SyntheticPayStubs;
import com.anycompany.scoring.local.textract.SimulatedTextract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 18, item 7: structure-aware fuzzing of S3 upload events into the OCR starter. Each try takes
 * events/s3-put-document.json, sets the key to one built by {@link OddS3Keys} (or keeps the real pay stub's), then
 * applies the shared {@link JsonMutator}. Whatever the Lambda runtime's serializer reads as an S3Event goes through
 * the real handler, with the pay stub in S3Proxy and the simulated Textract: every record ends in exactly one of
 * started, rejected or skipped, each rejection and skip with a reason; nothing escapes.
 */
class OcrS3EventFuzzTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final PojoSerializer<S3Event> EVENTS = LambdaEventSerializers.serializerFor(S3Event.class,
            OcrS3EventFuzzTest.class.getClassLoader());
    private static final String BUCKET = "documentbucket";
    private static Path state;
    private static LocalAws aws;
    private static OcrStarterHandler handler;
    private static JsonNode valid;

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("ocr-s3-fuzz");
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        SyntheticPayStubs.PayStub stub = new SyntheticPayStubs(1).next("stub-0001", SyntheticPayStubs.Variant.CLEAN);
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key("documents/incoming/paystub/stub-0001.pdf"),
                RequestBody.fromBytes(stub.pdf()));
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("TEXTRACT_SNS_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:TextractCompletionTopic");
        env.put("TEXTRACT_ROLE_ARN", "arn:aws:iam::000000000000:role/TextractPublishRole");
        handler = FunctionEnvironment.with(env, OcrStarterHandler::new);
        try (InputStream in = OcrS3EventFuzzTest.class.getResourceAsStream("/s3-put-document.json")) {
            valid = JSON.readTree(in);
        }
    }

    @AfterContainer
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return OddS3Keys.keys("documents/incoming/paystub/", "documents/incoming/", "stub-0001");
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return JsonMutator.mutations(3);
    }

    @Property(tries = 150)
    void everyRecordIsStartedRejectedOrSkippedWithAReason(@ForAll("keys") String key, @ForAll boolean keepKey,
            @ForAll boolean mutate, @ForAll("mutations") List<Mutation> ms) {
        String text = OddS3Keys.event(valid, keepKey ? null : key, mutate, ms);
        S3Event event;
        try {
            event = EVENTS.fromJson(text);
        } catch (RuntimeException notAnS3Event) {
            return; // the Lambda runtime rejects it before any handler runs
        }
        SimulatedTextract.shared().reset();
        Map<String, Object> out = handler.handleRequest(event, new LambdaTestContext());
        int records = event == null || event.getRecords() == null ? 0 : event.getRecords().size();
        int answered = 0;
        for (String list : List.of("started", "rejected", "skipped")) {
            List<?> entries = (List<?>) out.get(list);
            answered += entries.size();
            for (Object e : entries) {
                Map<?, ?> m = (Map<?, ?>) e;
                if (!list.equals("started")) {
                    Object reason = m.get("reason");
                    assertFalse(reason == null || reason.toString().isBlank(), list + " says why: " + m);
                }
            }
        }
        assertEquals(records, answered, "one outcome per record: " + out);
    }
}
