package com.anycompany.scoring.model;

import com.anycompany.scoring.engine.Engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads versions from an {@link S3ModelStore} for a {@link ModelCache} like {@link ModelLoader}, and remembers the
 * ETag of the card each was loaded from, so {@link #isCurrent} can tell with one conditional GET (304 when unchanged)
 * whether a cached model is still the one in S3. The card pins its artifact's SHA-256 and size, so an unchanged card
 * means an unchanged model. One ETag string (about 100 bytes with its key, inside the model cache's per-model
 * allowance for the card) per version loaded, at most {@value #MAX_TRACKED}.
 */
public final class ETagCheckedLoader {
    private final S3ModelStore store;
    private final Engine engine;
    /** Versions whose ETag is kept; past it the map starts again (forgotten versions read as changed: reloaded). */
    static final int MAX_TRACKED = 100_000;

    private final Map<ModelRef, String> cardETags = new ConcurrentHashMap<>();

    public ETagCheckedLoader(S3ModelStore store, Engine engine) {
        this.store = store;
        this.engine = engine;
    }

    public LoadedModel load(ModelRef ref) {
        S3ModelStore.Fetched f = store.fetchWithETag(ref);
        LoadedModel model = ModelLoader.bind(f.model(), engine);
        if (cardETags.size() >= MAX_TRACKED) {
            cardETags.clear();
        }
        if (f.cardETag() != null) {
            cardETags.put(ref, f.cardETag());
        } else {
            cardETags.remove(ref);
        }
        return model;
    }

    /** Whether the version last loaded is still the one in S3 (false when its card changed, went away or had no ETag). */
    public boolean isCurrent(ModelRef ref) {
        String eTag = cardETags.get(ref);
        return eTag != null && store.cardUnchanged(ref, eTag);
    }
}
