package com.anycompany.scoring.batch;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The object store the batch transform reads and writes (S3 in Lambda and locally). Transient failures are
 * {@link BatchStorageUnavailableException}; a missing object is an empty Optional or {@link BatchInputException}.
 */
public interface BatchStorage {
    /** Object metadata: size in bytes and ETag. */
    record ObjectInfo(String key, long size, String eTag) {
    }

    Optional<ObjectInfo> head(String bucket, String key);

    /** Objects under a prefix, in key order. */
    List<ObjectInfo> list(String bucket, String prefix);

    /** Bytes {@code [start, end)} of an object as a stream; the caller closes it. */
    InputStream openRange(String bucket, String key, long start, long end);

    /** The whole object as a stream; the caller closes it. */
    InputStream open(String bucket, String key);

    Optional<byte[]> read(String bucket, String key);

    /**
     * Writes (replaces) an object: a PUT is atomic, so a reader sees the old or the new bytes, never a mix.
     *
     * @return the ETag the store gave the new object
     */
    String write(String bucket, String key, byte[] bytes, String contentType);

    String write(String bucket, String key, Path file, String contentType);

    void delete(String bucket, List<String> keys);
}
