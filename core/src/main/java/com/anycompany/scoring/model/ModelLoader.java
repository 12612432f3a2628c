package com.anycompany.scoring.model;

import com.anycompany.scoring.engine.Engine;

/** Fetches a version from a {@link ModelStore}, compiles it with an {@link Engine} and binds it to its card. */
public final class ModelLoader {
    private final ModelStore store;
    private final Engine engine;

    public ModelLoader(ModelStore store, Engine engine) {
        this.store = store;
        this.engine = engine;
    }

    public LoadedModel load(ModelRef ref) {
        return bind(store.fetch(ref), engine);
    }

    /** Compiles a fetched version with {@code engine} and binds it to its card. */
    static LoadedModel bind(StoredModel stored, Engine engine) {
        return LoadedModel.bind(stored.card(), engine.compile(stored.artifact()), stored.artifact().source());
    }

    public ModelStore store() {
        return store;
    }
}
