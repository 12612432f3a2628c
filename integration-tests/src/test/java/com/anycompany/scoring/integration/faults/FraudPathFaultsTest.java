package com.anycompany.scoring.integration.faults;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.cli.ScoringCli;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.SqsEventSourcePoller;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the fraud path, each injected into a real local server while transactions flow through ElasticMQ, the
 * event-source poller and FraudScoringHandler (registry routing, as deployed with FraudModelVersion=champion), then
 * recovered. Every test ends with the same reconciliation: every transaction sent has a delivered decision, none is
 * in the dead-letter queue, and copies of a decision (at-least-once delivery) carry the same dedupKey and content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FraudPathFaultsTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Path TEMPLATE = Path.of("../template.yaml");
    private static final Map<String, String> OVERRIDES = Map.of("FraudModelVersion", "champion");
    private static final String FUNCTION = "FraudScoringFunction";

    private Path home;
    private String modelBucket;
    private FraudModelBuilder.Trained v2;
    private int batchNo;

    @BeforeAll
    void publishChampion(@TempDir Path dir) {
        home = dir;
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, OVERRIDES)) {
            modelBucket = rt.bucketName("ModelBucket");
            S3ModelStore store = new S3ModelStore(rt.aws().s3Client(), modelBucket);
            for (String v : List.of("1", "2")) {
                FraudModelBuilder.Trained t = FraudModelBuilder.train(v, 3000, 42 + Integer.parseInt(v));
                new GoldenStore(rt.aws().s3Client(), modelBucket).put(t.card().ref(),
                        FraudModelBuilder.golden(t, 100, 7));
                store.publish(t.card(), t.artifact(), t.fileName());
                if (v.equals("2")) {
                    v2 = t;
                }
            }
            new AliasStore(rt.aws().s3Client(), modelBucket).write(ModelAliases.initial("fraud", "1")
                    .stamped(Instant.now().toString(), "test"), Optional.empty());
        }
    }

    @AfterEach
    void clearHook() {
        FaultPoints.clear();
    }

    // ---- S3Proxy stopped during a model load -------------------------------------------------------------------

    @Test
    void s3ProxyStoppedDuringTheModelLoadFailsTheBatchForRetryAndNothingIsLost() throws Exception {
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, OVERRIDES); Quiet q = new Quiet(home)) {
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger injected = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
            FaultPoints.set((phase, op, request, response) -> {
                if (phase != FaultPoints.Phase.BEFORE_TRANSMISSION || !(request instanceof GetObjectRequest get)
                        || !get.key().startsWith("models/fraud/1/")) {
                    return;
                }
                if (!get.key().endsWith("card.json") && injected.getAndIncrement() == 0) {
                    // the card was read; the artifact request is about to go out: S3Proxy goes down for 1.5 s
                    long t0 = System.nanoTime();
                    rt.aws().stopS3();
                    down.set(true);
                    System.err.printf("fault: S3Proxy stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                    restartLater(() -> {
                        rt.aws().startS3();
                        down.set(false);
                    }, 1500);
                }
                if (down.get()) {
                    refused.incrementAndGet();
                }
            });
            Set<String> sent = send(rt, 60);
            SqsEventSourcePoller.Stats stats = drain(rt);
            FaultPoints.clear();
            assertTrue(injected.get() > 0 && refused.get() > 0, "the artifact GET met a stopped S3Proxy");
            assertTrue(stats.messagesFailed() >= 10, "the batch whose model load failed was not acknowledged: "
                    + stats);
            Tally t = reconcile(rt, sent);
            System.out.printf("fault S3Proxy stopped during model load: %d sent, %d decided, %d failed deliveries "
                            + "retried, %d dead-lettered, 0 lost, %d duplicate copies (same dedupKey)%n", sent.size(),
                    t.distinct, stats.messagesFailed(), t.deadLettered, t.copies - t.distinct);
        }
    }

    // ---- ElasticMQ restarted during a decision SendMessageBatch --------------------------------------------------

    @Test
    void elasticMqRestartedDuringDecisionSendsLosesNoDecisionAndCopiesShareTheirDedupKey() throws Exception {
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, OVERRIDES); Quiet q = new Quiet(home)) {
            String decisions = rt.queueUrl("DecisionsQueue");
            AtomicInteger sends = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger restarts = new AtomicInteger();
            FaultPoints.set((phase, op, request, response) -> {
                if (!(request instanceof SendMessageBatchRequest batch) || !batch.queueUrl().equals(decisions)) {
                    return;
                }
                if (phase == FaultPoints.Phase.BEFORE_TRANSMISSION && sends.incrementAndGet() == 2) {
                    // down before the request is sent: every SDK attempt is refused until it is back
                    restarts.incrementAndGet();
                    rt.aws().stopSqs();
                    restartLater(() -> rt.aws().startSqs(), 1500);
                }
                if (phase == FaultPoints.Phase.AFTER_TRANSMISSION && answered.incrementAndGet() == 4) {
                    // ElasticMQ committed the decisions, then restarts before the response is read: the sender
                    // cannot know they were enqueued (a connection reset after commit)
                    restarts.incrementAndGet();
                    rt.aws().stopSqs();
                    rt.aws().startSqs();
                    throw SdkClientException.create("connection reset: ElasticMQ restarted before its response to "
                            + "SendMessageBatch was read (injected)");
                }
            });
            Set<String> sent = send(rt, 80);
            SqsEventSourcePoller.Stats stats = drain(rt);
            FaultPoints.clear();
            assertEquals(2, restarts.get(), "both restarts happened");
            Tally t = reconcile(rt, sent);
            assertTrue(t.copies > t.distinct, "the decisions committed before the lost response were sent again");
            System.out.printf("fault ElasticMQ restarted during SendMessageBatch (x2): %d sent, %d decided, %d "
                            + "messages failed and redelivered, %d dead-lettered, 0 lost, %d duplicate copies, all "
                            + "with the same dedupKey and decision%n", sent.size(), t.distinct,
                    stats.messagesFailed(), t.deadLettered, t.copies - t.distinct);
        }
    }

    // ---- a corrupt model published as a new version ------------------------------------------------------------

    @Test
    void aCorruptVersionIsRefusedAtLoadAndTheChampionKeepsServing() throws Exception {
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, OVERRIDES); Quiet q = new Quiet(home)) {
            var s3 = rt.aws().s3Client();
            S3ModelStore store = new S3ModelStore(s3, modelBucket);
            // version 3: its artifact cut in half, published as is (the card's SHA-256 is of the broken bytes)
            FraudModelBuilder.Trained t3 = FraudModelBuilder.train("3", 3000, 45);
            new GoldenStore(s3, modelBucket).put(t3.card().ref(), FraudModelBuilder.golden(t3, 100, 7));
            byte[] half = java.util.Arrays.copyOf(t3.artifact(), t3.artifact().length / 2);
            store.publish(t3.card(), half, t3.fileName());

            StringWriter err = new StringWriter();
            int code = cli(err, "models", "promote", "--name", "fraud", "--version", "3");
            assertNotEquals(0, code, "promoting a version that cannot load is refused");
            System.err.println("promote fraud@3 -> exit " + code + ": " + err);
            assertTrue(err.toString().contains("models/fraud/3/") && err.toString().contains("truncated"),
                    "the refusal names the artifact and what is wrong with it; exit " + code + ": " + err);
            assertEquals("1", new AliasStore(s3, modelBucket).read("fraud").orElseThrow().aliases().champion());

            // version 2 passed its golden set and takes half the traffic; then its artifact is damaged at rest
            assertEquals(0, cli(new StringWriter(), "models", "shift", "--name", "fraud", "--version", "2", "--to",
                    "50"));
            String key = "models/fraud/2/" + v2.fileName();
            byte[] tampered = v2.artifact().clone();
            tampered[tampered.length / 3] ^= 0x20;
            s3.putObject(b -> b.bucket(modelBucket).key(key), RequestBody.fromBytes(tampered));

            Set<String> sent = send(rt, 60);
            SqsEventSourcePoller.Stats stats = drain(rt);
            Tally t = reconcile(rt, sent);
            assertEquals(0, stats.messagesFailed(), "no message failed: the champion answered for version 2");
            assertEquals(Set.of("1"), t.versions, "every decision by the champion");
            System.out.printf("fault corrupt versions: fraud@3 (truncated) refused by promote (exit %d); fraud@2 "
                            + "(tampered after the gate, 50%% challenger) refused at load: %d sent, %d decided by "
                            + "fraud@1, 0 failed, %d dead-lettered, 0 lost%n", code, sent.size(), t.distinct,
                    t.deadLettered);
            AliasStore aliases = new AliasStore(s3, modelBucket);
            aliases.write(ModelAliases.initial("fraud", "1").stamped(Instant.now().toString(), "test"),
                    Optional.of(aliases.read("fraud").orElseThrow().etag()));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private int cli(StringWriter err, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString(), "--template", TEMPLATE.toString()));
        PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cmd = ScoringCli.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            cmd.setOut(new PrintWriter(new StringWriter(), true));
            return cmd.execute(all.toArray(String[]::new));
        } finally {
            System.setErr(stderr);
            err.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    private Set<String> send(LocalRuntime rt, int n) {
        SqsClient sqs = rt.aws().sqsClient();
        for (String q : List.of("TransactionsQueue", "TransactionsDeadLetterQueue", "DecisionsQueue")) {
            sqs.purgeQueue(b -> b.queueUrl(rt.queueUrl(q)));
        }
        String queue = rt.queueUrl("TransactionsQueue");
        SyntheticPayroll traffic = new SyntheticPayroll(100 + batchNo);
        Set<String> ids = new LinkedHashSet<>();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("tx-fault-%d-%05d", batchNo, i);
            ids.add(id);
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size()))
                    .messageBody(traffic.next(id).json()).build());
            if (batch.size() == 10 || i == n - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                assertTrue(sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries)).failed().isEmpty());
                batch.clear();
            }
        }
        batchNo++;
        return ids;
    }

    private static SqsEventSourcePoller.Stats drain(LocalRuntime rt) {
        try (SqsEventSourcePoller poller = rt.poller(FUNCTION).concurrency(2)
                .visibilityTimeout(Duration.ofSeconds(4)).build()) {
            return poller.drainUntilEmpty(Duration.ofSeconds(20));
        }
    }

    private record Tally(long distinct, long copies, long deadLettered, Set<String> versions) {
    }

    /** Reads the decisions and the DLQ back; asserts every transaction decided, none lost, copies identical. */
    private static Tally reconcile(LocalRuntime rt, Set<String> sent) throws Exception {
        SqsClient sqs = rt.aws().sqsClient();
        Map<String, JsonNode> first = new HashMap<>();
        Map<String, String> dedupKeys = new HashMap<>();
        Set<String> versions = new java.util.TreeSet<>();
        long copies = 0;
        String decisions = rt.queueUrl("DecisionsQueue");
        for (List<Message> got = receive(sqs, decisions); !got.isEmpty(); got = receive(sqs, decisions)) {
            for (Message m : got) {
                copies++;
                JsonNode d = JSON.readTree(m.body());
                String tx = d.get("transactionId").asText();
                String key = m.messageAttributes().get("dedupKey").stringValue();
                versions.add(d.at("/model/version").asText());
                JsonNode earlier = first.putIfAbsent(tx, d);
                String earlierKey = dedupKeys.putIfAbsent(tx, key);
                if (earlier != null) {
                    assertEquals(earlierKey, key, "copies of a decision share their dedupKey");
                    assertEquals(earlier.get("score"), d.get("score"), "copies carry the same score");
                    assertEquals(earlier.get("decision"), d.get("decision"));
                }
            }
            List<DeleteMessageBatchRequestEntry> del = got.stream().map(m -> DeleteMessageBatchRequestEntry.builder()
                    .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList();
            sqs.deleteMessageBatch(b -> b.queueUrl(decisions).entries(del));
        }
        long dead = rt.aws().queueDepth(rt.queueUrl("TransactionsDeadLetterQueue")).total();
        assertEquals(sent, first.keySet(), "every transaction has a delivered decision, and only those");
        assertEquals(0, dead, "nothing dead-lettered");
        assertTrue(rt.aws().queueDepth(rt.queueUrl("TransactionsQueue")).isEmpty(), "the queue is drained");
        return new Tally(first.size(), copies, dead, versions);
    }

    private static List<Message> receive(SqsClient sqs, String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)
                .messageAttributeNames("All").waitTimeSeconds(0)).messages();
    }

    private static void restartLater(Runnable start, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                start.run();
                System.err.println("fault-restart: server started again");
            } catch (RuntimeException e) {
                System.err.println("fault-restart: could not start the server again: " + e);
                e.printStackTrace();
            }
        }, "fault-restart");
        t.setDaemon(true);
        t.start();
    }

    /** Function logs to a file (read back by the tests) instead of the test output. */
    private static final class Quiet implements AutoCloseable {
        private final PrintStream previous = HandlerStdout.handlerOutput();
        private final PrintStream log;

        Quiet(Path home) throws java.io.IOException {
            log = new PrintStream(Files.newOutputStream(home.resolve("faults-functions.log")), true,
                    StandardCharsets.UTF_8);
            HandlerStdout.sendHandlerOutputTo(log);
        }

        @Override
        public void close() {
            HandlerStdout.sendHandlerOutputTo(previous);
            log.close();
        }
    }
}
