package com.anycompany.scoring.model;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link ModelStore} on an S3 bucket (or anything speaking S3, such as the local S3Proxy). */
public final class S3ModelStore implements ModelStore {
    private static final String CARD = "card.json";

    private final S3Client s3;
    private final String bucket;

    public S3ModelStore(S3Client s3, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("model bucket is not set");
        }
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** The client this store uses (for the files kept beside versions: golden sets, aliases). */
    public S3Client s3() {
        return s3;
    }

    @Override
    public String location(ModelRef ref) {
        return "s3://" + bucket + "/" + ref.prefix();
    }

    @Override
    public StoredModel fetch(ModelRef ref) {
        return fetchWithETag(ref).model();
    }

    /** A version as {@link #fetch} reads it, and the ETag of the card it was read from. */
    public record Fetched(StoredModel model, String cardETag) {
    }

    /** {@link #fetch}, also returning the card's ETag, for {@link #cardUnchanged} to check later. */
    public Fetched fetchWithETag(ModelRef ref) {
        String cardKey = ref.prefix() + CARD;
        String cardUri = uri(cardKey);
        Obj cardObj = read(cardKey, Integer.MAX_VALUE - 8).orElseThrow(() -> new ModelNotFoundException(
                "no model " + ref + ": " + cardUri + " does not exist; publish it with ./scoring models publish"));
        byte[] cardBytes = cardObj.bytes();
        ModelCard card = checkedCard(ref, cardUri, cardBytes);
        String artifactKey = ref.prefix() + card.artifact().file();
        ModelLimits limits = ModelLimits.current();
        // read at most one byte more than the limit: an object larger than its card says is refused, not buffered
        byte[] bytes = get(artifactKey, limits.maxBytes() + 1).orElseThrow(() -> new CorruptArtifactException(
                uri(artifactKey) + ": the artifact named by " + cardUri + " does not exist; republish this version"));
        limits.checkArtifactSize(uri(artifactKey), bytes.length);
        return new Fetched(ArtifactChecks.verify(card, cardUri, uri(artifactKey), bytes), cardObj.eTag());
    }

    /**
     * A version from bytes read earlier ({@link ListedModels.Packed}), with exactly the checks {@link #fetchWithETag}
     * makes (identity, size limits, the artifact's SHA-256 and size against the card); empty when the card names an
     * artifact other than the packed one (then read it from S3).
     */
    public Optional<Fetched> fromPacked(ModelRef ref, ListedModels.Packed packed) {
        String cardUri = uri(ref.prefix() + CARD);
        ModelCard card = checkedCard(ref, cardUri, packed.card());
        String artifactKey = ref.prefix() + card.artifact().file();
        if (!artifactKey.equals(packed.artifactKey())) {
            return Optional.empty();
        }
        ModelLimits.current().checkArtifactSize(uri(artifactKey), packed.artifact().length);
        return Optional.of(new Fetched(ArtifactChecks.verify(card, cardUri, uri(artifactKey), packed.artifact()),
                packed.cardETag()));
    }

    private ModelCard checkedCard(ModelRef ref, String cardUri, byte[] cardBytes) {
        ModelCard card = ModelCards.parse(cardUri, cardBytes);
        ArtifactChecks.checkIdentity(ref, card, cardUri);
        ModelLimits.current().checkArtifactSize(uri(ref.prefix() + card.artifact().file()), card.artifact().sizeBytes());
        return card;
    }

    /**
     * Whether the version's card.json still has {@code cardETag}: one conditional GET (If-None-Match), answered
     * 304 with no body when unchanged. A changed, replaced or deleted card is false. The card pins its artifact's
     * SHA-256 and size, so an unchanged card means the model loaded from it is still the published one.
     */
    public boolean cardUnchanged(ModelRef ref, String cardETag) {
        String key = ref.prefix() + CARD;
        if (cardETag == null) {
            return false;
        }
        try (var in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch(cardETag).build())) {
            return false; // 200: a different card
        } catch (java.io.IOException e) {
            throw new ModelUnavailableException("reading " + uri(key) + " failed: " + e.getMessage(), e);
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return true;
            }
            if (e.statusCode() == 404 || e instanceof NoSuchKeyException) {
                return false;
            }
            throw unavailable(key, e);
        } catch (SdkClientException e) {
            throw new ModelUnavailableException("cannot reach S3 reading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    /** Reads any object; empty when it does not exist. Store failures are {@link ModelUnavailableException}. */
    public Optional<byte[]> get(String key) {
        return get(key, Integer.MAX_VALUE - 8);
    }

    /** Reads at most {@code maxBytes} of an object (the caller compares the length to its limit). */
    private Optional<byte[]> get(String key, long maxBytes) {
        return read(key, maxBytes).map(Obj::bytes);
    }

    /** An object's bytes and ETag. */
    private record Obj(byte[] bytes, String eTag) {
    }

    private Optional<Obj> read(String key, long maxBytes) {
        try (var in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
            return Optional.of(new Obj(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes)),
                    in.response().eTag()));
        } catch (java.io.IOException e) {
            throw new ModelUnavailableException("reading " + uri(key) + " failed: " + e.getMessage(), e);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (NoSuchBucketException e) {
            throw new ModelNotFoundException("bucket " + bucket + " does not exist (reading " + key + ")");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable(key, e);
        } catch (SdkClientException e) {
            throw new ModelUnavailableException("cannot reach S3 reading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    private ModelUnavailableException unavailable(String key, S3Exception e) {
        if (e.statusCode() == 403) {
            return new ModelUnavailableException("access denied reading " + uri(key)
                    + "; check the function's s3:GetObject permission on the models/ prefix, and s3:ListBucket on "
                    + "the bucket: without it S3 answers a missing key (a client with no model) 403, not 404", e);
        }
        return new ModelUnavailableException("S3 error " + e.statusCode() + " reading " + uri(key), e);
    }

    @Override
    public ModelCard publish(ModelCard card, byte[] artifactBytes, String artifactFile) {
        ModelRef ref = card.ref();
        ModelCard stamped = ArtifactChecks.stamp(card, artifactBytes, artifactFile);
        putOnce(ref.prefix() + artifactFile, artifactBytes, "application/octet-stream");
        byte[] cardBytes = ModelCards.toJson(stamped);
        String cardKey = ref.prefix() + CARD;
        if (!putIfAbsent(cardKey, cardBytes, "application/json")) {
            ModelCard existing = ModelCards.parse(uri(cardKey), get(cardKey).orElseThrow());
            if (!existing.artifact().sha256().equals(stamped.artifact().sha256())) {
                throw new IllegalStateException(ref + " is already published with a different artifact ("
                        + uri(cardKey) + "); versions are immutable, publish a new version");
            }
            return existing;
        }
        return stamped;
    }

    private void putOnce(String key, byte[] bytes, String type) {
        // look first: a conditional PUT refused with 412 while a large body is still being sent surfaces as a
        // broken connection on some servers, and re-publishing the same version is the common case to make cheap
        Optional<byte[]> present = get(key);
        if (present.isPresent()) {
            if (!Arrays.equals(present.get(), bytes)) {
                throw new IllegalStateException(uri(key) + " already exists with different bytes; versions are "
                        + "immutable, publish a new version");
            }
            return;
        }
        if (!putIfAbsent(key, bytes, type)) {
            byte[] existing = get(key).orElseThrow();
            if (!Arrays.equals(existing, bytes)) {
                throw new IllegalStateException(uri(key) + " already exists with different bytes; versions are "
                        + "immutable, publish a new version");
            }
        }
    }

    /** Conditional create (If-None-Match: *): false when the object already exists. */
    private boolean putIfAbsent(String key, byte[] bytes, String type) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(type).ifNoneMatch("*").build(),
                    RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw new ModelUnavailableException("S3 error " + e.statusCode() + " writing " + uri(key), e);
        } catch (SdkClientException e) {
            throw new ModelUnavailableException("cannot reach S3 writing " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ModelRef> list() {
        List<ModelRef> refs = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix("models/")
                    .build()).contents()) {
                ModelPaths.refOfCardKey(o.key()).ifPresent(refs::add);
            }
        } catch (SdkClientException e) {
            throw new ModelUnavailableException("cannot reach S3 listing s3://" + bucket + "/models/: " + e.getMessage(), e);
        }
        refs.sort(ModelPaths.ORDER);
        return refs;
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
