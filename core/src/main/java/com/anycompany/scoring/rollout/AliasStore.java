package com.anycompany.scoring.rollout;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.ModelUnavailableException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@code models/<name>/aliases.json} with conditional writes: the first write uses
 * {@code If-None-Match: *}, every later one {@code If-Match: <ETag read>}. Two operators who read the same aliases
 * cannot both write: the second gets an {@link AliasConflictException} and nothing of theirs is stored.
 */
public final class AliasStore {
    public static final String FILE = "aliases.json";
    private static final ObjectMapper JSON = Json.MAPPER;

    /** Aliases as read, with the ETag a write must match. */
    public record Versioned(ModelAliases aliases, String etag) {
    }

    private final S3Client s3;
    private final String bucket;

    public AliasStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public static String key(String model) {
        ModelRef.of(model, "0"); // validates the name before it becomes a key
        return "models/" + model + "/" + FILE;
    }

    public String uri(String model) {
        return "s3://" + bucket + "/" + key(model);
    }

    public Optional<Versioned> read(String model) {
        try {
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(model)));
            return Optional.of(new Versioned(parse(model, got.asByteArray()), got.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new ModelUnavailableException("S3 error " + e.statusCode() + " reading " + uri(model), e);
        } catch (SdkClientException e) {
            throw new ModelUnavailableException("cannot reach S3 reading " + uri(model) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code aliases} if the stored file still has {@code expectedEtag} (empty: only if there is no file yet).
     *
     * @return the new ETag
     * @throws AliasConflictException the file changed (or appeared) since it was read
     */
    public String write(ModelAliases aliases, Optional<String> expectedEtag) {
        String model = aliases.model();
        byte[] bytes;
        try {
            bytes = Json.PRETTY.writeValueAsBytes(aliases);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise aliases of " + model, e);
        }
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key(model))
                .contentType("application/json");
        expectedEtag.ifPresentOrElse(put::ifMatch, () -> put.ifNoneMatch("*"));
        try {
            return s3.putObject(put.build(), RequestBody.fromBytes(bytes)).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new AliasConflictException(uri(model) + " was changed by someone else since it was read"
                        + expectedEtag.map(t -> " (ETag " + t + ")").orElse(" (it did not exist then)")
                        + "; nothing was written. Re-read the aliases (./scoring models list) and retry.");
            }
            throw new ModelUnavailableException("S3 error " + e.statusCode() + " writing " + uri(model), e);
        } catch (SdkClientException e) {
            throw new ModelUnavailableException("cannot reach S3 writing " + uri(model) + ": " + e.getMessage(), e);
        }
    }

    /**
     * One read-modify-write: reads the aliases (or starts from {@code initial} when there are none), applies
     * {@code change} and writes conditionally. Not retried: a conflict means someone else decided in between, and the
     * operator must look again.
     */
    public Versioned update(String model, UnaryOperator<ModelAliases> change, java.util.function.Supplier<ModelAliases> initial,
                            String by) {
        Optional<Versioned> current = read(model);
        ModelAliases base = current.map(Versioned::aliases).orElseGet(initial);
        ModelAliases next = change.apply(base).stamped(Instant.now().toString(), by);
        String etag = write(next, current.map(Versioned::etag));
        return new Versioned(next, etag);
    }

    static ModelAliases parse(String model, byte[] bytes) {
        try {
            ModelAliases a = JSON.readValue(bytes, ModelAliases.class);
            if (a == null || !model.equals(a.model())) {
                throw new IllegalStateException("models/" + model + "/" + FILE + " names model "
                        + (a == null ? "nothing" : a.model()) + "; fix or rewrite it");
            }
            return a;
        } catch (IOException e) {
            String reason = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getMessage();
            throw new IllegalStateException("models/" + model + "/" + FILE + " is not valid: " + reason, e);
        }
    }

    public static byte[] toJson(ModelAliases aliases) {
        try {
            return Json.PRETTY.writeValueAsBytes(aliases);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
