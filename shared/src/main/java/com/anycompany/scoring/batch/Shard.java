package com.anycompany.scoring.batch;

/**
 * One unit of work: bytes {@code [start, end)} of {@code key} (whole lines), holding {@code rows} records whose first
 * physical line is {@code firstLine} of {@code sourceKey}. CSV shards carry the file's {@code header} line. Output keys
 * are fixed by the index, so a retried shard overwrites its own files. {@code planId} names the plan the shard belongs
 * to: a result written for the same plan id (a retry, or a resumed run) is reused when its files are intact.
 */
public record Shard(int index, String runId, String bucket, String key, String sourceKey, long start, long end,
        long firstLine, long rows, RecordFormat format, String header, String model, String modelVersion,
        String clientColumn, String partKey, String quarantineKey, String resultKey, String planId) {

    public static String name(String stem, int index, String ext) {
        return String.format("%s-%05d.%s", stem, index, ext);
    }
}
