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

    /**
     * Bytes {@code [start, end)} of an object as a stream; the caller closes it. With {@code eTag} non-null the read is
     * pinned to that version of the object (S3's {@code If-Match}): an object replaced since is an
     * {@link InputChangedException}, never bytes of the new version at the old offsets.
     */
    InputStream openRange(String bucket, String key, long start, long end, String eTag);

    /** The whole object as a stream, pinned to {@code eTag} when it is non-null (as {@link #openRange}). */
    InputStream open(String bucket, String key, String eTag);

    /** The whole object as a stream; the caller closes it. */
    default InputStream open(String bucket, String key) {
        return open(bucket, key, null);
    }

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
