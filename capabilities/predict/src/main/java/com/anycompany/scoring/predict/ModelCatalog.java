package com.anycompany.scoring.predict;

import com.anycompany.scoring.model.ModelNotFoundException;
import com.anycompany.scoring.model.ModelUnavailableException;
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelRouter;
import com.anycompany.scoring.rollout.Route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models this endpoint serves, by name, each with its router: a pinned version or the registry's champion
 * ({@link AliasRouter}, sticky challenger). A name outside the catalog is unknown (404) without any call to S3, so the
 * function's role can stay limited to its own models' prefixes.
 */
public final class ModelCatalog {
    private final Map<String, ModelRouter> routers;
    private final AliasStore aliases;

    /** @param aliases the registry behind any {@link AliasRouter} in {@code routers} (null when all are pinned) */
    public ModelCatalog(Map<String, ModelRouter> routers, AliasStore aliases) {
        if (routers.isEmpty()) {
            throw new IllegalArgumentException("the endpoint serves no model; set MODELS");
        }
        this.routers = Map.copyOf(new LinkedHashMap<>(routers));
        this.aliases = aliases;
    }

    public List<String> names() {
        return routers.keySet().stream().sorted().toList();
    }

    public Optional<ModelRouter> router(String name) {
        return Optional.ofNullable(routers.get(name));
    }

    /**
     * The version serving one record of model {@code name}.
     *
     * @param routingKey the sticky key (e.g. an employee id) for a challenger split; null routes to the champion
     * @throws ModelNotFoundException    the name is not served here, or the registry has no champion for it
     * @throws ModelUnavailableException the registry cannot be read now (S3 down or throttling)
     */
    public Route route(String name, String routingKey) {
        ModelRouter router = routers.get(name);
        if (router == null) {
            throw new ModelNotFoundException("no model '" + name + "' is served here; models: " + names());
        }
        try {
            return router.route(routingKey, null);
        } catch (ModelUnavailableException e) {
            // no aliases file at all means the model was never promoted: unknown, not unavailable
            if (router instanceof AliasRouter && aliases != null && aliases.read(name).isEmpty()) {
                throw new ModelNotFoundException("model '" + name + "' has no champion version yet: publish one and "
                        + "promote it (./scoring models promote --name " + name + " --version V)");
            }
            throw e;
        }
    }

    /** After a SnapStart restore: registry aliases in the snapshot may be stale. */
    public void invalidate() {
        routers.values().forEach(r -> {
            if (r instanceof AliasRouter a) {
                a.invalidate();
            }
        });
    }
}
