package com.anycompany.scoring.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Picks the model for a client: {@code models/<name>/clients/<clientId>/<version>/} when it exists, else the global
 * {@code models/<name>/<version>/}, and says which ({@link ModelScope}). Models come from the {@link ModelCache}; that
 * a client has no model is remembered for {@link #ABSENT_TTL_NANOS} (so 1,000 clients without a model do not cost
 * 1,000 S3 GETs per shard), bounded to {@link #MAX_ABSENT} entries.
 *
 * <p>A client model that exists but cannot be served (corrupt, truncated, checksum mismatch, an unsupported format:
 * {@link CorruptArtifactException}, {@link com.anycompany.scoring.engine.UnsupportedModelException}) does not fail the
 * client's rows: they are scored by the global model, and {@link Resolved#fallbackReason()} says why, for the run
 * report. It is remembered like an absent model, with its reason.
 *
 * <p>With a freshness check ({@link #ClientModelResolver(ModelCache, Predicate)}), each unit of work (a batch
 * shard, {@link #beginUnit()}) checks a cached model against the store once before its first use in that unit, and
 * looks up again the clients remembered as having no model: a model changed in (or published to) the store is never
 * served from a stale cache entry, and an unchanged one costs one conditional GET instead of two GETs and a compile.
 *
 * <p>Client ids are checked before they reach a key: a bad one raises {@link InvalidClientIdException} naming the id
 * and the rule, never a fallback to the global model.
 */
public final class ClientModelResolver {
    static final long ABSENT_TTL_NANOS = 5L * 60 * 1_000_000_000L;
    static final int MAX_ABSENT = 100_000;

    /** At most this many characters of an unusable model's reason are kept. */
    static final int MAX_REASON = 300;

    /**
     * The model to use, where it came from, and whether the cache already held it. {@code fallbackReason} is null
     * unless the client has a model that could not be used (then {@code scope} is GLOBAL and this says why).
     */
    public record Resolved(LoadedModel model, ModelRef ref, ModelScope scope, String clientId, boolean cacheHit,
            String fallbackReason) {
    }

    /** Why a client has no usable model, until when: {@code reason} null for "no model", else what is wrong. */
    private record Absence(long until, String reason) {
    }

    private final ModelCache cache;
    private final Map<ModelRef, Absence> absentUntil = new ConcurrentHashMap<>();
    private final Predicate<ModelRef> stillCurrent;
    private final Map<ModelRef, Boolean> checked = new ConcurrentHashMap<>();

    public ClientModelResolver(ModelCache cache) {
        this(cache, null);
    }

    /** @param stillCurrent whether a cached version is still the one in the store (null: never checked) */
    public ClientModelResolver(ModelCache cache, Predicate<ModelRef> stillCurrent) {
        this.cache = cache;
        this.stillCurrent = stillCurrent;
    }

    /**
     * Starts a unit of work: with a freshness check, every cached model is checked again before its first use, and
     * clients remembered as having no usable model are looked up again. Without one, nothing changes.
     */
    public void beginUnit() {
        if (stillCurrent != null) {
            checked.clear();
            absentUntil.clear();
        }
    }

    /** The cache's lookup, after dropping a cached version the store no longer has (once per unit and version). */
    private ModelCache.Lookup lookup(ModelRef ref) {
        if (stillCurrent != null && cache.isLoaded(ref)) {
            // computeIfAbsent: concurrent lookups of one version in a unit wait for a single check
            checked.computeIfAbsent(ref, r -> {
                if (!stillCurrent.test(r)) {
                    cache.invalidate(r);
                }
                return Boolean.TRUE;
            });
        }
        ModelCache.Lookup l = cache.lookup(ref);
        if (stillCurrent != null) {
            checked.putIfAbsent(ref, Boolean.TRUE); // just loaded: current for the rest of the unit
        }
        return l;
    }

    public ModelCache cache() {
        return cache;
    }

    /** @param clientId null or blank: the global model */
    public Resolved resolve(String name, String version, String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return global(name, version, null);
        }
        ModelRef clientRef = clientRef(name, version, clientId);
        Absence absence = absentUntil.get(clientRef);
        if (absence == null || System.nanoTime() - absence.until() > 0) {
            String reason;
            try {
                ModelCache.Lookup l = lookup(clientRef);
                absentUntil.remove(clientRef);
                return new Resolved(l.model(), clientRef, ModelScope.CLIENT, clientId, l.hit(), null);
            } catch (ModelNotFoundException e) {
                reason = null;
            } catch (CorruptArtifactException | com.anycompany.scoring.engine.UnsupportedModelException e) {
                String m = "the client model " + clientRef + " cannot be used: " + e.getMessage();
                reason = m.length() > MAX_REASON ? m.substring(0, MAX_REASON - 1) + "…" : m;
            }
            if (absentUntil.size() >= MAX_ABSENT) {
                absentUntil.clear();
            }
            absence = new Absence(System.nanoTime() + ABSENT_TTL_NANOS, reason);
            absentUntil.put(clientRef, absence);
            Resolved g = global(name, version, clientId, reason);
            return new Resolved(g.model(), g.ref(), g.scope(), clientId, false, reason);
        }
        return global(name, version, clientId, absence.reason());
    }

    private Resolved global(String name, String version, String clientId) {
        return global(name, version, clientId, null);
    }

    private Resolved global(String name, String version, String clientId, String fallbackReason) {
        ModelRef ref = ModelRef.of(name, version);
        ModelCache.Lookup l = lookup(ref);
        return new Resolved(l.model(), ref, ModelScope.GLOBAL, clientId, l.hit(), fallbackReason);
    }

    /** The client's reference, or {@link InvalidClientIdException} with what to fix. */
    public static ModelRef clientRef(String name, String version, String clientId) {
        try {
            ModelRef.check("client id", clientId);
        } catch (IllegalArgumentException e) {
            throw new InvalidClientIdException(e.getMessage());
        }
        return new ModelRef(name, version, clientId);
    }
}
