package com.anycompany.scoring.functions.fraud;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.fraud.BatchOutcome;
import com.anycompany.scoring.fraud.FraudScoringService;
import com.anycompany.scoring.fraud.InboundMessage;
import com.anycompany.scoring.fraud.SqsDecisionSink;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import com.anycompany.scoring.rollout.StickyAssignment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fraud service resolving its model through the registry (aliases.json in the local S3): sticky challenger
 * split by employee, shadow scoring with its metrics, the bounded re-read interval, and the golden probe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FraudRegistryRoutingTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "registry-models";

    private LocalAws aws;
    private String decisionsUrl;
    private AliasStore aliases;
    private FraudModelBuilder.Trained v1;
    private FraudModelBuilder.Trained v2;

    /** Records what the core publishes (the EMF layer is Powertools'; these are the calls it receives). */
    static final class RecordingMetrics implements ScoringMetrics {
        final Map<String, Double> values = new HashMap<>();

        @Override
        public void count(String name, double value) {
            values.merge(name, value, Double::sum);
        }

        @Override
        public void millis(String name, double value) {
            values.put(name, value);
        }

        @Override
        public void value(String name, double value) {
            values.put(name, value);
        }

        @Override
        public void flush() {
        }
    }

    @BeforeAll
    void setUp(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        decisionsUrl = aws.ensureQueue("registry-decisions", Map.of());
        S3ModelStore store = new S3ModelStore(aws.s3Client(), BUCKET);
        v1 = FraudModelBuilder.train("1", 2500, 21);
        v2 = FraudModelBuilder.train("2", 2500, 22, true); // shuffled labels: scores differ from v1
        GoldenStore goldens = new GoldenStore(aws.s3Client(), BUCKET);
        for (FraudModelBuilder.Trained t : List.of(v1, v2)) {
            goldens.put(t.card().ref(), FraudModelBuilder.golden(t, 40, 5));
            store.publish(t.card(), t.artifact(), t.fileName());
        }
        aliases = new AliasStore(aws.s3Client(), BUCKET);
        aliases.write(ModelAliases.initial("fraud", "1"), Optional.empty());
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    private void setAliases(java.util.function.UnaryOperator<ModelAliases> change) {
        AliasStore.Versioned now = aliases.read("fraud").orElseThrow();
        aliases.write(change.apply(now.aliases()), Optional.of(now.etag()));
    }

    private List<InboundMessage> traffic(int n) {
        List<InboundMessage> out = new ArrayList<>();
        for (SyntheticPayroll.Tx tx : new SyntheticPayroll(77).transactions(n, "reg-")) {
            out.add(new InboundMessage("m-" + tx.id(), tx.json(), null, 1));
        }
        return out;
    }

    private Map<String, JsonNode> drain() throws Exception {
        Map<String, JsonNode> byTx = new HashMap<>();
        while (true) {
            List<Message> got = aws.sqsClient().receiveMessage(b -> b.queueUrl(decisionsUrl).maxNumberOfMessages(10))
                    .messages();
            if (got.isEmpty()) {
                return byTx;
            }
            for (Message m : got) {
                JsonNode d = JSON.readTree(m.body());
                byTx.put(d.get("transactionId").asText(), d);
                aws.sqsClient().deleteMessage(b -> b.queueUrl(decisionsUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Test
    void challengerIsStickyByEmployeeAndShadowDifferencesArePublished() throws Exception {
        setAliases(a -> a.shift("2", 30).withShadow("2"));
        Instant[] now = {Instant.parse("2026-11-25T10:00:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId z) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        AliasRouter router = new AliasRouter(aliases, "fraud", Duration.ofSeconds(60), clock);
        ModelLoader loader = new ModelLoader(new S3ModelStore(aws.s3Client(), BUCKET), Engines.named("java"));
        RecordingMetrics metrics = new RecordingMetrics();
        FraudScoringService service = new FraudScoringService(new ModelCache(loader::load), router, "employeeId",
                new SqsDecisionSink(aws.sqsClient(), decisionsUrl), metrics, clock);

        List<InboundMessage> batch = traffic(200);
        BatchOutcome outcome = service.process(batch, false);
        assertEquals(200, outcome.delivered());
        Map<String, JsonNode> decisions = drain();

        LoadedModel m1 = loader.load(ModelRef.of("fraud", "1"));
        LoadedModel m2 = loader.load(ModelRef.of("fraud", "2"));
        int toChallenger = 0;
        int flips = 0;
        double absDelta = 0;
        for (InboundMessage m : batch) {
            JsonNode tx = JSON.readTree(m.body());
            String employee = tx.get("employeeId").asText();
            boolean challenger = StickyAssignment.toChallenger("fraud", employee, 30);
            JsonNode d = decisions.get(tx.get("transactionId").asText());
            assertEquals(challenger ? "2" : "1", d.at("/model/version").asText(), "sticky by employee " + employee);
            toChallenger += challenger ? 1 : 0;
            var record = new com.anycompany.scoring.feature.JsonRecord(tx);
            float s1 = m1.score(record, "t")[0];
            float s2 = m2.score(record, "t")[0];
            float served = challenger ? s2 : s1;
            assertEquals(served, d.get("score").floatValue(), 0f);
            // the shadow is version 2: it differs from what was served only where the champion served
            absDelta += Math.abs((double) served - s2);
            String sd = m2.card().output().decide(s2);
            String vd = (challenger ? m2 : m1).card().output().decide(served);
            flips += sd.equals(vd) ? 0 : 1;
        }
        assertTrue(toChallenger > 30 && toChallenger < 90, "about 30% of 200: " + toChallenger);
        assertEquals((double) toChallenger, metrics.values.get("ChallengerServed"));
        // the shadow scores what the champion served (where version 2 itself served, there is nothing to compare)
        assertEquals(200.0 - toChallenger, metrics.values.get("ShadowScored"));
        assertEquals(absDelta / (200 - toChallenger), metrics.values.get("ShadowMeanAbsScoreDelta"), 1e-9);
        assertTrue(metrics.values.get("ShadowMeanAbsScoreDelta") > 0.001, "v2 scores differently");
        assertEquals((double) flips, metrics.values.get("ShadowDecisionFlips"));
        assertTrue(metrics.values.containsKey("ReviewRate") && metrics.values.containsKey("MeanScore"));

        // per-client canary: every transaction of one client is served version 2, whatever the employee
        String client = JSON.readTree(batch.get(0).body()).get("clientId").asText();
        setAliases(a -> a.shift("2", 0).withShadow(null).withClient(client, "2"));
        now[0] = now[0].plusSeconds(61);
        List<InboundMessage> clientBatch = new ArrayList<>();
        for (SyntheticPayroll.Tx tx : new SyntheticPayroll(78).transactions(30, "cli-")) {
            Map<String, Object> f = new java.util.LinkedHashMap<>(tx.fields());
            f.put("clientId", clientBatch.size() % 2 == 0 ? client : "client-other");
            clientBatch.add(new InboundMessage("m-" + tx.id(), JSON.writeValueAsString(f), null, 1));
        }
        assertEquals(30, service.process(clientBatch, false).delivered());
        for (JsonNode d : drain().values()) {
            int i = Integer.parseInt(d.get("transactionId").asText().substring(4));
            assertEquals(i % 2 == 0 ? "2" : "1", d.at("/model/version").asText(), d.toString());
        }
        setAliases(a -> a.withClient(client, null).shift("2", 30).withShadow("2"));

        // a promotion reaches the container only after the refresh interval
        setAliases(a -> a.promote("2").withShadow(null));
        assertEquals("1", router.primary().version(), "still within the 60 s interval");
        now[0] = now[0].plusSeconds(61);
        assertEquals("2", router.primary().version());
        assertNull(router.aliases().shadow());
        setAliases(ModelAliases::rollback);
    }

    @Test
    void theHandlerResolvesTheChampionAndAGoldenProbeSendsItsDecisionsToTheProbeQueueOnly() throws Exception {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put(ServingEnvironment.MODEL_BUCKET, BUCKET);
        env.put("MODEL_NAME", "fraud");
        env.put(ServingEnvironment.MODEL_VERSION, "champion");
        env.put("DECISIONS_QUEUE_URL", decisionsUrl);
        String probeQueue = aws.ensureQueue("registry-probe-decisions", Map.of());
        env.put("PROBE_DECISIONS_QUEUE_URL", probeQueue);
        FraudScoringHandler handler = FunctionEnvironment.with(env, FraudScoringHandler::new);
        SQSEvent real = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadSQSEvent("sqs-fraud-transaction.json");
        assertTrue(FunctionEnvironment.with(env, () -> handler.handleRequest(real, new LambdaTestContext()))
                .getBatchItemFailures().isEmpty());
        Map<String, JsonNode> served = drain();
        assertEquals(1, served.size());
        assertEquals("1", served.values().iterator().next().at("/model/version").asText(), "the champion serves");

        GoldenSet golden = new GoldenStore(aws.s3Client(), BUCKET).get(ModelRef.of("fraud", "2"));
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < golden.size(); i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("golden-" + i);
            m.setEventSource(FraudScoringHandler.PROBE_EVENT_SOURCE);
            m.setBody(JSON.writeValueAsString(golden.json(i, Map.of("transactionId", "golden-" + i))));
            SQSEvent.MessageAttribute v = new SQSEvent.MessageAttribute();
            v.setStringValue("2");
            v.setDataType("String");
            m.setMessageAttributes(Map.of("modelVersion", v));
            records.add(m);
        }
        event.setRecords(records);
        FraudBatchResponse response = FunctionEnvironment.with(env, () -> handler.handleRequest(event, new LambdaTestContext()));
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals("2", response.getProbe().get("version"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) response.getProbe().get("results");
        List<GoldenGate.Observation> observed = new ArrayList<>();
        for (Map<String, Object> r : results) {
            @SuppressWarnings("unchecked")
            List<Float> outs = (List<Float>) r.get("outputs");
            float[] y = new float[outs.size()];
            for (int k = 0; k < y.length; k++) {
                y[k] = outs.get(k);
            }
            observed.add(GoldenGate.Observation.ok((Integer) r.get("row"), y, (Double) r.get("millis")));
        }
        assertTrue(new GoldenGate(0, 1000).decide(golden, observed).passed());
        assertTrue(drain().isEmpty(), "a probe sends no decision to the decisions queue");
        assertEquals(golden.size(), aws.queueDepth(probeQueue).visible(), "the probe sent every decision it made");

        // a version whose send path is broken (here: a probe queue that does not exist) fails every probe row
        env.put("PROBE_DECISIONS_QUEUE_URL", aws.expectedQueueUrl("no-such-probe-queue"));
        FraudScoringHandler broken = FunctionEnvironment.with(env, FraudScoringHandler::new);
        FraudBatchResponse failed = FunctionEnvironment.with(env, () -> broken.handleRequest(event,
                new LambdaTestContext()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) failed.getProbe().get("results");
        assertEquals(golden.size(), rows.size());
        assertTrue(rows.stream().allMatch(r -> String.valueOf(r.get("error")).contains("not delivered to the probe "
                + "queue")), () -> "rows: " + rows);
    }
}
