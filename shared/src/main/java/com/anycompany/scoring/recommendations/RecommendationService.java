package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.rollout.ModelRouter;
import com.anycompany.scoring.rollout.Route;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Learning recommendations: scores a learner's candidate courses with the version the registry routes the learner to
 * (sticky by learner id) and ranks them, best first. A candidate that cannot be scored is reported, not ranked.
 */
public final class RecommendationService {
    public record Ranked(int index, float score) {
    }

    public record Result(String model, String version, List<Ranked> ranked, List<String> errors) {
    }

    private final ModelCache cache;
    private final ModelRouter router;
    private final ScoringMetrics metrics;

    public RecommendationService(ModelCache cache, ModelRouter router, ScoringMetrics metrics) {
        this.cache = cache;
        this.router = router;
        this.metrics = metrics;
    }

    public ModelRouter router() {
        return router;
    }

    public LoadedModel warmUp() {
        return cache.get(router.primary());
    }

    public Result rank(String learnerId, List<JsonNode> candidates) {
        Route route = router.route(learnerId, null);
        LoadedModel model = cache.get(route.serving());
        List<Ranked> ranked = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode c = candidates.get(i);
            try {
                if (c == null || !c.isObject()) {
                    throw new IllegalArgumentException("candidate " + i + " is not a JSON object");
                }
                ranked.add(new Ranked(i, model.score(new JsonRecord(c), "candidate " + i)[0]));
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
            }
        }
        ranked.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparingInt(Ranked::index));
        metrics.count("CandidatesScored", ranked.size());
        metrics.count("CandidatesRejected", errors.size());
        if (!ranked.isEmpty()) {
            metrics.value("MeanScore", ranked.stream().mapToDouble(Ranked::score).average().orElse(0));
        }
        metrics.flush();
        return new Result(model.card().name(), model.card().version(), ranked, errors);
    }
}
