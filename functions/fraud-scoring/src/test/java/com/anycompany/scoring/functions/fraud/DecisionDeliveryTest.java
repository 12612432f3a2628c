package com.anycompany.scoring.functions.fraud;

import com.anycompany.scoring.records.Json;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.fraud.BatchOutcome;
import com.anycompany.scoring.fraud.FraudScoringService;
import com.anycompany.scoring.fraud.InboundMessage;
import com.anycompany.scoring.fraud.SqsDecisionSink;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.faults.SqsSendFaults;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.ModelRouter;
import com.anycompany.scoring.rollout.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decision identity (one decision per transaction across versions and redeliveries, FIFO ids in SQS's alphabet and
 * length, byte-identical copies) and the send path (only {@code Successful} entries count, sender faults are poison,
 * throttles are retried within the invocation's remaining time, no model load without the time to finish it), against
 * real ElasticMQ and S3Proxy servers. Answers ElasticMQ never gives (throttles, sender faults, unconfirmed entries)
 * come from {@link SqsSendFaults}, a named adapter in front of the real client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionDeliveryTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "scoring-models";
    /** SQS SendMessage: MessageDeduplicationId / MessageGroupId are 1-128 alphanumeric or punctuation characters. */
    private static final String SQS_ID = "[\\p{Alnum}\\p{Punct}]{1,128}";

    private LocalAws aws;
    private final AtomicInteger queues = new AtomicInteger();

    @BeforeAll
    void start(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        S3ModelStore store = new S3ModelStore(aws.s3Client(), BUCKET);
        for (FraudModelBuilder.Trained t : List.of(FraudModelBuilder.train("1", 2500, 42),
                FraudModelBuilder.train("2", 2500, 43, true))) {
            store.publish(t.card(), t.artifact(), t.fileName());
        }
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    private String queue(boolean fifo) {
        String name = "decisions-" + queues.incrementAndGet() + (fifo ? ".fifo" : "");
        return aws.ensureQueue(name, Map.of());
    }

    private FraudScoringHandler handler(String version, String queueUrl) {
        return FraudScoringHandlerTest.handler(aws, BUCKET, version, queueUrl);
    }

    private List<Message> drain(String url) {
        return FraudScoringHandlerTest.drain(aws.sqsClient(), url);
    }

    /** The sample transaction event, on a FIFO transactions queue, with these transaction ids (one message each). */
    private static SQSEvent fifoEvent(String... transactionIds) throws Exception {
        SQSEvent template = EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        SQSEvent.SQSMessage sample = template.getRecords().get(0);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < transactionIds.length; i++) {
            ObjectNode body = (ObjectNode) JSON.readTree(sample.getBody());
            body.put("transactionId", transactionIds[i]);
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m-" + i);
            m.setBody(JSON.writeValueAsString(body));
            Map<String, String> attributes = new HashMap<>(sample.getAttributes());
            attributes.put("MessageGroupId", "client-0042");
            m.setAttributes(attributes);
            m.setEventSource("aws:sqs");
            m.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:transactions.fifo");
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    // ---- 2. decision identity -----------------------------------------------------------------------------------

    @Test
    void aRedeliveryAfterARollbackYieldsExactlyOneDecisionOnAFifoDecisionsQueue() throws Exception {
        String decisions = queue(true);
        SQSEvent event = fifoEvent("tx-2026-11-000001");
        // the canary (version 2) decides; its send succeeds but the invocation is rolled back before the delete
        assertTrue(handler("2", decisions).handleRequest(event, new LambdaTestContext()).getBatchItemFailures()
                .isEmpty());
        // SQS redelivers the message to the restored version 1
        event.getRecords().get(0).getAttributes().put("ApproximateReceiveCount", "2");
        assertTrue(handler("1", decisions).handleRequest(event, new LambdaTestContext()).getBatchItemFailures()
                .isEmpty());
        List<Message> got = drain(decisions);
        assertEquals(1, got.size(), "one decision for one transaction across versions");
        assertEquals("2", JSON.readTree(got.get(0).body()).at("/model/version").asText(), "the first copy stands");
    }

    @Test
    void fifoIdsAreHashedIntoSqsAlphabetAndLengthSoNoTransactionIsLostOrRefused() throws Exception {
        String decisions = queue(true);
        String base = "x".repeat(120);
        // two ids that differ only past character 120, and one with characters SQS refuses in a deduplication id
        String[] ids = {base + "00000001", base + "00000002", "tx 2026/11 \u00fc\u00e9 #7"};
        SQSBatchResponse response = handler("1", decisions).handleRequest(fifoEvent(ids), new LambdaTestContext());
        assertTrue(response.getBatchItemFailures().isEmpty(), () -> "failed: " + response.getBatchItemFailures());
        List<Message> got = drain(decisions);
        Set<String> decided = new java.util.HashSet<>();
        for (Message m : got) {
            decided.add(JSON.readTree(m.body()).get("transactionId").asText());
            String key = m.messageAttributes().get("dedupKey").stringValue();
            assertTrue(key.matches(SQS_ID), "dedup key in SQS's alphabet and length: " + key);
        }
        assertEquals(Set.of(ids), decided, "every transaction decided once, none lost to a collision");
    }

    @Test
    void copiesOfOneDecisionAreByteIdentical() throws Exception {
        String decisions = queue(false);
        SQSEvent event = EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        assertTrue(handler("1", decisions).handleRequest(event, new LambdaTestContext()).getBatchItemFailures()
                .isEmpty());
        Thread.sleep(5); // a later scoring, by a fresh container
        event.getRecords().get(0).getAttributes().put("ApproximateReceiveCount", "2");
        assertTrue(handler("1", decisions).handleRequest(event, new LambdaTestContext()).getBatchItemFailures()
                .isEmpty());
        List<Message> got = drain(decisions);
        assertEquals(2, got.size(), "a standard queue keeps both copies");
        assertEquals(got.get(0).body(), got.get(1).body());
        // SentTimestamp 1764057600000 ms is 2025-11-25 08:00:00 UTC (Python's datetime)
        assertEquals("2025-11-25T08:00:00Z", JSON.readTree(got.get(0).body()).get("scoredAt").asText());
    }

    // ---- 3. sends and time --------------------------------------------------------------------------------------

    private record Run(FraudScoringService service, ModelCache cache, SqsSendFaults faults,
                       FraudRegistryRoutingTest.RecordingMetrics metrics) {
    }

    private Run service(String decisions, SqsSendFaults.Plan plan, ModelRouter router) {
        ModelCache cache = new ModelCache(new ModelLoader(new S3ModelStore(aws.s3Client(), BUCKET),
                Engines.named("java"))::load);
        SqsSendFaults faults = new SqsSendFaults(aws.sqsClient(), plan);
        var metrics = new FraudRegistryRoutingTest.RecordingMetrics();
        FraudScoringService service = new FraudScoringService(cache, router, "employeeId",
                new SqsDecisionSink(faults, decisions), metrics, Clock.systemUTC());
        return new Run(service, cache, faults, metrics);
    }

    private static List<InboundMessage> batch(int n, String employeeOfFirst) throws Exception {
        ObjectNode sample = (ObjectNode) JSON.readTree(EventLoader.loadSQSEvent("sqs-fraud-transaction.json")
                .getRecords().get(0).getBody());
        List<InboundMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode b = sample.deepCopy();
            b.put("transactionId", "tx-" + i);
            if (i == 0 && employeeOfFirst != null) {
                b.put("employeeId", employeeOfFirst);
            }
            out.add(new InboundMessage("m-" + i, JSON.writeValueAsString(b), null, 1));
        }
        return out;
    }

    private static boolean isTx(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry e, String tx) {
        return e.messageBody().contains("\"transactionId\":\"" + tx + "\"");
    }

    private Set<String> decidedTransactions(String url) throws Exception {
        Set<String> out = new java.util.HashSet<>();
        for (Message m : drain(url)) {
            out.add(JSON.readTree(m.body()).get("transactionId").asText());
        }
        return out;
    }

    private static final LongSupplier PLENTY = () -> 30_000;
    private static final ModelRouter V1 = ModelRouter.fixed(ModelRef.of("fraud", "1"));

    @Test
    void eachBatchReportsItsTimeInScoringAndInReasonsWithinItsDuration() throws Exception {
        Run run = service(queue(false), (call, e) -> null, V1);
        BatchOutcome outcome = run.service().process(batch(10, null), false, PLENTY);
        assertEquals(10, outcome.delivered());
        Map<String, Double> m = run.metrics().values;
        double scoring = m.get("BatchScoringTime");
        double reasons = m.get("BatchReasonsTime");
        assertTrue(scoring > 0 && reasons > 0, m.toString());
        assertTrue(scoring + reasons <= m.get("BatchDuration"), "parts of the batch's own time: " + m);
    }

    @Test
    void onlyAnEntryListedInSuccessfulCountsAsDelivered() throws Exception {
        String decisions = queue(false);
        Run run = service(decisions, (call, e) -> isTx(e, "tx-1") ? SqsSendFaults.Fault.UNCONFIRMED : null, V1);
        run.service().warmUp();
        BatchOutcome outcome = run.service().process(batch(3, null), false, () -> 2_000);
        assertEquals(List.of("m-1"), outcome.failedMessageIds());
        assertTrue(outcome.failures().get(0).retryable());
        assertEquals(2, outcome.delivered());
        assertEquals(Set.of("tx-0", "tx-2"), decidedTransactions(decisions));
    }

    @Test
    void aSenderFaultIsPoisonThatFailsItsMessageAloneByNameAndIsNotSentAgain() throws Exception {
        String decisions = queue(false);
        Run run = service(decisions, (call, e) -> isTx(e, "tx-2") ? SqsSendFaults.Fault.SENDER_FAULT : null, V1);
        BatchOutcome outcome = run.service().process(batch(4, null), false, PLENTY);
        assertEquals(List.of("m-2"), outcome.failedMessageIds());
        BatchOutcome.Failure f = outcome.failures().get(0);
        assertFalse(f.retryable(), "a sender fault is poison");
        assertTrue(f.reason().contains("tx-2") && f.reason().contains(SqsSendFaults.SENDER_FAULT_CODE), f.reason());
        assertEquals(1, run.faults().calls(), "the refused entry is not sent again");
        assertEquals(0.25, run.metrics().values.get("FailureRatio"), 1e-9, "1 of 4 failed: the rollback metric");
        assertEquals(Set.of("tx-0", "tx-1", "tx-3"), decidedTransactions(decisions));
    }

    @Test
    void throttlesAreRetriedWithinTheRemainingTimeAndOnlyThen() throws Exception {
        String decisions = queue(false);
        Run run = service(decisions, (call, e) -> call <= 2 ? SqsSendFaults.Fault.THROTTLE : null, V1);
        BatchOutcome outcome = run.service().process(batch(12, null), false, PLENTY);
        assertTrue(outcome.failures().isEmpty(), () -> "failed: " + outcome.failures());
        assertEquals(12, outcome.delivered());
        assertEquals(12, decidedTransactions(decisions).size());

        // with barely more than the send reserve left, a throttled batch is not re-sent: its messages are retried
        Run late = service(decisions, (call, e) -> SqsSendFaults.Fault.THROTTLE, V1);
        late.service().warmUp();
        BatchOutcome failed = late.service().process(batch(3, null), false,
                () -> SqsDecisionSink.SEND_RESERVE_MILLIS + 10);
        assertEquals(3, failed.failures().size());
        assertTrue(failed.failures().stream().allMatch(BatchOutcome.Failure::retryable));
        assertEquals(1, late.faults().calls());
    }

    @Test
    void noModelLoadStartsWithoutTheTimeToFinishItAndDecidedMessagesAreNotFailed() throws Exception {
        String decisions = queue(false);
        long tooLittle = FraudScoringService.DEFAULT_LOAD_RESERVE_MILLIS;
        Run cold = service(decisions, (call, e) -> null, V1);
        BatchOutcome none = cold.service().process(batch(3, null), false, () -> tooLittle);
        assertEquals(3, none.failures().size());
        assertTrue(none.failures().stream().allMatch(f -> f.retryable() && f.reason().contains("ms are left")),
                () -> none.failures().toString());
        assertFalse(cold.cache().isLoaded(ModelRef.of("fraud", "1")), "no load was started");
        assertEquals(1.0, cold.metrics().values.get("FailureRatio"), 1e-9, "published when nothing was decided");

        // the champion is loaded; the first transaction is routed to a challenger that is not
        ModelRef v2 = ModelRef.of("fraud", "2");
        ModelRouter challengerForOne = new ModelRouter() {
            @Override
            public ModelRef primary() {
                return V1.primary();
            }

            @Override
            public Route route(String entityId, String clientId) {
                return "emp-challenger".equals(entityId) ? new Route(v2, "challenger", null)
                        : new Route(V1.primary(), "champion", null);
            }
        };
        Run warm = service(decisions, (call, e) -> null, challengerForOne);
        warm.service().warmUp();
        BatchOutcome some = warm.service().process(batch(4, "emp-challenger"), false, () -> tooLittle);
        assertEquals(List.of("m-0"), some.failedMessageIds(), "only the message needing the load fails");
        assertTrue(some.failures().get(0).retryable());
        assertEquals(3, some.delivered());
        assertFalse(warm.cache().isLoaded(v2));
        assertEquals(Set.of("tx-1", "tx-2", "tx-3"), decidedTransactions(decisions));
    }
}
