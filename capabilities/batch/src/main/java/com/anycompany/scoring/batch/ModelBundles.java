package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.ListedModels;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.ModelLimits;
import com.anycompany.scoring.model.ModelRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model's client versions packed into one object, so a shard reads its clients' models with one ranged GET
 * instead of two GETs per client. Plan ({@link #refresh}) lists {@code models/<model>/clients/} in the model bucket
 * (ListObjectsV2: every card's and artifact's ETag), keeps the entries of the previous bundle whose card and artifact
 * ETags are unchanged, reads only the changed or new ones (each GET pinned with If-Match to the listed ETag), and
 * writes {@code batch/model-bundles/<model>/<version>/bundle-<sha256>.bin} then its {@code index.json}; when nothing
 * changed it writes nothing. A shard ({@link #listing}) lists the same prefix again when it starts and uses a packed
 * entry only while that listing shows the ETags the entry was read with: a model changed, replaced or deleted in S3
 * since Plan, or a bundle from another time, is never served; such a model is read from S3 as before. The bundle is
 * an optimisation only: any failure to build or read it is logged and the models load one by one, exactly as
 * without it.
 */
public final class ModelBundles {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelBundles.class);

    /** Where bundles live in the data bucket. */
    public static final String PREFIX = "batch/model-bundles/";

    /** A bundle larger than this is not built (the shards then read models one by one). */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    /** Model GETs in flight while Plan reads changed entries. */
    private static final int FETCH_THREADS = 4;

    /**
     * One client's card then artifact, at these offsets of the bundle, read with these ETags; {@code cardSha256}
     * checks the packed card (which in turn pins the artifact's SHA-256 and size).
     */
    public record Entry(String clientId, String cardETag, String cardSha256, long cardOffset, int cardLength,
            String artifactKey, String artifactETag, long artifactOffset, int artifactLength) {
    }

    /** A bundle's index: the blob (pinned by its ETag) and its entries in client-id order. */
    public record Index(String model, String version, String blobKey, String blobETag, List<Entry> entries) {
    }

    /** One client's bytes, as read. */
    private record Read(String clientId, String cardETag, byte[] card, String artifactKey, String artifactETag,
            byte[] artifact) {
    }

    private final BatchStorage storage;
    private final String modelBucket;

    public ModelBundles(BatchStorage storage, String modelBucket) {
        this.storage = storage;
        this.modelBucket = modelBucket;
    }

    static String indexKey(String model, String version) {
        return PREFIX + model + "/" + version + "/index.json";
    }

    static String clientsPrefix(String model) {
        return "models/" + model + "/clients/";
    }

    /**
     * Plan: brings the bundle of {@code model}@{@code version} up to date with the model bucket (see the class
     * comment). Never fails the run: on any error it logs and returns empty, and shards read models one by one.
     */
    public Optional<Index> refresh(String dataBucket, String model, String version) {
        try {
            ModelRef.of(model, version); // validates both before they reach a key
            return Optional.of(refreshOrThrow(dataBucket, model, version));
        } catch (RuntimeException e) {
            LOG.warn("model bundle for {}@{} not refreshed (shards read models one by one): {}", model, version,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Index refreshOrThrow(String dataBucket, String model, String version) {
        Map<String, BatchStorage.ObjectInfo> listed = list(model);
        TreeMap<String, String> cards = new TreeMap<>(); // client id -> card key, in client order
        String prefix = clientsPrefix(model);
        String suffix = "/" + version + "/card.json";
        for (String key : listed.keySet()) {
            if (key.endsWith(suffix)) {
                String id = key.substring(prefix.length(), key.length() - suffix.length());
                if (!id.isEmpty() && id.indexOf('/') < 0) {
                    cards.put(id, key);
                }
            }
        }
        Index old = readIndex(dataBucket, model, version).orElse(null);
        Map<String, Entry> kept = new HashMap<>();
        if (old != null) {
            for (Entry e : old.entries()) {
                String cardKey = cards.get(e.clientId());
                BatchStorage.ObjectInfo artifact = listed.get(e.artifactKey());
                if (cardKey != null && artifact != null && e.artifactKey().startsWith(prefix + e.clientId() + "/")
                        && ListedModels.sameETag(e.cardETag(), listed.get(cardKey).eTag())
                        && ListedModels.sameETag(e.artifactETag(), artifact.eTag())) {
                    kept.put(e.clientId(), e);
                }
            }
            if (kept.size() == old.entries().size() && kept.size() == cards.size()) {
                return old; // every entry current, no client added: nothing to write
            }
        }
        byte[] oldBlob = null;
        if (!kept.isEmpty()) {
            try (InputStream in = storage.open(dataBucket, old.blobKey(), old.blobETag())) {
                oldBlob = in.readAllBytes();
            } catch (IOException | RuntimeException e) {
                kept.clear(); // read them all again
            }
        }
        List<String> toRead = new ArrayList<>();
        for (String id : cards.keySet()) {
            if (!kept.containsKey(id)) {
                toRead.add(id);
            }
        }
        List<Read> reads = BoundedParallel.map(toRead, FETCH_THREADS, id -> read(id, cards.get(id), listed));
        Map<String, Read> fresh = new HashMap<>();
        for (Read r : reads) {
            if (r != null) {
                fresh.put(r.clientId(), r);
            }
        }
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        List<Entry> entries = new ArrayList<>();
        for (String id : cards.keySet()) {
            Entry e = kept.get(id);
            Read r = fresh.get(id);
            byte[] card;
            byte[] artifact;
            if (e != null) {
                card = slice(oldBlob, e.cardOffset(), e.cardLength());
                artifact = slice(oldBlob, e.artifactOffset(), e.artifactLength());
            } else if (r != null) {
                card = r.card();
                artifact = r.artifact();
            } else {
                continue; // unusable or changed while read: its shard reads it from S3 and reports what is wrong
            }
            long at = blob.size();
            blob.writeBytes(card);
            blob.writeBytes(artifact);
            if (blob.size() > MAX_BYTES) {
                throw new IllegalStateException("the client models of " + model + "@" + version + " exceed "
                        + MAX_BYTES + " bytes; not bundled");
            }
            entries.add(e != null
                    ? new Entry(id, e.cardETag(), e.cardSha256(), at, card.length, e.artifactKey(), e.artifactETag(),
                    at + card.length, artifact.length)
                    : new Entry(id, r.cardETag(), Hashing.sha256Hex(card), at, card.length, r.artifactKey(), r.artifactETag(),
                    at + card.length, artifact.length));
        }
        byte[] bytes = blob.toByteArray();
        // named by its content: a retried Plan writes the same bytes at the same key
        String blobKey = PREFIX + model + "/" + version + "/bundle-" + Hashing.sha256Hex(bytes) + ".bin";
        String blobETag = storage.write(dataBucket, blobKey, bytes, "application/octet-stream");
        Index index = new Index(model, version, blobKey, blobETag, List.copyOf(entries));
        storage.write(dataBucket, indexKey(model, version), BatchJson.bytes(index), "application/json");
        if (old != null && !old.blobKey().equals(blobKey) && old.blobKey().startsWith(PREFIX + model + "/" + version
                + "/bundle-")) {
            try {
                storage.delete(dataBucket, List.of(old.blobKey())); // a shard still reading it reads models one by one
            } catch (RuntimeException e) {
                LOG.warn("old model bundle {} not deleted: {}", old.blobKey(), e.getMessage());
            }
        }
        LOG.info("model bundle {}@{}: {} clients ({} unchanged, {} read), {} bytes", model, version, entries.size(),
                kept.size(), fresh.size(), bytes.length);
        return index;
    }

    /** One client's card and artifact, each GET pinned to its listed ETag; null when unusable or changed meanwhile. */
    private Read read(String clientId, String cardKey, Map<String, BatchStorage.ObjectInfo> listed) {
        try {
            String cardETag = listed.get(cardKey).eTag();
            byte[] card;
            try (InputStream in = storage.open(modelBucket, cardKey, cardETag)) {
                card = in.readAllBytes();
            }
            String clientPrefix = cardKey.substring(0, cardKey.length() - "card.json".length());
            String artifactKey = clientPrefix + ModelCards.parse("s3://" + modelBucket + "/" + cardKey, card)
                    .artifact().file();
            BatchStorage.ObjectInfo artifact = listed.get(artifactKey);
            if (artifact == null || artifact.size() > ModelLimits.current().maxBytes()) {
                return null;
            }
            byte[] bytes;
            try (InputStream in = storage.open(modelBucket, artifactKey, artifact.eTag())) {
                bytes = in.readAllBytes();
            }
            return new Read(clientId, cardETag, card, artifactKey, artifact.eTag(), bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * ScoreShard: a fresh listing of the model's client versions, with the packed bytes of {@code clientIds}' models
     * that the listing shows current (one ranged GET of the bundle); null when the model bucket cannot be listed
     * (then every model is read and checked as before).
     */
    public ListedModels listing(String dataBucket, String model, String version, Set<String> clientIds) {
        Map<String, BatchStorage.ObjectInfo> listed;
        long t0 = System.nanoTime();
        try {
            ModelRef.of(model, version);
            listed = list(model);
        } catch (RuntimeException e) {
            LOG.warn("model listing for {}@{} failed (models read one by one): {}", model, version, e.getMessage());
            return null;
        }
        Map<String, String> eTags = new HashMap<>();
        listed.forEach((k, o) -> {
            if (o.eTag() != null) { // S3Proxy lists a folder marker without one
                eTags.put(k, o.eTag());
            }
        });
        long t1 = System.nanoTime();
        Map<ModelRef, ListedModels.Packed> packed = new HashMap<>();
        try {
            packed = packed(dataBucket, model, version, clientIds, eTags);
        } catch (IOException | RuntimeException e) {
            LOG.warn("model bundle for {}@{} not used (models read one by one): {}", model, version, e.getMessage());
        }
        LOG.info("models of {}@{}: {} keys listed in {} ms; {} of the shard's {} clients packed, read in {} ms", model,
                version, eTags.size(), (t1 - t0) / 1_000_000, packed.size(), clientIds.size(),
                (System.nanoTime() - t1) / 1_000_000);
        return new ListedModels(clientsPrefix(model), eTags, packed);
    }

    private Map<ModelRef, ListedModels.Packed> packed(String dataBucket, String model, String version,
            Set<String> clientIds, Map<String, String> eTags) throws IOException {
        Map<ModelRef, ListedModels.Packed> packed = new HashMap<>();
        Optional<Index> found = readIndex(dataBucket, model, version);
        if (found.isEmpty()) {
            return packed;
        }
        Index index = found.get();
        List<Entry> wanted = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = 0;
        for (Entry e : index.entries()) {
            if (clientIds.contains(e.clientId())
                    && ListedModels.sameETag(e.cardETag(), eTags.get(clientsPrefix(model) + e.clientId() + "/"
                    + version + "/card.json"))
                    && ListedModels.sameETag(e.artifactETag(), eTags.get(e.artifactKey()))) {
                wanted.add(e);
                start = Math.min(start, e.cardOffset());
                end = Math.max(end, e.artifactOffset() + e.artifactLength());
            }
        }
        if (wanted.isEmpty()) {
            return packed;
        }
        byte[] span;
        try (InputStream in = storage.openRange(dataBucket, index.blobKey(), start, end, index.blobETag())) {
            span = in.readAllBytes();
        }
        if (span.length != end - start) {
            throw new IllegalStateException("read " + span.length + " bytes of " + index.blobKey() + ", expected "
                    + (end - start));
        }
        for (Entry e : wanted) {
            byte[] card = slice(span, e.cardOffset() - start, e.cardLength());
            if (!Hashing.sha256Hex(card).equals(e.cardSha256())) {
                continue; // not the card it was packed from: read from S3
            }
            packed.put(new ModelRef(model, version, e.clientId()), new ListedModels.Packed(e.cardETag(), card,
                    e.artifactKey(), e.artifactETag(), slice(span, e.artifactOffset() - start, e.artifactLength())));
        }
        return packed;
    }

    private Optional<Index> readIndex(String dataBucket, String model, String version) {
        String key = indexKey(model, version);
        Optional<byte[]> bytes = storage.read(dataBucket, key);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            Index index = BatchJson.read(bytes.get(), Index.class, key);
            return model.equals(index.model()) && version.equals(index.version()) && index.entries() != null
                    ? Optional.of(index) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable: rebuilt from the models
        }
    }

    private Map<String, BatchStorage.ObjectInfo> list(String model) {
        Map<String, BatchStorage.ObjectInfo> out = new HashMap<>();
        for (BatchStorage.ObjectInfo o : storage.list(modelBucket, clientsPrefix(model))) {
            out.put(o.key(), o);
        }
        return out;
    }

    private static byte[] slice(byte[] bytes, long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalStateException("a bundle entry lies outside the bundle");
        }
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }
}
