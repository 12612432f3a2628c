package com.anycompany.scoring.functions.recommendations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.metrics.EmfScoringMetrics;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.Priming;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.recommendations.RecommendationService;
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelRouter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning recommendations, invoked directly: {@code {"learnerId": "l-1", "candidates": [{feature: value, …}, …]}}
 * in, {@code {"model": {"name", "version"}, "ranked": [{"index", "score"}, …], "errors": […]}} out, best first.
 * Environment: MODEL_BUCKET, MODEL_NAME (default "recommendations"), MODEL_VERSION (a version or "champion").
 */
public final class RecommendationsScoringHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>,
        Resource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecommendationService service;

    public RecommendationsScoringHandler() {
        String bucket = FunctionEnvironment.require("MODEL_BUCKET");
        ModelRef ref = ModelRef.of(FunctionEnvironment.getOrDefault("MODEL_NAME", "recommendations"),
                FunctionEnvironment.require("MODEL_VERSION"));
        var s3 = AwsClients.s3();
        ModelRouter router = "champion".equals(ref.version())
                ? new AliasRouter(new AliasStore(s3, bucket), ref.name(), Duration.ofSeconds(Long.parseLong(
                        FunctionEnvironment.getOrDefault("ALIASES_REFRESH_SECONDS", "60"))), Clock.systemUTC())
                : ModelRouter.fixed(ref);
        ModelLoader loader = new ModelLoader(new S3ModelStore(s3, bucket),
                Engines.named(FunctionEnvironment.getOrDefault("SCORING_ENGINE", Engines.DEFAULT)));
        var metrics = new EmfScoringMetrics("ServerlessScoring", Map.of("function",
                FunctionEnvironment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "recommendations-scoring"),
                "model", ref.name(), "version", ref.version()));
        this.service = new RecommendationService(new ModelCache(loader::load), router, metrics);
        Core.getGlobalContext().register(this);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            Object learner = event == null ? null : event.get("learnerId");
            Object candidates = event == null ? null : event.get("candidates");
            if (!(candidates instanceof List<?> list)) {
                throw new IllegalArgumentException("the request needs 'candidates': a list of feature objects");
            }
            List<JsonNode> nodes = new ArrayList<>(list.size());
            for (Object c : list) {
                nodes.add(JSON.valueToTree(c));
            }
            RecommendationService.Result r = service.rank(learner == null ? null : learner.toString(), nodes);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", Map.of("name", r.model(), "version", r.version()));
            List<Map<String, Object>> ranked = new ArrayList<>();
            for (RecommendationService.Ranked x : r.ranked()) {
                ranked.add(Map.of("index", x.index(), "score", x.score()));
            }
            out.put("ranked", ranked);
            out.put("errors", r.errors());
            return out;
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.exercise(service.warmUp(), 2_000);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        if (service.router() instanceof AliasRouter aliases) {
            aliases.invalidate();
        }
    }
}
