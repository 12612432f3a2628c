package com.anycompany.scoring.predict;

import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.rollout.ModelRouter;
import com.anycompany.scoring.wiring.ModelServing;
import com.anycompany.scoring.wiring.ServingEnvironment;

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
    public static final String REGISTRY_ALIAS = ServingEnvironment.REGISTRY_ALIAS;

    private PredictWiring() {
    }

    public static PredictionService fromEnvironment() {
        ServingEnvironment env = ServingEnvironment.read(
                new ServingEnvironment.Defaults("salary", REGISTRY_ALIAS, "salary-scoring", null));
        Map<String, String> versions = new LinkedHashMap<>();
        for (String entry : FunctionEnvironment.getOrDefault("MODELS", "salary").split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            versions.put(eq < 0 ? e : e.substring(0, eq).trim(), eq < 0 ? env.modelVersion() : e.substring(eq + 1).trim());
        }
        ModelServing serving = ModelServing.withDimensions(env, Map.of(
                "model", String.join("+", versions.keySet()), "version", env.modelVersion()));
        Map<String, ModelRouter> routers = new LinkedHashMap<>();
        versions.forEach((name, version) -> routers.put(name, serving.router(name, version)));
        PredictionLimits limits = new PredictionLimits(
                intEnv("MAX_BODY_BYTES", PredictionLimits.DEFAULT.maxBodyBytes()),
                intEnv("MAX_RECORDS", PredictionLimits.DEFAULT.maxRecords()),
                intEnv("REASONS", PredictionLimits.DEFAULT.defaultReasons()));
        return new PredictionService(new ModelCatalog(routers, serving.aliases()), serving.cache(), limits,
                env.routingKeyField().orElse("employee_id"), serving.metrics());
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
