package com.anycompany.scoring.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Loaded models per container, keyed by {@link ModelRef}: a model is loaded once and then served from memory.
 * Concurrent misses for the same version share one load (single flight). A failed load is not cached, so the next
 * request retries it.
 */
public final class ModelCache {
    private final ConcurrentMap<ModelRef, CompletableFuture<LoadedModel>> models = new ConcurrentHashMap<>();
    private final Function<ModelRef, LoadedModel> loader;

    public ModelCache(Function<ModelRef, LoadedModel> loader) {
        this.loader = loader;
    }

    public LoadedModel get(ModelRef ref) {
        CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
        CompletableFuture<LoadedModel> existing = models.putIfAbsent(ref, mine);
        if (existing == null) {
            try {
                mine.complete(loader.apply(ref));
            } catch (RuntimeException | Error e) {
                models.remove(ref, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    public boolean isLoaded(ModelRef ref) {
        CompletableFuture<LoadedModel> f = models.get(ref);
        return f != null && f.isDone() && !f.isCompletedExceptionally();
    }

    public int size() {
        return models.size();
    }
}
