package com.anycompany.scoring.wiring;

import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.Engines;

import java.time.Duration;
import java.util.Optional;

/**
 * The serving variables of a function's environment, read once. The variable names are declared here and only here.
 *
 * @param modelBucket     MODEL_BUCKET (or the fallback variable the capability names, e.g. DATA_BUCKET for batch)
 * @param modelName       MODEL_NAME, or the capability's default model name
 * @param modelVersion    MODEL_VERSION: a version ("1": pinned) or {@value #REGISTRY_ALIAS} (route by the registry)
 * @param engine          SCORING_ENGINE (default {@value Engines#DEFAULT})
 * @param functionName    AWS_LAMBDA_FUNCTION_NAME, or the capability's default (the metrics' function dimension)
 * @param aliasesRefresh  ALIASES_REFRESH_SECONDS (default 60): how often the registry's aliases are re-read
 * @param routingKeyField ROUTING_KEY_FIELD, or empty: the record field a sticky challenger split hashes
 */
public record ServingEnvironment(String modelBucket, String modelName, String modelVersion, String engine,
                                 String functionName, Duration aliasesRefresh, Optional<String> routingKeyField) {
    public static final String MODEL_BUCKET = "MODEL_BUCKET";
    public static final String DATA_BUCKET = "DATA_BUCKET";
    public static final String MODEL_NAME = "MODEL_NAME";
    public static final String MODEL_VERSION = "MODEL_VERSION";
    public static final String SCORING_ENGINE = "SCORING_ENGINE";
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    public static final String ALIASES_REFRESH_SECONDS = "ALIASES_REFRESH_SECONDS";
    public static final String ROUTING_KEY_FIELD = "ROUTING_KEY_FIELD";
    /** The MODEL_VERSION that routes through the model registry's aliases instead of pinning a version. */
    public static final String REGISTRY_ALIAS = "champion";

    /**
     * What a capability assumes when a variable is unset.
     *
     * @param modelName      the default MODEL_NAME
     * @param modelVersion   the default MODEL_VERSION, or null when the function must be given one
     * @param functionName   the default function name (outside Lambda)
     * @param bucketFallback the variable read when MODEL_BUCKET is unset, or null when MODEL_BUCKET is required
     */
    public record Defaults(String modelName, String modelVersion, String functionName, String bucketFallback) {
    }

    /** Reads the variables once, from the process environment or the test/local overlay ({@link FunctionEnvironment}). */
    public static ServingEnvironment read(Defaults defaults) {
        String bucket = defaults.bucketFallback() == null ? FunctionEnvironment.require(MODEL_BUCKET)
                : FunctionEnvironment.get(MODEL_BUCKET).orElseGet(() -> FunctionEnvironment.require(
                        defaults.bucketFallback()));
        String version = defaults.modelVersion() == null ? FunctionEnvironment.require(MODEL_VERSION)
                : FunctionEnvironment.getOrDefault(MODEL_VERSION, defaults.modelVersion());
        String refresh = FunctionEnvironment.getOrDefault(ALIASES_REFRESH_SECONDS, "60").trim();
        long seconds;
        try {
            seconds = Long.parseLong(refresh);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(ALIASES_REFRESH_SECONDS + " must be a whole number of seconds, not '"
                    + refresh + "'");
        }
        return new ServingEnvironment(bucket, FunctionEnvironment.getOrDefault(MODEL_NAME, defaults.modelName()),
                version, FunctionEnvironment.getOrDefault(SCORING_ENGINE, Engines.DEFAULT),
                FunctionEnvironment.getOrDefault(FUNCTION_NAME, defaults.functionName()), Duration.ofSeconds(seconds),
                FunctionEnvironment.get(ROUTING_KEY_FIELD));
    }

    /** True when {@code version} routes through the registry's aliases. */
    public static boolean routesByRegistry(String version) {
        return REGISTRY_ALIAS.equals(version);
    }
}
