package com.anycompany.scoring.runtime.stepfunctions;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * The S3 behind a Distributed Map's {@code ItemReader} ({@code s3:getObject}, {@code s3:listObjectsV2}) and
 * {@code ResultWriter} ({@code s3:putObject}). {@link S3ItemSource} backs it with an SDK v2 {@code S3Client}
 * (the real one, pointed at LocalAws in the local runtime).
 */
public interface ItemSource {
    /** The object's bytes; the caller closes the stream. */
    InputStream getObject(String bucket, String key) throws IOException;

    /** Every object under {@code prefix} (all pages), in key order. */
    List<S3Object> listObjects(String bucket, String prefix) throws IOException;

    /** Used by ResultWriter only. */
    default void putObject(String bucket, String key, byte[] content) throws IOException {
        throw new IOException("this ItemSource cannot write objects (ResultWriter needs putObject)");
    }

    /** One listed object, with the fields the ItemReader gives each item. */
    record S3Object(String key, long size, String etag, Instant lastModified, String storageClass) {
    }
}
