package com.anycompany.scoring.batch;

import java.util.List;

/**
 * One unit of work: one or more {@link Segment}s (whole lines of an input) scored together into one part file. A
 * large input is cut into many single-segment shards; many small inputs that share a header (the monthly run has one
 * small file per client) are packed into one shard of about {@code rowsPerShard} rows, so a run costs a few Lambda
 * invocations and a few writes instead of thousands. The shard's own {@code key … rows} fields describe its first
 * segment and its total rows. CSV shards carry the header line all their segments share. Output keys are fixed by the
 * index, so a retried shard overwrites its own files. {@code planId} names the plan the shard belongs to: a result
 * written for the same plan id (a retry, or a resumed run) is reused when its files are intact.
 */
public record Shard(int index, String runId, String bucket, String key, String sourceKey, long start, long end,
        long firstLine, long rows, RecordFormat format, String header, String model, String modelVersion,
        String clientColumn, String partKey, String quarantineKey, String resultKey, String planId,
        List<Segment> segments, ModelBundle modelBundle) {

    /**
     * The run's model snapshot ({@link ModelBundles}): the bundle index Plan wrote or confirmed, pinned by its ETag;
     * null when the run has none (its models are then read one by one).
     */
    public record ModelBundle(String indexKey, String indexETag) {
    }

    /**
     * Bytes {@code [start, end)} of {@code key} (whole lines) holding {@code rows} records whose first physical line is
     * {@code firstLine} of {@code sourceKey} ({@code key} differs from {@code sourceKey} for a decompressed copy).
     * {@code eTag} is the ETag of {@code key} the plan was cut from: the shard's range read is pinned to it (If-Match).
     */
    public record Segment(String key, String sourceKey, long start, long end, long firstLine, long rows,
            String eTag) {
    }

    public Shard {
        segments = segments == null || segments.isEmpty()
                ? List.of(new Segment(key, sourceKey, start, end, firstLine, rows, null)) : List.copyOf(segments);
    }

    /** "s3://…/a.csv" for one input, "s3://…/a.csv and 99 more inputs" for a packed shard. */
    public String describe() {
        return sourceKey + (segments.size() > 1 ? " and " + (segments.size() - 1) + " more inputs" : "");
    }

    public static String name(String stem, int index, String ext) {
        return String.format("%s-%05d.%s", stem, index, ext);
    }
}
