package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.wiring.ModelServing;
import com.anycompany.scoring.wiring.ServingEnvironment;

/**
 * Builds the recommendations service from the function's environment: MODEL_BUCKET, MODEL_NAME (default
 * "recommendations"), MODEL_VERSION (a version, or "champion" to follow the registry's aliases, re-read every
 * ALIASES_REFRESH_SECONDS, default 60), SCORING_ENGINE.
 */
public final class RecommendationWiring {
    private RecommendationWiring() {
    }

    public static RecommendationService fromEnvironment() {
        ModelServing serving = ModelServing.of(ServingEnvironment.read(
                new ServingEnvironment.Defaults("recommendations", null, "recommendations-scoring", null)));
        return new RecommendationService(serving.cache(), serving.router(), serving.metrics());
    }
}
