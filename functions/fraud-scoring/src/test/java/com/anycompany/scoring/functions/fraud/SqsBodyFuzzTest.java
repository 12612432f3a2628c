package com.anycompany.scoring.functions.fraud;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 7: structure-aware fuzzing of SQS bodies. Each try builds a batch of 6 messages from the transaction
 * in events/sqs-fraud-transaction.json: 3 valid ones and 3 mutated by the shared {@link JsonMutator}, runs the real
 * FraudScoringHandler against ElasticMQ (decisions) and S3Proxy (a model trained by xgboost4j), and asserts: nothing
 * escapes; every valid message is decided; every mutated message is either decided or in batchItemFailures (never
 * both, never neither) with a logged reason naming the body or a field; the employee's name and amount never reach
 * the log; no message falls into the "scoring failed" catch-all of an unexpected exception.
 */
class SqsBodyFuzzTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "scoring-models";
    private static final AtomicInteger TRY = new AtomicInteger();
    private static Path state;
    private static LocalAws aws;
    private static String decisionsUrl;
    private static FraudScoringHandler handler;
    private static ObjectNode valid;
    private static Set<String> fieldNames;

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("sqs-fuzz");
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        decisionsUrl = aws.ensureQueue("decisions", Map.of());
        FraudModelBuilder.Trained trained = FraudModelBuilder.train("1", 3000, 42);
        new S3ModelStore(aws.s3Client(), BUCKET).publish(trained.card(), trained.artifact(), trained.fileName());
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put(ServingEnvironment.MODEL_BUCKET, BUCKET);
        env.put("MODEL_NAME", "fraud");
        env.put(ServingEnvironment.MODEL_VERSION, "1");
        env.put("DECISIONS_QUEUE_URL", decisionsUrl);
        handler = FunctionEnvironment.with(env, FraudScoringHandler::new);
        SQSEvent e = EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        valid = (ObjectNode) JSON.readTree(e.getRecords().get(0).getBody());
        fieldNames = new HashSet<>();
        valid.fieldNames().forEachRemaining(fieldNames::add);
    }

    @AfterContainer
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Provide
    Arbitrary<List<List<Mutation>>> batches() {
        return JsonMutator.mutations(3).list().ofSize(3);
    }

    @Property(tries = 50)
    void everyMutatedMessageIsDecidedOrFailsAloneWithAReasonNamingTheField(@ForAll("batches") List<List<Mutation>> ms)
            throws Exception {
        int t = TRY.incrementAndGet();
        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        SQSEvent.SQSMessage template = event.getRecords().get(0);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        Set<String> validIds = new HashSet<>();
        Set<String> mutatedIds = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode tx = valid.deepCopy();
            tx.put("transactionId", "tx-fuzz-" + t + "-" + i);
            String body = i % 2 == 0 ? tx.toString() : JsonMutator.mutate(tx, ms.get(i / 2));
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m-" + t + "-" + i);
            m.setBody(body);
            m.setAttributes(template.getAttributes());
            m.setMessageAttributes(template.getMessageAttributes());
            m.setEventSource(template.getEventSource());
            m.setEventSourceArn(template.getEventSourceArn());
            m.setAwsRegion(template.getAwsRegion());
            records.add(m);
            (i % 2 == 0 ? validIds : mutatedIds).add(m.getMessageId());
        }
        event.setRecords(records);

        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SQSBatchResponse response;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            response = handler.handleRequest(event, new LambdaTestContext());
        } finally {
            System.setOut(out);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));

        for (String id : validIds) {
            assertFalse(failed.contains(id), "a valid message failed: " + id + "\n" + log);
        }
        int decisions = drainDecisions().size();
        assertEquals(6 - failed.size(), decisions, "every message decided or failed, never both:\n" + log);
        for (String id : failed) {
            assertTrue(mutatedIds.contains(id), id);
            String line = log.lines().filter(l -> l.contains("rejected " + id + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no reason logged for " + id + "\n" + log));
            assertTrue(line.contains("body") || fieldNames.stream().anyMatch(f -> line.contains("'" + f + "'")),
                    "the reason names the body or a field: " + line);
        }
        assertFalse(log.contains("scoring failed for"), "an unexpected exception was caught:\n" + log);
        assertFalse(log.contains("Jane Doe") || log.contains("2450.17"), "personal data in the log:\n" + log);
    }

    private static List<Message> drainDecisions() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> got = aws.sqsClient().receiveMessage(b -> b.queueUrl(decisionsUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
            aws.sqsClient().deleteMessageBatch(b -> b.queueUrl(decisionsUrl).entries(got.stream().map(m ->
                    DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .build()).toList()));
        }
    }
}
