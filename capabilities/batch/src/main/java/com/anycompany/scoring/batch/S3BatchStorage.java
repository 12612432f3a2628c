package com.anycompany.scoring.batch;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link BatchStorage} on S3 (or the local S3Proxy). Throttling, 5xx and network errors become retryable. */
public final class S3BatchStorage implements BatchStorage {
    private final S3Client s3;

    public S3BatchStorage(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
        return call("reading", bucket, key, () -> {
            try {
                var h = s3.headObject(b -> b.bucket(bucket).key(key));
                return Optional.of(new ObjectInfo(key, h.contentLength(), h.eTag()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        return call("listing", bucket, prefix, () -> {
            List<ObjectInfo> out = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new ObjectInfo(o.key(), o.size(), o.eTag()));
            }
            out.sort((a, b) -> a.key().compareTo(b.key()));
            return out;
        });
    }

    @Override
    public InputStream openRange(String bucket, String key, long start, long end, String eTag) {
        if (end <= start) {
            return InputStream.nullInputStream();
        }
        return call("reading", bucket, key, () -> missingAsInput(bucket, key, eTag,
                () -> s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + (end - 1))
                        .ifMatch(eTag))));
    }

    @Override
    public InputStream open(String bucket, String key, String eTag) {
        return call("reading", bucket, key, () -> missingAsInput(bucket, key, eTag,
                () -> s3.getObject(b -> b.bucket(bucket).key(key).ifMatch(eTag))));
    }

    @Override
    public Optional<byte[]> read(String bucket, String key) {
        return call("reading", bucket, key, () -> {
            try {
                return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String write(String bucket, String key, byte[] bytes, String contentType) {
        return call("writing", bucket, key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes))).eTag();
    }

    @Override
    public String write(String bucket, String key, Path file, String contentType) {
        return call("writing", bucket, key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromFile(file))).eTag();
    }

    @Override
    public void delete(String bucket, List<String> keys) {
        // one DELETE per key: stale outputs are few, and S3Proxy's multi-object delete is unreliable
        for (String key : keys) {
            call("deleting", bucket, key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
        }
    }

    /**
     * A missing object is {@link BatchInputException}; with a pinned {@code eTag}, S3's 412 Precondition Failed (the
     * object was replaced) and a missing object (deleted since) are {@link InputChangedException}.
     */
    private static InputStream missingAsInput(String bucket, String key, String eTag, Supplier<InputStream> body) {
        try {
            return body.get();
        } catch (NoSuchKeyException e) {
            if (eTag != null) {
                throw InputChangedException.deleted(bucket, key, eTag);
            }
            throw new BatchInputException("s3://" + bucket + "/" + key + " does not exist");
        } catch (S3Exception e) {
            if (eTag != null && e.statusCode() == 412) {
                throw InputChangedException.replaced(bucket, key, eTag);
            }
            throw e;
        }
    }

    private static <T> T call(String what, String bucket, String key, Supplier<T> body) {
        try {
            return body.get();
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 429 || status == 503 || status >= 500 || "SlowDown".equals(errorCode(e))) {
                throw new BatchStorageUnavailableException("S3 " + status + " " + what + " s3://" + bucket + "/" + key
                        + " (transient; retry)", e);
            }
            if (status == 403) {
                throw new BatchInputException("access denied " + what + " s3://" + bucket + "/" + key
                        + "; check the function's S3 permissions on that prefix");
            }
            if (status == 404) {
                throw new BatchInputException("s3://" + bucket + "/" + key + " does not exist (" + what + ")");
            }
            throw new BatchInputException("S3 error " + status + " " + what + " s3://" + bucket + "/" + key + ": "
                    + e.getMessage());
        } catch (SdkClientException e) {
            throw new BatchStorageUnavailableException("cannot reach S3 " + what + " s3://" + bucket + "/" + key + ": "
                    + e.getMessage(), e);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
