package com.anycompany.scoring.cli.batch;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.BatchSummary;
import com.anycompany.scoring.cli.runtime.LocalLambda;
import com.anycompany.scoring.cli.runtime.LocalRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machine's path, walked in this process with the template's functions (warm {@link LocalLambda}s, their
 * template environment), until the ASL interpreter takes over:
 * <ol>
 *   <li>Plan: the execution input to {@code BatchPlanFunction}; its result is kept as {@code $.plan}
 *       (ResultSelector); every Task retries BatchStorageUnavailableException as the ASL does;</li>
 *   <li>ScoreShards: the manifest {@code s3://<DataBucket>/<plan.manifestKey>} read as a JSON array (the
 *       ItemReader), each item to {@code ScoreShardFunction}, {@code maxConcurrency} at a time, with the ASL's Retry
 *       (retryable errors: BatchStorageUnavailableException, ModelUnavailableException; backoff 1 s x2, 5 attempts),
 *       and ToleratedFailurePercentage 0: one failed shard fails the run;</li>
 *   <li>Finalize: {@code {bucket, planKey}} to {@code FinalizeFunction}.</li>
 * </ol>
 */
public final class InProcessOrchestration implements BatchOrchestration {
    private static final int MAX_ATTEMPTS = 5;

    private final LocalRuntime runtime;
    private final int maxConcurrency;

    public InProcessOrchestration(LocalRuntime runtime, int maxConcurrency) {
        this.runtime = runtime;
        this.maxConcurrency = Math.max(1, maxConcurrency);
    }

    @Override
    public BatchSummary run(String executionInput, Listener listener) {
        JsonNode plan = json(invokeWithRetry("BatchPlanFunction", executionInput));
        String bucket = runtime.bucketName("DataBucket");
        String manifestKey = plan.get("manifestKey").asText();
        ArrayNode shards = (ArrayNode) json(runtime.aws().s3Client()
                .getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey)).asUtf8String());
        int total = shards.size();
        AtomicInteger done = new AtomicInteger();
        AtomicLong rows = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrency, Math.max(1, total)), r -> {
            Thread t = new Thread(r, "map-score-shard");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(total);
            for (JsonNode shard : shards) {
                String item = shard.toString();
                futures.add(pool.submit(() -> {
                    JsonNode r = json(invokeWithRetry("ScoreShardFunction", item));
                    synchronized (listener) {
                        listener.shardDone(done.incrementAndGet(), total, rows.addAndGet(r.get("rows").asLong()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        invokeWithRetry("FinalizeFunction", BatchJson.MAPPER.valueToTree(Map.of("bucket", plan.get("bucket").asText(),
                "planKey", plan.get("planKey").asText())).toString());
        String successKey = plan.get("planKey").asText().replace("_manifest/plan.json", "_SUCCESS");
        byte[] success = runtime.aws().s3Client().getObjectAsBytes(b -> b.bucket(plan.get("bucket").asText())
                .key(successKey)).asByteArray();
        return BatchJson.read(success, BatchSummary.class, successKey);
    }

    private String invokeWithRetry(String function, String input) {
        long backoff = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                return invoke(function, input);
            } catch (LocalLambda.HandlerFailedException e) {
                String type = e.getCause() == null ? "" : e.getCause().getClass().getSimpleName();
                boolean retryable = type.equals("BatchStorageUnavailableException")
                        || type.equals("ModelUnavailableException");
                if (!retryable || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff *= 2;
            }
        }
    }

    private String invoke(String function, String input) {
        return runtime.function(function).invokeJson(input);
    }

    private static JsonNode json(String s) {
        try {
            return BatchJson.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a step returned something that is not JSON: " + s, e);
        }
    }
}
