package com.anycompany.scoring.batch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Finalize's check of one shard's files against its result, so a shard cannot vouch for itself: the part and the
 * quarantine file must still carry the ETags the result recorded when they were written, and must hold the rows the
 * result counts (part: non-blank lines, less the header of a CSV part; quarantine: one JSON line per row). Reads are
 * pinned to the recorded ETag (If-Match), so a file replaced between the check and the count is caught too.
 */
final class OutputCheck {
    private final BatchStorage storage;
    private final String bucket;

    OutputCheck(BatchStorage storage, String bucket) {
        this.storage = storage;
        this.bucket = bucket;
    }

    /** What is wrong with the shard's files, or null when they are what {@code result} says. */
    String problem(Shard shard, ShardResult result) {
        String part = problem("part", shard.partKey(), result.partETag(), result.scored(),
                shard.format() == RecordFormat.CSV ? 1 : 0);
        return part != null ? part : problem("quarantine file", shard.quarantineKey(), result.quarantineETag(),
                result.quarantined(), 0);
    }

    private String problem(String what, String key, String eTag, long expectedRows, int headerLines) {
        if (eTag == null) {
            return "the result records no ETag for its " + what + " s3://" + bucket + "/" + key
                    + "; it cannot be verified (score the shard again)";
        }
        Optional<BatchStorage.ObjectInfo> now = storage.head(bucket, key);
        if (now.isEmpty()) {
            return "its " + what + " s3://" + bucket + "/" + key + " is missing";
        }
        if (!eTag.equals(now.get().eTag())) {
            return "its " + what + " s3://" + bucket + "/" + key + " was replaced after the shard wrote it (ETag "
                    + now.get().eTag() + ", the result recorded " + eTag + ")";
        }
        long lines;
        try (InputStream in = new BufferedInputStream(storage.open(bucket, key, eTag), 64 * 1024)) {
            lines = nonBlankLines(in);
        } catch (InputChangedException e) {
            return "its " + what + " s3://" + bucket + "/" + key + " was replaced while it was being checked";
        } catch (IOException e) {
            throw new BatchStorageUnavailableException("reading s3://" + bucket + "/" + key + " failed: "
                    + e.getMessage(), e);
        }
        long rows = Math.max(0, lines - headerLines);
        if (rows != expectedRows) {
            return "its " + what + " s3://" + bucket + "/" + key + " holds " + rows + " rows but the result counts "
                    + expectedRows;
        }
        return null;
    }

    /** Lines holding anything but spaces, tabs and CRs (the last line may lack its newline). */
    static long nonBlankLines(InputStream in) throws IOException {
        long count = 0;
        boolean blank = true;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (!blank) {
                    count++;
                }
                blank = true;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                blank = false;
            }
        }
        return blank ? count : count + 1;
    }
}
