package com.anycompany.scoring.integration.faults;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.batch.BatchSummary;
import com.anycompany.scoring.cli.batch.AslOrchestration;
import com.anycompany.scoring.cli.batch.BatchOrchestration;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's batch guards through the real state machine (statemachine/batch-transform.asl.json run by the local ASL
 * interpreter, the three functions from template.yaml, S3Proxy): a shard that runs out of memory is
 * {@code Lambda.Unknown} and retried; an input replaced between Plan and the shards stops the run with the one-line
 * reason and no {@code _SUCCESS}; every Lambda task's Retry names {@code Lambda.Unknown} and {@code Sandbox.Timedout}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchRunGuardsTest {
    private static final Path TEMPLATE = Path.of("../template.yaml");
    private static final Path ASL = Path.of("../statemachine/batch-transform.asl.json");

    private LocalRuntime rt;
    private PrintStream previous;
    private PrintStream functionLog;
    private S3Client s3;
    private String data;
    private SyntheticWorkforce workforce;

    @BeforeAll
    void open(@TempDir Path home) throws Exception {
        previous = HandlerStdout.handlerOutput();
        rt = LocalRuntime.open(home, TEMPLATE, Map.of());
        functionLog = new PrintStream(Files.newOutputStream(home.resolve("functions.log")), true, StandardCharsets.UTF_8);
        HandlerStdout.sendHandlerOutputTo(functionLog);
        s3 = rt.aws().s3Client();
        data = rt.bucketName("DataBucket");
        workforce = new SyntheticWorkforce(13, 4, 200);
        AttritionModels.publish(new S3ModelStore(s3, rt.bucketName("ModelBucket")), workforce, "1", 2, null);
    }

    @AfterAll
    void close() {
        HandlerStdout.sendHandlerOutputTo(previous);
        functionLog.close();
        rt.close();
    }

    @AfterEach
    void clearHook() {
        FaultPoints.clear();
    }

    /** Uploads the input (every client's rows) to {@code inputKey}; returns its text. */
    private String upload(String inputKey) {
        String csv = csv();
        s3.putObject(b -> b.bucket(data).key(inputKey), RequestBody.fromString(csv));
        return csv;
    }

    private String csv() {
        StringBuilder csv = new StringBuilder(SyntheticWorkforce.csvHeader()).append('\n');
        for (SyntheticWorkforce.Client c : workforce.clients()) {
            String one = workforce.csv(c, "2026-08", 0);
            csv.append(one.substring(one.indexOf('\n') + 1));
        }
        return csv.toString();
    }

    private String request(String runId, String inputKey, String out) {
        return "{\"runId\":\"" + runId + "\",\"bucket\":\"" + data + "\",\"inputKey\":\"" + inputKey
                + "\",\"model\":\"attrition\",\"modelVersion\":\"1\",\"outputPrefix\":\"" + out + "\",\"rowsPerShard\":60}";
    }

    @Test
    void aShardThatRunsOutOfMemoryIsLambdaUnknownAndIsRetried() throws Exception {
        String inputKey = "batch/input/attrition/guards/oom.csv";
        String csv = upload(inputKey);
        AtomicInteger thrown = new AtomicInteger();
        FaultPoints.set((phase, op, request, response) -> {
            if (phase == FaultPoints.Phase.BEFORE_TRANSMISSION && request instanceof GetObjectRequest get
                    && get.key().equals(inputKey) && get.range() != null && thrown.compareAndSet(0, 1)) {
                throw new OutOfMemoryError("Java heap space (injected into the first shard read)");
            }
        });
        BatchSummary s = new AslOrchestration(rt, 2).run(request("guards-oom", inputKey,
                "batch/output/attrition/guards-oom/"), BatchOrchestration.Listener.NONE);
        assertEquals(1, thrown.get(), "the fault was injected once");
        assertEquals(csv.lines().skip(1).filter(l -> !l.isBlank()).count(), s.rows());
        assertEquals(s.rows(), s.scored() + s.quarantined(), "the retried shard reconciles");
    }

    @Test
    void anInputReplacedBetweenPlanAndTheShardsStopsTheRunInOneLineWithoutSuccess() {
        String inputKey = "batch/input/attrition/guards/replaced.csv";
        String out = "batch/output/attrition/guards-replaced/";
        String csv = upload(inputKey);
        AtomicInteger replaced = new AtomicInteger();
        FaultPoints.set((phase, op, request, response) -> {
            if (phase == FaultPoints.Phase.AFTER_EXECUTION && request instanceof PutObjectRequest put
                    && put.key().equals(out + "_manifest/plan.json") && replaced.compareAndSet(0, 1)) {
                // same length, same line breaks: only the ETag tells the new file from the planned one
                s3.putObject(b -> b.bucket(data).key(inputKey), RequestBody.fromString(csv.toUpperCase(Locale.ROOT)));
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AslOrchestration(rt, 2)
                .run(request("guards-replaced", inputKey, out), BatchOrchestration.Listener.NONE));
        assertEquals(1, replaced.get(), "the input was replaced after Plan");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains("s3://" + data + "/" + inputKey + " changed after the plan was made"),
                e.getMessage());
        assertFalse(s3.listObjectsV2(b -> b.bucket(data).prefix(out + "_SUCCESS")).hasContents(), "no _SUCCESS");
    }

    /** Every Lambda task of the deployed definition retries the out-of-memory and timeout errors. */
    @Test
    void everyLambdaTaskRetriesLambdaUnknownAndSandboxTimedout() throws Exception {
        JsonNode asl = Json.MAPPER.readTree(Files.readString(ASL));
        List<String> tasks = new ArrayList<>();
        collectTasks(asl.get("States"), tasks, asl);
        assertEquals(java.util.Set.of("Plan", "ScoreShard", "Finalize"), new java.util.HashSet<>(tasks));
    }

    private static void collectTasks(JsonNode states, List<String> tasks, JsonNode root) {
        states.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if ("Task".equals(s.path("Type").asText()) && s.path("Resource").asText().contains("lambda")) {
                List<String> retried = new ArrayList<>();
                s.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(x -> retried.add(x.asText())));
                assertTrue(retried.contains("Lambda.Unknown") && retried.contains("Sandbox.Timedout"),
                        e.getKey() + " retries " + retried);
                tasks.add(e.getKey());
            }
            if (s.has("ItemProcessor")) {
                collectTasks(s.get("ItemProcessor").get("States"), tasks, root);
            }
        });
    }
}
