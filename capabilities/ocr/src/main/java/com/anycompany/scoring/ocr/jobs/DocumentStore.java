package com.anycompany.scoring.ocr.jobs;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The document bucket: object metadata, a ranged read of the first bytes, whole reads, listings and conditional
 * creates ({@code If-None-Match: *}), so that a result is written once however often it is retried. S3 failures
 * are {@link DocumentStoreException}s (retryable).
 */
public final class DocumentStore {
    private final S3Client s3;
    private final String bucket;

    public DocumentStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** Object metadata; {@code lastModified} is when this version was written (S3's Last-Modified, whole seconds). */
    public record Head(long size, String etag, String contentType, java.time.Instant lastModified) {
    }

    public Optional<Head> head(String key) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Head(h.contentLength(), h.eTag(), h.contentType(), h.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (refusesTheRequestItself(e.statusCode())) {
                throw new DocumentKeyRefusedException("S3 refuses the request as malformed (" + e.statusCode() + ") for "
                        + uri(key), e);
            }
            throw new DocumentStoreException("S3 error " + e.statusCode() + " reading " + uri(key), e);
        } catch (SdkClientException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                // the SDK refused to build the request (an empty bucket name, say): no retry can make it valid
                throw new DocumentKeyRefusedException("no S3 request can name " + uri(key) + ": " + bad.getMessage(), e);
            }
            throw new DocumentStoreException("cannot reach S3 reading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A 4xx that says the request itself is malformed (400 bad key or bucket, 414 URI too long, ...), so no retry can
     * succeed; 403 (a missing grant), 408 and 429 stay retryable, 404 means no object.
     */
    private static boolean refusesTheRequestItself(int status) {
        return status >= 400 && status < 500 && status != 403 && status != 404 && status != 408 && status != 429;
    }

    public boolean exists(String key) {
        return head(key).isPresent();
    }

    /** The first {@code n} bytes (fewer when the object is shorter). */
    public byte[] firstBytes(String key, int n) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + (n - 1))).asByteArray();
        } catch (S3Exception e) {
            throw new DocumentStoreException("S3 error " + e.statusCode() + " reading " + uri(key), e);
        } catch (SdkClientException e) {
            throw new DocumentStoreException("cannot reach S3 reading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    public byte[] read(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (S3Exception e) {
            throw new DocumentStoreException("S3 error " + e.statusCode() + " reading " + uri(key), e);
        } catch (SdkClientException e) {
            throw new DocumentStoreException("cannot reach S3 reading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    /** The object's bytes, or {@link ResultsTooLargeException} when it holds more than {@code maxBytes}. */
    public byte[] read(String key, long maxBytes) {
        try (var in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            if (in.response().contentLength() != null && in.response().contentLength() > maxBytes) {
                throw new ResultsTooLargeException(uri(key) + " has " + in.response().contentLength()
                        + " bytes; a result page is read only up to " + maxBytes + " bytes");
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ResultsTooLargeException(uri(key) + " has over " + maxBytes + " bytes; a result page is read"
                        + " only up to " + maxBytes + " bytes");
            }
            return bytes;
        } catch (java.io.IOException e) {
            throw new DocumentStoreException("reading " + uri(key) + " failed: " + e.getMessage(), e);
        } catch (S3Exception e) {
            throw new DocumentStoreException("S3 error " + e.statusCode() + " reading " + uri(key), e);
        } catch (SdkClientException e) {
            throw new DocumentStoreException("cannot reach S3 reading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the object again with the same bytes (S3 CopyObject onto itself, metadata replaced): a new Last-Modified
     * and a new ObjectCreated:Copy event, the same ETag for a single-part object. Returns the new metadata.
     */
    public Head rewriteInPlace(String key, String contentType) {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE)
                    .contentType(contentType));
        } catch (S3Exception e) {
            throw new DocumentStoreException("S3 error " + e.statusCode() + " copying " + uri(key), e);
        } catch (SdkClientException e) {
            throw new DocumentStoreException("cannot reach S3 copying " + uri(key) + ": " + e.getMessage(), e);
        }
        return head(key).orElseThrow(() -> new DocumentStoreException(uri(key) + " vanished while it was rewritten",
                null));
    }

    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .build()).contents()) {
                keys.add(o.key());
            }
        } catch (S3Exception e) {
            throw new DocumentStoreException("S3 error " + e.statusCode() + " listing " + uri(prefix), e);
        } catch (SdkClientException e) {
            throw new DocumentStoreException("cannot reach S3 listing " + uri(prefix) + ": " + e.getMessage(), e);
        }
        return keys;
    }

    /** Conditional create: true when this call created the object, false when it already existed. */
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*")
                    .build(), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw new DocumentStoreException("S3 error " + e.statusCode() + " writing " + uri(key), e);
        } catch (SdkClientException e) {
            throw new DocumentStoreException("cannot reach S3 writing " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
