package com.anycompany.scoring.integration.faults;

import com.anycompany.scoring.batch.BatchSummary;
import com.anycompany.scoring.cli.batch.AslOrchestration;
import com.anycompany.scoring.cli.batch.BatchOrchestration;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.S3ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault: S3Proxy is stopped in the middle of a batch shard, right after the shard's part file was written and before
 * its quarantine file and result, and started again 1.5 s later. The shard fails with the retryable
 * BatchStorageUnavailableException, the state machine's Retry runs it again, and the retry writes exactly the same
 * part (same ETag: same bytes at the same key); the run reconciles with every row once.
 */
class BatchShardS3FaultTest {
    private static final Path TEMPLATE = Path.of("../template.yaml");

    @TempDir
    Path home;

    @AfterEach
    void clearHook() {
        FaultPoints.clear();
    }

    @Test
    void s3StoppedBetweenAShardsWritesTheRetryRewritesTheSameOutputAndTheRunReconciles() throws Exception {
        PrintStream previous = HandlerStdout.handlerOutput();
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of());
             PrintStream functionLog = new PrintStream(Files.newOutputStream(home.resolve("functions.log")), true,
                     StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(functionLog);
            S3Client s3 = rt.aws().s3Client();
            String data = rt.bucketName("DataBucket");
            SyntheticWorkforce workforce = new SyntheticWorkforce(11, 6, 360);
            AttritionModels.publish(new S3ModelStore(s3, rt.bucketName("ModelBucket")), workforce, "1", 2, null);
            StringBuilder csv = new StringBuilder(SyntheticWorkforce.csvHeader()).append('\n');
            for (SyntheticWorkforce.Client c : workforce.clients()) {
                String one = workforce.csv(c, "2026-03", 0.02);
                csv.append(one.substring(one.indexOf('\n') + 1));
            }
            long inputRows = csv.toString().lines().skip(1).filter(l -> !l.isBlank()).count();
            String inputKey = "batch/input/attrition/fault/all.csv";
            s3.putObject(b -> b.bucket(data).key(inputKey), RequestBody.fromString(csv.toString()));
            String out = "batch/output/attrition/s3-fault/";

            AtomicReference<String> firstPartETag = new AtomicReference<>();
            AtomicInteger partWrites = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            FaultPoints.set((phase, op, request, response) -> {
                if (!(request instanceof PutObjectRequest put) || !put.key().startsWith(out)) {
                    return;
                }
                if (phase == FaultPoints.Phase.BEFORE_TRANSMISSION && !rt.aws().s3Running()) {
                    refused.incrementAndGet();
                }
                if (phase == FaultPoints.Phase.AFTER_EXECUTION && put.key().equals(out + "part-00001.csv")
                        && partWrites.incrementAndGet() == 1) {
                    firstPartETag.set(((PutObjectResponse) response).eTag());
                    rt.aws().stopS3(); // the quarantine file and the result of shard 1 cannot be written now
                    Thread restart = new Thread(() -> {
                        sleep(1500);
                        rt.aws().startS3();
                    });
                    restart.setDaemon(true);
                    restart.start();
                }
            });
            String input = "{\"runId\":\"s3-fault\",\"bucket\":\"" + data + "\",\"inputKey\":\"" + inputKey
                    + "\",\"model\":\"attrition\",\"modelVersion\":\"1\",\"outputPrefix\":\"" + out
                    + "\",\"rowsPerShard\":40}";
            long t0 = System.nanoTime();
            BatchSummary s = new AslOrchestration(rt, 2).run(input, BatchOrchestration.Listener.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            FaultPoints.clear();

            assertNotNull(firstPartETag.get(), "the fault was injected");
            assertTrue(refused.get() > 0, "requests were refused while S3Proxy was down");
            assertEquals(2, partWrites.get(), "shard 1 was retried once and wrote its part again");
            String nowETag = s3.headObject(b -> b.bucket(data).key(out + "part-00001.csv")).eTag();
            assertEquals(firstPartETag.get(), nowETag, "the retry wrote exactly the same bytes");

            assertEquals(inputRows, s.rows());
            assertEquals(s.rows(), s.scored() + s.quarantined());
            assertTrue(s.quarantined() > 0, "the input has malformed rows");
            Set<String> ids = new HashSet<>();
            long partRows = 0;
            int parts = 0;
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(data).prefix(out + "part-")).contents()) {
                parts++;
                List<String> lines = s3.getObjectAsBytes(b -> b.bucket(data).key(o.key())).asUtf8String().lines()
                        .toList();
                for (String line : lines.subList(1, lines.size())) {
                    partRows++;
                    assertTrue(ids.add(line.substring(0, line.indexOf(','))), "duplicate row " + line);
                }
            }
            assertEquals(s.shards(), parts, "one part per shard");
            assertEquals(s.scored(), partRows, "every scored row once");
            System.out.printf("s3 fault mid-shard: %d rows (%d scored + %d quarantined), %d shards, %d requests "
                            + "refused while S3Proxy was down, shard 1 retried, same part ETag, %.1f s%n", s.rows(),
                    s.scored(), s.quarantined(), s.shards(), refused.get(), seconds);
        } finally {
            HandlerStdout.sendHandlerOutputTo(previous);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
