package com.anycompany.scoring.functions.recommendations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.recommendations.RecommendationService;
import com.anycompany.scoring.recommendations.RecommendationWiring;
import com.anycompany.scoring.rollout.AliasRouter;
import com.fasterxml.jackson.core.type.TypeReference;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;

/**
 * Learning recommendations, invoked directly (events/recommendations-direct-invoke.json):
 * {@code {"learnerId", "learner": {...}, "candidates": [{courseId, ...}, ...], "top"}} in;
 * {@code {"learnerId", "model": {"name", "version"}, "recommendations": [{"rank", "courseId", "score", "reasons",
 * "missing"}], "excludedCompleted", "missing"}} out. A bad request fails the invocation with one
 * {@link com.anycompany.scoring.recommendations.InvalidRecommendationRequestException} naming every bad field.
 * The core is {@link RecommendationService} in capabilities/recommendations (docs/recommendations.md).
 */
public final class RecommendationsScoringHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>,
        Resource {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private final RecommendationService service;

    public RecommendationsScoringHandler() {
        this(RecommendationWiring.fromEnvironment());
    }

    RecommendationsScoringHandler(RecommendationService service) {
        this.service = service;
        Core.getGlobalContext().register(this);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> BatchJson.MAPPER.convertValue(
                service.answer(BatchJson.MAPPER.valueToTree(event)), MAP));
    }

    /** SnapStart: load the served model and run the request path before the snapshot is taken. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        service.warmUp(2_000);
    }

    /** SnapStart: aliases in the snapshot may be hours old. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        if (service.router() instanceof AliasRouter aliases) {
            aliases.invalidate();
        }
    }
}
