package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.engine.Reason;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.Priming;
import com.anycompany.scoring.feature.FieldError;
import com.anycompany.scoring.rollout.ModelRouter;
import com.anycompany.scoring.rollout.Route;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learning recommendations: ranks a learner's candidate courses with the version the registry routes the learner to
 * (sticky by learner id) and returns the best {@code top}, each with its score and top-3 TreeSHAP reasons. Courses
 * the learner has completed are left out; missing learner or course fields are named in the answer, not refused.
 *
 * <p>Logs carry the model, version and counts, never the learner's id, role, skills or courses. Metrics:
 * {@code RecommendRequests}, {@code CandidatesScored}, {@code CandidatesExcluded}, {@code RecommendLatency},
 * {@code BadRequests}.
 */
public final class RecommendationService {
    public static final int REASONS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationService.class);

    private final ModelCache cache;
    private final ModelRouter router;
    private final ScoringMetrics metrics;

    public RecommendationService(ModelCache cache, ModelRouter router, ScoringMetrics metrics) {
        this.cache = cache;
        this.router = router;
        this.metrics = metrics == null ? ScoringMetrics.NONE : metrics;
    }

    public ModelRouter router() {
        return router;
    }

    /** Loads the primary version and runs the whole path {@code rounds} times on synthetic rows (SnapStart priming). */
    public double warmUp(int rounds) {
        LoadedModel model = cache.get(router.primary());
        double sum = Priming.exercise(model, rounds);
        Learner learner = new Learner(LearningFeatures.ROLES.get(0), 24, Set.of("s"), Set.of("c-0"));
        Course course = new Course("c-1", LearningFeatures.TOPICS.get(0), 2, 4.0, 0.5, Set.of("s", "t"));
        for (int r = 0; r < Math.max(1, rounds / 10); r++) {
            sum += recommend(new RecommendationRequest("priming", learner, List.of(course), 1), false)
                    .recommendations().get(0).score();
        }
        return sum;
    }

    /**
     * Answers one request as sent (a parsed JSON tree).
     *
     * @throws InvalidRecommendationRequestException naming every bad field (counted as {@code BadRequests} and logged
     *                                               by field name, never by value)
     */
    public Recommendations answer(JsonNode request) {
        RecommendationRequest parsed;
        try {
            parsed = RecommendationRequest.parse(request);
        } catch (InvalidRecommendationRequestException e) {
            metrics.count("BadRequests", 1);
            metrics.flush();
            LOG.warn("recommend refused: bad fields {}", e.fields().stream().map(FieldError::field).toList());
            throw e;
        }
        return recommend(parsed);
    }

    /** Answers one request (already parsed and checked). */
    public Recommendations recommend(RecommendationRequest request) {
        return recommend(request, true);
    }

    private Recommendations recommend(RecommendationRequest request, boolean observed) {
        long start = System.nanoTime();
        Route route = router.route(request.learnerId(), null);
        LoadedModel model = cache.get(route.serving());
        Learner learner = request.learner();
        List<String> missing = new ArrayList<>();
        LearningFeatures.missing(learner).forEach(f -> missing.add("learner." + f));
        List<String> excluded = new ArrayList<>();
        List<Recommendations.Item> scored = new ArrayList<>();
        for (int i = 0; i < request.candidates().size(); i++) {
            Course c = request.candidates().get(i);
            if (learner.completed(c.courseId())) {
                excluded.add(c.courseId());
                continue;
            }
            List<String> courseMissing = LearningFeatures.missing(c);
            for (String f : courseMissing) {
                missing.add("candidates[" + i + "]." + f);
            }
            Map<String, Object> features = LearningFeatures.of(learner, c);
            LoadedModel.Explained e = model.explain(features::get, "candidates[" + i + "]", REASONS);
            scored.add(new Recommendations.Item(0, c.courseId(), e.outputs()[0], reasons(e.reasons()), courseMissing,
                    i));
        }
        scored.sort(Comparator.comparingDouble((Recommendations.Item x) -> -x.score())
                .thenComparingInt(Recommendations.Item::index));
        List<Recommendations.Item> top = new ArrayList<>(Math.min(request.top(), scored.size()));
        for (int r = 0; r < Math.min(request.top(), scored.size()); r++) {
            top.add(scored.get(r).ranked(r + 1));
        }
        Recommendations out = new Recommendations(request.learnerId(),
                new Recommendations.ModelId(model.card().name(), model.card().version()), top, excluded, missing);
        if (observed) {
            double millis = (System.nanoTime() - start) / 1e6;
            metrics.count("RecommendRequests", 1);
            metrics.count("CandidatesScored", scored.size());
            metrics.count("CandidatesExcluded", excluded.size());
            metrics.millis("RecommendLatency", millis);
            metrics.flush();
            LOG.info("recommend model={} version={} candidates={} excluded={} returned={} missingFields={} millis={}",
                    model.card().name(), model.card().version(), request.candidates().size(), excluded.size(),
                    top.size(), missing.size(), Math.round(millis * 100) / 100.0);
        }
        return out;
    }

    /** Reasons with role and topic shown by name, as the request sent them. */
    private static List<Recommendations.Reason> reasons(List<Reason> reasons) {
        List<Recommendations.Reason> out = new ArrayList<>(reasons.size());
        for (Reason r : reasons) {
            Object value = r.value();
            if (value != null && "role".equals(r.feature())) {
                value = LearningFeatures.ROLES.get(r.value().intValue());
            } else if (value != null && "topic".equals(r.feature())) {
                value = LearningFeatures.TOPICS.get(r.value().intValue());
            }
            out.add(new Recommendations.Reason(r.feature(), value, r.contribution()));
        }
        return out;
    }
}
