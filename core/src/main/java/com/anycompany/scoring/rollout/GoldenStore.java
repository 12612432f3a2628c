package com.anycompany.scoring.rollout;

import com.anycompany.scoring.model.ModelNotFoundException;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Arrays;

/**
 * Golden sets beside their versions: {@code models/<name>/<version>/golden.csv}. Immutable like the version
 * (If-None-Match: *); publishing the same bytes again is a no-op, different bytes are refused.
 */
public final class GoldenStore {
    private final S3Client s3;
    private final String bucket;
    private final S3ModelStore reader;

    public GoldenStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
        this.reader = new S3ModelStore(s3, bucket);
    }

    public String uri(ModelRef ref) {
        return "s3://" + bucket + "/" + ref.prefix() + GoldenSet.FILE;
    }

    public void put(ModelRef ref, GoldenSet golden) {
        byte[] bytes = golden.toCsv();
        String key = ref.prefix() + GoldenSet.FILE;
        java.util.Optional<byte[]> present = reader.get(key);
        if (present.isPresent()) {
            if (!Arrays.equals(present.get(), bytes)) {
                throw new IllegalStateException(uri(ref) + " already exists with different rows; golden sets are "
                        + "immutable like their version, publish a new version");
            }
            return;
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/csv").ifNoneMatch("*"),
                    RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
            byte[] existing = reader.get(key).orElseThrow();
            if (!Arrays.equals(existing, bytes)) {
                throw new IllegalStateException(uri(ref) + " already exists with different rows; golden sets are "
                        + "immutable like their version, publish a new version");
            }
        }
    }

    /** @throws ModelNotFoundException when the version has no golden set (it cannot be promoted) */
    public GoldenSet get(ModelRef ref) {
        byte[] bytes = reader.get(ref.prefix() + GoldenSet.FILE).orElseThrow(() -> new ModelNotFoundException(
                ref + " has no golden set: " + uri(ref) + " does not exist; publish the version with --golden "
                        + "(or let publish generate one) before promoting it"));
        return GoldenSet.parse(uri(ref), bytes);
    }
}
