package com.anycompany.scoring.predict;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the prediction endpoint from the function's environment:
 * <ul>
 *   <li>MODEL_BUCKET;</li>
 *   <li>MODELS: the model names served, comma-separated (default "salary"), each optionally pinned as
 *       {@code name=version}; the others use MODEL_VERSION;</li>
 *   <li>MODEL_VERSION: a version, or "champion" (default) to route through the model registry
 *       ({@code models/<name>/aliases.json}, re-read every ALIASES_REFRESH_SECONDS, default 60; sticky challenger by
 *       the record field ROUTING_KEY_FIELD, default "employee_id");</li>
 *   <li>MAX_BODY_BYTES (default 262144), MAX_RECORDS (default 100), REASONS (default 3), SCORING_ENGINE.</li>
 * </ul>
 */
public final class PredictWiring {
    public static final String REGISTRY_ALIAS = "champion";

    private PredictWiring() {
    }

    public static PredictionService fromEnvironment() {
        String bucket = FunctionEnvironment.require("MODEL_BUCKET");
        var s3 = AwsClients.s3();
        String defaultVersion = FunctionEnvironment.getOrDefault("MODEL_VERSION", REGISTRY_ALIAS);
        Duration refresh = Duration.ofSeconds(Long.parseLong(
                FunctionEnvironment.getOrDefault("ALIASES_REFRESH_SECONDS", "60")));
        AliasStore aliases = new AliasStore(s3, bucket);
        Map<String, ModelRouter> routers = new LinkedHashMap<>();
        for (String entry : FunctionEnvironment.getOrDefault("MODELS", "salary").split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq).trim();
            String version = eq < 0 ? defaultVersion : e.substring(eq + 1).trim();
            ModelRef ref = ModelRef.of(name, version);
            routers.put(name, REGISTRY_ALIAS.equals(version)
                    ? new AliasRouter(aliases, name, refresh, Clock.systemUTC())
                    : ModelRouter.fixed(ref));
        }
        PredictionLimits limits = new PredictionLimits(
                intEnv("MAX_BODY_BYTES", PredictionLimits.DEFAULT.maxBodyBytes()),
                intEnv("MAX_RECORDS", PredictionLimits.DEFAULT.maxRecords()),
                intEnv("REASONS", PredictionLimits.DEFAULT.defaultReasons()));
        ModelLoader loader = new ModelLoader(new S3ModelStore(s3, bucket),
                Engines.named(FunctionEnvironment.getOrDefault("SCORING_ENGINE", Engines.DEFAULT)));
        String function = FunctionEnvironment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "salary-scoring");
        var metrics = new EmfScoringMetrics("ServerlessScoring", Map.of("function", function,
                "model", String.join("+", routers.keySet()), "version", defaultVersion));
        return new PredictionService(new ModelCatalog(routers, aliases), new ModelCache(loader::load), limits,
                FunctionEnvironment.getOrDefault("ROUTING_KEY_FIELD", "employee_id"), metrics);
    }

    private static int intEnv(String name, int fallback) {
        String v = FunctionEnvironment.getOrDefault(name, Integer.toString(fallback)).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, not '" + v + "'");
        }
    }
}
