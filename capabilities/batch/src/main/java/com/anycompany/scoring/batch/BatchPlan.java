package com.anycompany.scoring.batch;

import java.util.List;

/**
 * The plan of a run, written to {@code <outputPrefix>_manifest/plan.json}; the shards alone (a JSON array, what the
 * Distributed Map's ItemReader reads) go to {@code _manifest/shards.json}. {@code fingerprint} is a SHA-256 of what
 * the plan scores (the request, each input's key and ETag, every shard's range and output keys); {@code planId} names
 * this plan: new for every run, kept by a resumed run whose fingerprint is unchanged.
 */
public record BatchPlan(String runId, String bucket, String model, String modelVersion, String outputPrefix,
        List<Input> inputs, long rows, long bytes, int shardCount, String planKey, String manifestKey,
        String successKey, long createdAtEpochMs, long planMillis, List<Shard> shards, String planId,
        String fingerprint) {

    /** One input object: its key, the key actually sharded (a decompressed copy for gzip), rows, bytes and ETag. */
    public record Input(String key, String shardedKey, RecordFormat format, boolean gzip, long rows, long bytes,
            String eTag) {
    }

    /** What the Plan task returns to the state machine: everything but the shards (they are in the manifest). */
    public Summary summary() {
        return new Summary(runId, bucket, model, modelVersion, outputPrefix, rows, shardCount, planKey, manifestKey);
    }

    public record Summary(String runId, String bucket, String model, String modelVersion, String outputPrefix,
            long rows, int shardCount, String planKey, String manifestKey) {
    }
}
