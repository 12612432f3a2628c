package com.anycompany.scoring.batch;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.model.ClientModelResolver;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.wiring.ModelServing;
import com.anycompany.scoring.wiring.ServingEnvironment;

import java.util.Map;

/**
 * Builds the batch steps from the function's environment: DATA_BUCKET (inputs and outputs), MODEL_BUCKET (models;
 * default DATA_BUCKET), MODEL_VERSION (default version when the input names none, default "1"), ROWS_PER_SHARD
 * (default 5000), SCORING_ENGINE (default "java"), MODEL_CACHE_MEMORY_FRACTION (see {@link ModelCache}).
 */
public final class BatchWiring {
    /** The model version a batch input that names none is scored with when MODEL_VERSION is unset. */
    public static final String DEFAULT_MODEL_VERSION = "1";

    private BatchWiring() {
    }

    /** The batch functions' serving variables: models in MODEL_BUCKET (default DATA_BUCKET), version default "1". */
    public static ServingEnvironment servingEnvironment() {
        return ServingEnvironment.read(new ServingEnvironment.Defaults(null, DEFAULT_MODEL_VERSION, "batch-score-shard",
                ServingEnvironment.DATA_BUCKET));
    }

    public static BatchRequests.Defaults defaults() {
        String rows = FunctionEnvironment.getOrDefault("ROWS_PER_SHARD", String.valueOf(BatchRequest.DEFAULT_ROWS_PER_SHARD));
        int perShard;
        try {
            perShard = Integer.parseInt(rows.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("ROWS_PER_SHARD must be a whole number, not '" + rows + "'");
        }
        return new BatchRequests.Defaults(FunctionEnvironment.require(ServingEnvironment.DATA_BUCKET),
                FunctionEnvironment.getOrDefault(ServingEnvironment.MODEL_VERSION, DEFAULT_MODEL_VERSION), perShard);
    }

    public static BatchStorage storage() {
        return new S3BatchStorage(AwsClients.s3());
    }

    /**
     * The planner, with its gzip bound from {@code BATCH_MAX_DECOMPRESSED_BYTES} (default
     * {@link BatchPlanner#DEFAULT_MAX_DECOMPRESSED}; keep it under the function's ephemeral storage).
     */
    public static BatchPlanner planner() {
        String bound = FunctionEnvironment.getOrDefault("BATCH_MAX_DECOMPRESSED_BYTES",
                String.valueOf(BatchPlanner.DEFAULT_MAX_DECOMPRESSED)).trim();
        long max;
        try {
            max = Long.parseLong(bound);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BATCH_MAX_DECOMPRESSED_BYTES must be a whole number of bytes, not '"
                    + bound + "'");
        }
        if (max < 1) {
            throw new IllegalArgumentException("BATCH_MAX_DECOMPRESSED_BYTES must be positive, not " + max);
        }
        BatchStorage storage = storage();
        return new BatchPlanner(storage, java.time.Clock.systemUTC(), max,
                new ModelBundles(storage, servingEnvironment().modelBucket()));
    }

    public static BatchFinalizer finalizer() {
        BatchStorage storage = storage();
        String modelBucket = servingEnvironment().modelBucket();
        java.util.function.Function<String, String> env = k -> FunctionEnvironment.get(k).orElse(null);
        return new BatchFinalizer(storage, java.time.Clock.systemUTC(), RunReports.cardsIn(storage, modelBucket),
                com.anycompany.scoring.monitor.OnlineDriftMonitor.thresholdsFrom(env), Long.parseLong(
                FunctionEnvironment.getOrDefault("DRIFT_MIN_ROWS", String.valueOf(com.anycompany.scoring.monitor.DriftAssessment.DEFAULT_MIN_ROWS))),
                new ModelBundles(storage, modelBucket));
    }

    public static ShardScorer shardScorer() {
        // models stay cached across shards and runs in a warm container; each shard checks a cached one against its
        // card's ETag (a conditional GET) before using it, so a model changed in S3 is never served stale
        // with the model bundle Plan keeps (ModelBundles): each shard lists the models once, reads its clients'
        // current models in one ranged GET, and checks cached ones against that listing instead of one GET each
        ModelServing serving = ModelServing.withDimensions(servingEnvironment(), Map.of());
        S3BatchStorage storage = new S3BatchStorage(serving.s3());
        return new ShardScorer(storage, new ClientModelResolver(serving.cache(), serving::isCurrent),
                serving.metrics(), ShardScorer.prefetchThreadsFromEnvironment(),
                new ModelBundles(storage, serving.environment().modelBucket()), serving::useListing);
    }
}
