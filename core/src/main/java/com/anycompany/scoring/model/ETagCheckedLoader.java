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

    /**
     * The listing of the current unit of work (a batch shard: its run's snapshot), null for none. While set, a version
     * it covers is read from its packed bytes when they were read with the listed card ETag (no GET), does not exist
     * when the listing shows no card (no GET), and is current only if it was loaded from the listed card ETag (no
     * conditional GET).
     */
    private volatile ListedModels listed;

    public void useListing(ListedModels listing) {
        this.listed = listing;
    }

    public LoadedModel load(ModelRef ref) {
        S3ModelStore.Fetched f = null;
        ListedModels l = listed;
        if (l != null && l.covers(ref)) {
            if (l.cardETag(ref) == null) {
                throw new ModelNotFoundException("no model " + ref + ": " + store.location(ref)
                        + "card.json was not listed when this run was planned; publish it with ./scoring models publish");
            }
            f = l.current(ref).flatMap(p -> store.fromPacked(ref, p)).orElse(null);
        }
        if (f == null) {
            f = store.fetchWithETag(ref);
        }
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
        if (eTag == null) {
            return false;
        }
        ListedModels l = listed;
        if (l != null && l.covers(ref)) {
            return ListedModels.sameETag(eTag, l.cardETag(ref));
        }
        return store.cardUnchanged(ref, eTag);
    }
}
