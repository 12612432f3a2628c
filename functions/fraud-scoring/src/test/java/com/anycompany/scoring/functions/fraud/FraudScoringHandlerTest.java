package com.anycompany.scoring.functions.fraud;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.privacy.Canaries;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fraud handler, driven by the event files in events/, against real S3Proxy and ElasticMQ servers, with a model
 * trained by xgboost4j and published to the local S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FraudScoringHandlerTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "scoring-models";

    private LocalAws aws;
    private String decisionsUrl;
    private S3ModelStore store;
    private ModelCard card;

    @BeforeAll
    void startServersAndPublishModel(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        decisionsUrl = aws.ensureQueue("decisions", Map.of());
        store = new S3ModelStore(aws.s3Client(), BUCKET);
        FraudModelBuilder.Trained trained = FraudModelBuilder.train("1", 6000, 42);
        card = store.publish(trained.card(), trained.artifact(), trained.fileName());
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    @BeforeEach
    void emptyDecisions() {
        aws.sqsClient().purgeQueue(b -> b.queueUrl(decisionsUrl));
    }

    private FraudScoringHandler handler(String version, String queueUrl) {
        return handler(aws, BUCKET, version, queueUrl);
    }

    /** The handler as Lambda builds it, serving fraud@{@code version} and sending to {@code queueUrl}. */
    static FraudScoringHandler handler(LocalAws aws, String bucket, String version, String queueUrl) {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put(ServingEnvironment.MODEL_BUCKET, bucket);
        env.put("MODEL_NAME", "fraud");
        env.put(ServingEnvironment.MODEL_VERSION, version);
        env.put("DECISIONS_QUEUE_URL", queueUrl);
        return FunctionEnvironment.with(env, FraudScoringHandler::new);
    }

    private static Set<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    }

    private List<Message> drainDecisions() {
        return drain(aws.sqsClient(), decisionsUrl);
    }

    /** Every message of the queue, with its attributes, deleted as read. */
    static List<Message> drain(software.amazon.awssdk.services.sqs.SqsClient sqs, String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(got.stream().map(m ->
                    software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                            .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
    }

    @ParameterizedTest
    @Event(value = "sqs-fraud-batch.json", type = SQSEvent.class)
    void malformedMessagesFailAloneAndEveryOtherMessageGetsOneDecision(SQSEvent event) throws Exception {
        SQSBatchResponse response = handler("1", decisionsUrl).handleRequest(event, new LambdaTestContext());

        List<SQSEvent.SQSMessage> records = event.getRecords();
        // message 3 has "12,50" and no tenure; message 4 is "Hello from SQS!"
        assertEquals(Set.of(records.get(2).getMessageId(), records.get(3).getMessageId()), failedIds(response));

        List<Message> decisions = drainDecisions();
        assertEquals(4, decisions.size());
        Map<String, JsonNode> bodies = new HashMap<>();
        for (SQSEvent.SQSMessage r : records) {
            try {
                JsonNode b = JSON.readTree(r.getBody());
                if (b.hasNonNull("transactionId")) {
                    bodies.put(b.get("transactionId").asText(), b);
                }
            } catch (java.io.IOException notJson) {
                // message 4 is not JSON
            }
        }
        Map<String, JsonNode> byTx = new HashMap<>();
        for (Message m : decisions) {
            JsonNode d = JSON.readTree(m.body());
            byTx.put(d.get("transactionId").asText(), d);
            assertEquals(List.of("transactionId", "score", "decision", "model", "scoredAt", "reasons"),
                    iterable(d.fieldNames()));
            assertReasons(d.get("reasons"), bodies.get(d.get("transactionId").asText()));
            assertEquals("fraud", d.at("/model/name").asText());
            assertEquals("1", d.at("/model/version").asText());
            double score = d.get("score").asDouble();
            assertTrue(score >= 0 && score <= 1, "score is a probability: " + score);
            String expected = score >= card.output().threshold() ? "REVIEW" : "APPROVE";
            assertEquals(expected, d.get("decision").asText());
            assertTrue(m.messageAttributes().get("dedupKey").stringValue().matches("tx-[0-9a-f]{64}"),
                    "the dedup key is the transaction id's SHA-256: " + m.messageAttributes().get("dedupKey"));
        }
        assertEquals(Set.of("tx-2026-11-000001", "tx-2026-11-000002", "tx-2026-11-000005", "tx-2026-11-000006"),
                byTx.keySet());
        // the textbook fraud pattern scores far above the routine pay run
        assertTrue(byTx.get("tx-2026-11-000002").get("score").asDouble()
                > 10 * byTx.get("tx-2026-11-000001").get("score").asDouble());
        assertEquals("REVIEW", byTx.get("tx-2026-11-000002").get("decision").asText());
        assertEquals("APPROVE", byTx.get("tx-2026-11-000001").get("decision").asText());
        assertEquals(3, byTx.get("tx-2026-11-000002").get("reasons").size(), "a REVIEW decision carries 3 reasons");
    }

    /**
     * At most 3 reasons, each a card feature with the transaction's own value (bools as 1/0, missing as null) and a
     * positive SHAP contribution, largest first.
     */
    private void assertReasons(JsonNode reasons, JsonNode body) {
        assertTrue(reasons.isArray() && reasons.size() <= 3, "reasons: " + reasons);
        double previous = Double.POSITIVE_INFINITY;
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode r : reasons) {
            assertEquals(List.of("feature", "value", "contribution"), iterable(r.fieldNames()));
            String feature = r.get("feature").asText();
            assertTrue(card.featureNames().contains(feature), feature);
            assertTrue(seen.add(feature), "listed twice: " + feature);
            double contribution = r.get("contribution").asDouble();
            assertTrue(contribution > 0 && contribution <= previous, "contributions positive, descending: " + reasons);
            previous = contribution;
            JsonNode sent = body.get(feature);
            if (sent == null || sent.isNull()) {
                assertTrue(r.get("value").isNull(), feature + " was missing: " + r);
            } else {
                double want = sent.isBoolean() ? (sent.asBoolean() ? 1 : 0) : sent.asDouble();
                assertEquals((float) want, (float) r.get("value").asDouble(), feature + ": " + r);
            }
        }
    }

    @ParameterizedTest
    @Event(value = "sqs-receive-message.json", type = SQSEvent.class)
    void theSamCliSampleEventIsAClearFailureOfThatOneMessage(SQSEvent event) {
        SQSBatchResponse response = handler("1", decisionsUrl).handleRequest(event, new LambdaTestContext());
        assertEquals(Set.of("19dd0b57-b21e-4ac1-bd88-01bbb068cb78"), failedIds(response));
        assertTrue(drainDecisions().isEmpty());
    }

    @Test
    void snapStartPrimingLoadsTheModelAndRestoreReconnects() throws Exception {
        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        FraudScoringHandler handler = handler("1", decisionsUrl);
        handler.beforeCheckpoint(null);
        aws.stopS3(); // the snapshot holds the loaded model: no S3 needed after restore
        try {
            handler.afterRestore(null); // closes the snapshot's SQS client and builds a fresh one
            assertTrue(handler.handleRequest(event, new LambdaTestContext()).getBatchItemFailures().isEmpty());
            handler.afterRestore(null);
            assertTrue(handler.handleRequest(event, new LambdaTestContext()).getBatchItemFailures().isEmpty());
        } finally {
            aws.startS3();
        }
        assertEquals(2, drainDecisions().size(), "both decisions delivered through the re-created clients");

        FraudScoringHandler cold = handler("1", decisionsUrl); // without priming the model comes from S3 on demand
        aws.stopS3();
        try {
            assertEquals(1, cold.handleRequest(event, new LambdaTestContext()).getBatchItemFailures().size());
        } finally {
            aws.startS3();
        }
    }

    @Test
    void aRedeliveryYieldsTheSameDecision() throws Exception {
        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        FraudScoringHandler handler = handler("1", decisionsUrl);
        assertTrue(handler.handleRequest(event, new LambdaTestContext()).getBatchItemFailures().isEmpty());
        event.getRecords().get(0).getAttributes().put("ApproximateReceiveCount", "2");
        assertTrue(handler.handleRequest(event, new LambdaTestContext()).getBatchItemFailures().isEmpty());
        // a fresh container (new handler, model loaded again) decides the same
        assertTrue(handler("1", decisionsUrl).handleRequest(event, new LambdaTestContext()).getBatchItemFailures().isEmpty());

        List<Message> decisions = drainDecisions();
        assertEquals(3, decisions.size());
        Set<String> keys = decisions.stream().map(m -> m.messageAttributes().get("dedupKey").stringValue())
                .collect(Collectors.toSet());
        // SHA-256 of "tx-2026-11-000001", computed with Python's hashlib
        assertEquals(Set.of("tx-9c06e2ead98cd82677e6277e03bec2f8673e2be1d8621c5c55cd1e544ee683d9"), keys);
        Set<String> outcomes = new java.util.HashSet<>();
        for (Message m : decisions) {
            JsonNode d = JSON.readTree(m.body());
            outcomes.add(d.get("score").asText() + "/" + d.get("decision").asText() + "/" + d.get("model"));
        }
        assertEquals(1, outcomes.size(), "every delivery carries the same score and decision: " + outcomes);
    }

    @Test
    void aCorruptModelIsRefusedByNameAndEveryMessageIsRetriedNotLost() {
        FraudModelBuilder.Trained trained = FraudModelBuilder.train("2", 2000, 7);
        store.publish(trained.card(), trained.artifact(), trained.fileName());
        // the artifact is replaced behind the card's back by a truncated copy
        byte[] truncated = Arrays.copyOf(trained.artifact(), trained.artifact().length / 2);
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key("models/fraud/2/model.json"), RequestBody.fromBytes(truncated));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> store.fetch(ModelRef.of("fraud", "2")));
        assertTrue(e.getMessage().contains("s3://" + BUCKET + "/models/fraud/2/model.json"), e.getMessage());
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());

        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-batch.json");
        SQSBatchResponse response = handler("2", decisionsUrl).handleRequest(event, new LambdaTestContext());
        assertEquals(event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).collect(Collectors.toSet()),
                failedIds(response));
        assertTrue(drainDecisions().isEmpty());
    }

    @Test
    void aMessageIsNeverReportedSuccessfulWhenItsDecisionWasNotDelivered() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-batch.json");
        String missingQueue = aws.expectedQueueUrl("no-such-decisions-queue");
        SQSBatchResponse response = handler("1", missingQueue).handleRequest(event, new LambdaTestContext());
        assertEquals(event.getRecords().size(), response.getBatchItemFailures().size());
    }

    @Test
    void onAFifoQueueTheFirstFailureFailsTheRestOfTheBatch() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-batch.json");
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            m.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:transactions.fifo");
            m.getAttributes().put("MessageGroupId", "client-0042");
        }
        SQSBatchResponse response = handler("1", decisionsUrl).handleRequest(event, new LambdaTestContext());
        List<String> ids = event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList();
        // message 3 is the first failure: it and everything after it fail, in order
        assertEquals(Set.copyOf(ids.subList(2, ids.size())), failedIds(response));
        assertEquals(2, drainDecisions().size());
    }

    /**
     * Privacy canary: names, SSNs, IBANs and salaries planted in every field of malformed and valid transactions
     * (unquoted, behind a parenthesis, in number and boolean fields, in free-text fields) never reach a log line, an
     * EMF metric or an error message; the malformed ones still fail alone, naming the field and the problem.
     */
    @Test
    void noPlantedPersonalDataReachesALogMetricOrErrorMessage() {
        String valid = "\"clientId\": \"client-0042\", \"currency\": \"USD\", \"amount_to_avg_ratio\": 1.02, "
                + "\"employee_tenure_days\": 1460, \"hour_of_day\": 9, \"day_of_week\": 4, \"is_off_cycle\": false, "
                + "\"days_since_bank_change\": null, \"payments_last_30d\": 2, \"is_new_payee\": false, "
                + "\"manual_adjustment_pct\": 0.0";
        List<String> bodies = List.of(
                // unquoted value: Jackson's own message would quote the token
                "{\"transactionId\": \"tx-c1\", \"employeeName\": " + Canaries.NAME + ", \"amount\": 12}",
                // a value with a ')' inside, behind a valid-looking amount
                "{\"transactionId\": \"tx-c2\", \"employeeName\": \"" + Canaries.NAME_2 + "\", \"amount\": \"1,250.00 (USD) "
                        + Canaries.NAME_2 + "\", " + valid + "}",
                // personal data in every number and boolean field
                "{\"transactionId\": \"tx-c3\", \"clientId\": \"client-0042\", \"employeeName\": \"" + Canaries.NAME
                        + "\", \"employeeId\": \"" + Canaries.SSN + "\", \"currency\": \"" + Canaries.IBAN + "\", \"amount\": \""
                        + Canaries.SALARY_TEXT + "\", \"amount_to_avg_ratio\": \"" + Canaries.IBAN + "\", \"employee_tenure_days\": \""
                        + Canaries.SSN + "\", \"hour_of_day\": \"" + Canaries.NAME + "\", \"day_of_week\": \"" + Canaries.NAME_2
                        + "\", \"is_off_cycle\": \"" + Canaries.NAME + "\", \"days_since_bank_change\": " + Canaries.SALARY
                        + ", \"payments_last_30d\": \"" + Canaries.SALARY + " " + Canaries.NAME + ")\", \"is_new_payee\": \""
                        + Canaries.IBAN + "\", \"manual_adjustment_pct\": " + Canaries.SALARY + "}",
                // out of range: the salary as an amount above the maximum
                "{\"transactionId\": \"tx-c4\", \"employeeName\": \"" + Canaries.NAME + "\", \"amount\": 99" + Canaries.SALARY
                        + ", " + valid + "}",
                // valid, with personal data in every free-text field
                "{\"transactionId\": \"tx-c5\", \"employeeName\": \"" + Canaries.NAME + "\", \"employeeId\": \"" + Canaries.SSN
                        + "\", \"bankAccount\": \"" + Canaries.IBAN + "\", \"note\": \"salary " + Canaries.SALARY_TEXT
                        + "\", \"amount\": " + Canaries.SALARY + ", " + valid + "}",
                // not an object, not JSON at all
                "[\"" + Canaries.NAME + "\", " + Canaries.SALARY + "]",
                Canaries.NAME_2 + " " + Canaries.SSN);
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("canary-" + i);
            m.setBody(bodies.get(i));
            m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:transactions");
            m.setAttributes(new HashMap<>(Map.of("ApproximateReceiveCount", "1")));
            records.add(m);
        }
        event.setRecords(records);
        FraudScoringHandler h = handler("1", decisionsUrl);
        Canaries.Captured<SQSBatchResponse> run = Canaries.capture(() -> h.handleRequest(event, new LambdaTestContext()));
        assertEquals(null, run.error(), () -> String.valueOf(run.error()));
        assertEquals(Set.of("canary-0", "canary-1", "canary-2", "canary-3", "canary-5", "canary-6"),
                failedIds(run.result()), "the malformed transactions fail alone");
        assertEquals(1, drainDecisions().size(), "the valid one is scored");
        assertTrue(run.output().contains("employee_tenure_days") || run.output().contains("amount"),
                "the log names the fields: " + run.output());
        assertEquals(List.of(), Canaries.found(run.everything()), run.output());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
