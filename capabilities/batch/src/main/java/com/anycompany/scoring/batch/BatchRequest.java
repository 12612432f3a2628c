package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.ModelRef;

/**
 * What one batch run scores: one object ({@code inputKey}) or every {@code .csv}/{@code .jsonl}[{@code .gz}] object
 * under {@code inputPrefix}, in {@code bucket}, with model {@code model}@{@code modelVersion}; per-client models are
 * chosen by the row's {@code clientColumn} (default {@code client_id}) when the input has it. Outputs go under
 * {@code outputPrefix} (ending in '/'). This is the state machine's execution input.
 *
 * <p>{@code resume}: continue an earlier execution of the same run that did not finish (its process was killed, or it
 * failed): when the inputs and request are unchanged the plan keeps the earlier plan's id, so every shard whose result
 * was written and whose part and quarantine files still carry the ETags that result recorded is reused instead of
 * scored again. Without it a run always scores every shard.
 */
public record BatchRequest(String runId, String bucket, String inputKey, String inputPrefix, String model,
        String modelVersion, String outputPrefix, Integer rowsPerShard, String clientColumn, Boolean resume) {
    public static final int DEFAULT_ROWS_PER_SHARD = 5_000;
    public static final int MAX_ROWS_PER_SHARD = 100_000;
    public static final String DEFAULT_CLIENT_COLUMN = "client_id";

    public BatchRequest {
        require(runId, "runId");
        require(bucket, "bucket");
        require(model, "model");
        require(modelVersion, "modelVersion");
        require(outputPrefix, "outputPrefix");
        if ((inputKey == null || inputKey.isBlank()) == (inputPrefix == null || inputPrefix.isBlank())) {
            throw new BatchInputException("give exactly one of inputKey (one object) and inputPrefix (every object "
                    + "under it)");
        }
        ModelRef.of(model, modelVersion); // validates both
        if (!outputPrefix.endsWith("/")) {
            outputPrefix = outputPrefix + "/";
        }
        if (outputPrefix.startsWith("/") || outputPrefix.contains("..")) {
            throw new BatchInputException("outputPrefix '" + outputPrefix + "' must be a relative key prefix without '..'");
        }
        if (rowsPerShard == null) {
            rowsPerShard = DEFAULT_ROWS_PER_SHARD;
        }
        if (rowsPerShard < 1 || rowsPerShard > MAX_ROWS_PER_SHARD) {
            throw new BatchInputException("rowsPerShard must be within 1.." + MAX_ROWS_PER_SHARD + ", not " + rowsPerShard);
        }
        if (clientColumn == null || clientColumn.isBlank()) {
            clientColumn = DEFAULT_CLIENT_COLUMN;
        }
        if (resume == null) {
            resume = false;
        }
    }

    public BatchRequest(String runId, String bucket, String inputKey, String inputPrefix, String model,
            String modelVersion, String outputPrefix, Integer rowsPerShard, String clientColumn) {
        this(runId, bucket, inputKey, inputPrefix, model, modelVersion, outputPrefix, rowsPerShard, clientColumn, false);
    }

    /** True when this execution continues an unfinished one (see the class comment). */
    public boolean resuming() {
        return Boolean.TRUE.equals(resume);
    }

    private static void require(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new BatchInputException("the batch request has no " + name);
        }
    }
}
