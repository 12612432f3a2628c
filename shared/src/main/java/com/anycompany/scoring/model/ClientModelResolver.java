package com.anycompany.scoring.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the model for a client: {@code models/<name>/clients/<clientId>/<version>/} when it exists, else the global
 * {@code models/<name>/<version>/}, and says which ({@link ModelScope}). Models come from the {@link ModelCache}; that
 * a client has no model is remembered for {@link #ABSENT_TTL_NANOS} (so 1,000 clients without a model do not cost
 * 1,000 S3 GETs per shard), bounded to {@link #MAX_ABSENT} entries.
 *
 * <p>Client ids are checked before they reach a key: a bad one raises {@link InvalidClientIdException} naming the id
 * and the rule, never a fallback to the global model.
 */
public final class ClientModelResolver {
    static final long ABSENT_TTL_NANOS = 5L * 60 * 1_000_000_000L;
    static final int MAX_ABSENT = 100_000;

    /** The model to use, where it came from, and whether the cache already held it. */
    public record Resolved(LoadedModel model, ModelRef ref, ModelScope scope, String clientId, boolean cacheHit) {
    }

    private final ModelCache cache;
    private final Map<ModelRef, Long> absentUntil = new ConcurrentHashMap<>();

    public ClientModelResolver(ModelCache cache) {
        this.cache = cache;
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
        Long until = absentUntil.get(clientRef);
        if (until == null || System.nanoTime() - until > 0) {
            try {
                ModelCache.Lookup l = cache.lookup(clientRef);
                absentUntil.remove(clientRef);
                return new Resolved(l.model(), clientRef, ModelScope.CLIENT, clientId, l.hit());
            } catch (ModelNotFoundException e) {
                if (absentUntil.size() >= MAX_ABSENT) {
                    absentUntil.clear();
                }
                absentUntil.put(clientRef, System.nanoTime() + ABSENT_TTL_NANOS);
                Resolved g = global(name, version, clientId);
                return new Resolved(g.model(), g.ref(), g.scope(), clientId, false);
            }
        }
        return global(name, version, clientId);
    }

    private Resolved global(String name, String version, String clientId) {
        ModelRef ref = ModelRef.of(name, version);
        ModelCache.Lookup l = cache.lookup(ref);
        return new Resolved(l.model(), ref, ModelScope.GLOBAL, clientId, l.hit());
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
