package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.ListedModels;
import com.anycompany.scoring.model.ModelCard;
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
 * A run's snapshot of a model's client versions, packed into one object so a shard reads its clients' models with
 * two ranged GETs instead of two GETs per client, and Finalize reads the run's cards with one.
 *
 * <p>Plan ({@link #refresh}) lists {@code models/<model>/clients/} in the model bucket once (ListObjectsV2, strongly
 * consistent: every card's and artifact's ETag), keeps the entries of the previous bundle whose card and artifact ETags
 * are unchanged, reads only the changed and new ones (each GET pinned with If-Match to the listed ETag), and writes
 * {@code batch/model-bundles/<model>/<version>/bundle.bin} (every card, then every artifact, in client order), then
 * {@code index.json}; when nothing changed it writes nothing. The index also names the clients whose
 * card was listed but could not be packed (their shards read them from S3, and report what is wrong, as before).
 * The plan pins the index by its ETag in every shard ({@link Shard.ModelBundle}).
 *
 * <p>A shard ({@link #snapshot}) reads the pinned index and its clients' entries and hands the loader a
 * {@link ListedModels}: packed models are compiled from these bytes (card SHA-256 checked here, artifact SHA-256 and
 * size against the card by the loader, as for a GET); a client with no listed card has no model; a model cached by a
 * warm container is kept only if it was loaded from the listed card ETag. So a model changed in S3 is used from the
 * next run on (its Plan lists the new ETag), a run scores every shard with one snapshot of the models, and nothing
 * older than the run's Plan is ever served. The bundle is an optimisation only: if it cannot be built or read, that
 * is logged and models load one by one, with their checks, exactly as without it.
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
     * One client's card and artifact at these offsets of the bundle, read with these ETags; {@code cardSha256} checks
     * the packed card (which in turn pins the artifact's SHA-256 and size).
     */
    public record Entry(String clientId, String cardETag, String cardSha256, long cardOffset, int cardLength,
            String artifactKey, String artifactETag, long artifactOffset, int artifactLength) {
    }

    /**
     * A bundle's index: the blob (pinned by its ETag), its entries in client-id order, and the clients whose card was
     * listed (with its ETag) but is not packed.
     */
    public record Index(String model, String version, String blobKey, String blobETag, List<Entry> entries,
            Map<String, String> unpacked) {
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
     * comment) and returns its pin. Never fails the run: on any error it logs and returns empty (no snapshot: shards
     * read and check models one by one).
     */
    public Optional<Shard.ModelBundle> refresh(String dataBucket, String model, String version) {
        long t0 = System.nanoTime();
        try {
            ModelRef.of(model, version); // validates both before they reach a key
            Shard.ModelBundle pin = refreshOrThrow(dataBucket, model, version);
            LOG.info("model bundle {}@{}: s3://{}/{} in {} ms", model, version, dataBucket, pin.indexKey(),
                    (System.nanoTime() - t0) / 1_000_000);
            return Optional.of(pin);
        } catch (RuntimeException e) {
            LOG.warn("model bundle for {}@{} not refreshed (shards read models one by one): {}", model, version,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Shard.ModelBundle refreshOrThrow(String dataBucket, String model, String version) {
        Map<String, BatchStorage.ObjectInfo> listed = new HashMap<>();
        for (BatchStorage.ObjectInfo o : storage.list(modelBucket, clientsPrefix(model))) {
            if (o.eTag() != null) { // S3Proxy lists a folder marker without one
                listed.put(o.key(), o);
            }
        }
        TreeMap<String, String> cards = new TreeMap<>(); // client id -> card key, in client order
        String prefix = clientsPrefix(model);
        String suffix = "/" + version + "/card.json";
        for (String key : listed.keySet()) {
            if (key.endsWith(suffix) && key.length() > prefix.length() + suffix.length()) {
                String id = key.substring(prefix.length(), key.length() - suffix.length());
                if (id.indexOf('/') < 0) {
                    cards.put(id, key);
                }
            }
        }
        String indexKey = indexKey(model, version);
        Index old = readIndex(dataBucket, indexKey, null, model, version).orElse(null);
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
            boolean sameUnpacked = old.unpacked() != null && old.unpacked().keySet().stream().allMatch(id ->
                    cards.containsKey(id) && ListedModels.sameETag(old.unpacked().get(id),
                            listed.get(cards.get(id)).eTag()));
            if (sameUnpacked && kept.size() == old.entries().size()
                    && kept.size() + old.unpacked().size() == cards.size()) {
                // every entry current, no client added or gone: nothing to write; pinned as it is now
                Optional<BatchStorage.ObjectInfo> now = storage.head(dataBucket, indexKey);
                if (now.isPresent() && now.get().eTag() != null) {
                    return new Shard.ModelBundle(indexKey, now.get().eTag());
                }
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
        Map<String, Read> fresh = new HashMap<>();
        for (Read r : BoundedParallel.map(toRead, FETCH_THREADS, id -> read(id, cards.get(id), listed))) {
            if (r != null) {
                fresh.put(r.clientId(), r);
            }
        }
        // every card first, then every artifact, each in client order: a shard's clients are two ranges
        List<Read> packed = new ArrayList<>();
        Map<String, String> unpacked = new TreeMap<>();
        long total = 0;
        for (String id : cards.keySet()) {
            Entry e = kept.get(id);
            Read r = e != null
                    ? new Read(id, e.cardETag(), slice(oldBlob, e.cardOffset(), e.cardLength()), e.artifactKey(),
                    e.artifactETag(), slice(oldBlob, e.artifactOffset(), e.artifactLength()))
                    : fresh.get(id);
            if (r == null) {
                unpacked.put(id, listed.get(cards.get(id)).eTag()); // its shard reads it from S3, as before
                continue;
            }
            total += r.card().length + (long) r.artifact().length;
            if (total > MAX_BYTES) {
                throw new IllegalStateException("the client models of " + model + "@" + version + " exceed "
                        + MAX_BYTES + " bytes; not bundled");
            }
            packed.add(r);
        }
        ByteArrayOutputStream blob = new ByteArrayOutputStream((int) total);
        long[] cardAt = new long[packed.size()];
        for (int i = 0; i < packed.size(); i++) {
            cardAt[i] = blob.size();
            blob.writeBytes(packed.get(i).card());
        }
        List<Entry> entries = new ArrayList<>(packed.size());
        for (int i = 0; i < packed.size(); i++) {
            Read r = packed.get(i);
            long at = blob.size();
            blob.writeBytes(r.artifact());
            entries.add(new Entry(r.clientId(), r.cardETag(), Hashing.sha256Hex(r.card()), cardAt[i], r.card().length,
                    r.artifactKey(), r.artifactETag(), at, r.artifact().length));
        }
        byte[] bytes = blob.toByteArray();
        // replaced in place (a PUT is atomic; a retried Plan writes the same bytes): a run still pinned to the old
        // bundle fails its If-Match and reads its models one by one
        String blobKey = PREFIX + model + "/" + version + "/bundle.bin";
        String blobETag = storage.write(dataBucket, blobKey, bytes, "application/octet-stream");
        Index index = new Index(model, version, blobKey, blobETag, List.copyOf(entries), unpacked);
        String indexETag = storage.write(dataBucket, indexKey, BatchJson.bytes(index), "application/json");
        LOG.info("model bundle {}@{} rebuilt: {} clients packed ({} unchanged, {} read), {} not packed, {} bytes",
                model, version, entries.size(), kept.size(), fresh.size(), unpacked.size(), bytes.length);
        return new Shard.ModelBundle(indexKey, indexETag);
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
            return null; // its shard reads it from S3 and reports what is wrong
        }
    }

    /**
     * ScoreShard: the run's snapshot from the pinned index, with the packed bytes of {@code clientIds}' models (two
     * ranged GETs); null when the index cannot be read (then every model is read and checked one by one).
     */
    public ListedModels snapshot(Shard.ModelBundle pin, String dataBucket, String model, String version,
            Set<String> clientIds) {
        long t0 = System.nanoTime();
        Index index;
        try {
            index = readIndex(dataBucket, pin.indexKey(), pin.indexETag(), model, version).orElse(null);
        } catch (RuntimeException e) {
            index = null;
        }
        if (index == null) {
            LOG.warn("model bundle s3://{}/{} not usable (models read one by one)", dataBucket, pin.indexKey());
            return null;
        }
        Map<String, String> cardETags = new HashMap<>(index.unpacked() == null ? Map.of() : index.unpacked());
        List<Entry> wanted = new ArrayList<>();
        for (Entry e : index.entries()) {
            cardETags.put(e.clientId(), e.cardETag());
            if (clientIds.contains(e.clientId())) {
                wanted.add(e);
            }
        }
        Map<String, ListedModels.Packed> packed = new HashMap<>();
        try {
            packed = packed(dataBucket, index, wanted);
        } catch (IOException | RuntimeException e) {
            LOG.warn("model bundle {} not read (models read one by one): {}", index.blobKey(), e.getMessage());
        }
        LOG.info("model snapshot {}@{}: {} clients listed, {} of the shard's {} clients packed, read in {} ms", model,
                version, cardETags.size(), packed.size(), clientIds.size(), (System.nanoTime() - t0) / 1_000_000);
        return new ListedModels(model, version, cardETags, packed);
    }

    private Map<String, ListedModels.Packed> packed(String dataBucket, Index index, List<Entry> wanted)
            throws IOException {
        Map<String, ListedModels.Packed> packed = new HashMap<>();
        if (wanted.isEmpty()) {
            return packed;
        }
        long cardsFrom = Long.MAX_VALUE;
        long cardsTo = 0;
        long artifactsFrom = Long.MAX_VALUE;
        long artifactsTo = 0;
        for (Entry e : wanted) {
            cardsFrom = Math.min(cardsFrom, e.cardOffset());
            cardsTo = Math.max(cardsTo, e.cardOffset() + e.cardLength());
            artifactsFrom = Math.min(artifactsFrom, e.artifactOffset());
            artifactsTo = Math.max(artifactsTo, e.artifactOffset() + e.artifactLength());
        }
        byte[] cards = range(dataBucket, index, cardsFrom, cardsTo);
        byte[] artifacts = range(dataBucket, index, artifactsFrom, artifactsTo);
        for (Entry e : wanted) {
            byte[] card = slice(cards, e.cardOffset() - cardsFrom, e.cardLength());
            if (Hashing.sha256Hex(card).equals(e.cardSha256())) { // else not the card it was packed from: read from S3
                packed.put(e.clientId(), new ListedModels.Packed(e.cardETag(), card, e.artifactKey(),
                        slice(artifacts, e.artifactOffset() - artifactsFrom, e.artifactLength())));
            }
        }
        return packed;
    }

    /**
     * Finalize: the cards of the run's snapshot, parsed (one ranged GET), for the drift report; empty when the
     * bundle cannot be read (the cards are then read one by one).
     */
    public Map<ModelRef, ModelCard> cards(Shard.ModelBundle pin, String dataBucket, String model, String version) {
        Map<ModelRef, ModelCard> out = new HashMap<>();
        try {
            Index index = readIndex(dataBucket, pin.indexKey(), pin.indexETag(), model, version).orElse(null);
            if (index == null || index.entries().isEmpty()) {
                return out;
            }
            long from = Long.MAX_VALUE;
            long to = 0;
            for (Entry e : index.entries()) {
                from = Math.min(from, e.cardOffset());
                to = Math.max(to, e.cardOffset() + e.cardLength());
            }
            byte[] cards = range(dataBucket, index, from, to);
            for (Entry e : index.entries()) {
                byte[] card = slice(cards, e.cardOffset() - from, e.cardLength());
                if (Hashing.sha256Hex(card).equals(e.cardSha256())) {
                    ModelRef ref = new ModelRef(model, version, e.clientId());
                    out.put(ref, ModelCards.parse("s3://" + modelBucket + "/" + ref.prefix() + "card.json", card));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("model bundle cards not read (read one by one): {}", e.getMessage());
            out.clear();
        }
        return out;
    }

    private byte[] range(String dataBucket, Index index, long from, long to) throws IOException {
        byte[] bytes;
        try (InputStream in = storage.openRange(dataBucket, index.blobKey(), from, to, index.blobETag())) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != to - from) {
            throw new IllegalStateException("read " + bytes.length + " bytes of " + index.blobKey() + ", expected "
                    + (to - from));
        }
        return bytes;
    }

    /** The index at {@code key} (pinned to {@code eTag} when non-null), if it is one of {@code model}@{@code version}. */
    private Optional<Index> readIndex(String dataBucket, String key, String eTag, String model, String version) {
        byte[] bytes;
        if (eTag == null) {
            Optional<byte[]> found = storage.read(dataBucket, key);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            bytes = found.get();
        } else {
            try (InputStream in = storage.open(dataBucket, key, eTag)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new BatchStorageUnavailableException("reading s3://" + dataBucket + "/" + key + " failed: "
                        + e.getMessage(), e);
            }
        }
        try {
            Index index = BatchJson.read(bytes, Index.class, key);
            return model.equals(index.model()) && version.equals(index.version()) && index.entries() != null
                    && index.blobKey() != null ? Optional.of(index) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable: rebuilt from the models
        }
    }

    private static byte[] slice(byte[] bytes, long offset, int length) {
        if (bytes == null || offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalStateException("a bundle entry lies outside the bundle");
        }
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }
}
