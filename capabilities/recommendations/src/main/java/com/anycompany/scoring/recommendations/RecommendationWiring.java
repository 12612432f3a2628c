package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.metrics.EmfScoringMetrics;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelRouter;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the recommendations service from the function's environment: MODEL_BUCKET, MODEL_NAME (default
 * "recommendations"), MODEL_VERSION (a version, or "champion" to follow the registry's aliases, re-read every
 * ALIASES_REFRESH_SECONDS, default 60), SCORING_ENGINE.
 */
public final class RecommendationWiring {
    private RecommendationWiring() {
    }

    public static RecommendationService fromEnvironment() {
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
        return new RecommendationService(new ModelCache(loader::load), router, metrics);
    }
}
