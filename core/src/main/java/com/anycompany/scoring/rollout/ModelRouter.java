package com.anycompany.scoring.rollout;

import com.anycompany.scoring.model.ModelRef;

/** Chooses the model version for each request. */
public interface ModelRouter {
    /** The version most requests get (loaded at init and during SnapStart priming). */
    ModelRef primary();

    /**
     * @param entityId the sticky key (employee or account id); null routes to the champion
     * @param clientId the payroll client, for per-client canaries; may be null
     */
    Route route(String entityId, String clientId);

    /** One version, pinned by configuration (MODEL_VERSION=1): no registry. */
    static ModelRouter fixed(ModelRef ref) {
        Route route = new Route(ref, "fixed", null);
        return new ModelRouter() {
            @Override
            public ModelRef primary() {
                return ref;
            }

            @Override
            public Route route(String entityId, String clientId) {
                return route;
            }
        };
    }
}
