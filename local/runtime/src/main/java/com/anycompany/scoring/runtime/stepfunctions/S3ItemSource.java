package com.anycompany.scoring.runtime.stepfunctions;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** An {@link ItemSource} over an SDK v2 {@link S3Client} (e.g. {@code LocalAws.s3Client()}). */
public final class S3ItemSource implements ItemSource {
    private final S3Client s3;

    public S3ItemSource(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream getObject(String bucket, String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.awsErrorDetails().errorMessage()
                    + " (" + e.statusCode() + ")", e);
        }
    }

    @Override
    public List<S3Object> listObjects(String bucket, String prefix) throws IOException {
        List<S3Object> out = new ArrayList<>();
        try {
            for (var o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new S3Object(o.key(), o.size(), o.eTag(), o.lastModified(),
                        o.storageClassAsString() == null ? "STANDARD" : o.storageClassAsString()));
            }
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + prefix + ": " + e.awsErrorDetails().errorMessage()
                    + " (" + e.statusCode() + ")", e);
        }
        return out;
    }

    @Override
    public void putObject(String bucket, String key, byte[] content) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.awsErrorDetails().errorMessage()
                    + " (" + e.statusCode() + ")", e);
        }
    }
}
