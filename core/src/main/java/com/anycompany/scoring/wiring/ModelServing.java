package com.anycompany.scoring.wiring;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.metrics.EmfScoringMetrics;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.ETagCheckedLoader;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelRouter;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serving setup of every scoring function, built one way from one {@link ServingEnvironment}: routing (a pinned
 * version, or the registry's champion/challenger aliases re-read every {@code aliasesRefresh}), loading (the S3 model
 * store and the named engine), caching (a {@link ModelCache} under the environment's byte budget, reporting its hits,
 * misses and loads) and CloudWatch EMF metrics under the namespace {@value #NAMESPACE}.
 */
public final class ModelServing {
    public static final String NAMESPACE = "ServerlessScoring";

    private final ServingEnvironment env;
    private final S3Client s3;
    private final AliasStore aliases;
    private final ModelLoader loader;
    private final ETagCheckedLoader checkedLoader;
    private final ScoringMetrics metrics;
    private final ModelCache cache;

    private ModelServing(ServingEnvironment env, S3Client s3, Map<String, String> dimensions) {
        this.env = env;
        this.s3 = s3;
        this.aliases = new AliasStore(s3, env.modelBucket());
        S3ModelStore store = new S3ModelStore(s3, env.modelBucket());
        this.loader = new ModelLoader(store, Engines.named(env.engine()));
        // the cache loads through the ETag-remembering loader, so a caller that keeps models across runs (the batch
        // transform) can check one against its card with a conditional GET before using it: never served stale
        this.checkedLoader = new ETagCheckedLoader(store, Engines.named(env.engine()));
        this.metrics = new EmfScoringMetrics(NAMESPACE, dimensions);
        this.cache = new ModelCache(checkedLoader::load, ModelCache.budgetFromEnvironment(), metrics);
    }

    /**
     * The serving setup with the metrics dimensions {@code function}, {@code model} and {@code version} (the
     * environment's model and version).
     */
    public static ModelServing of(ServingEnvironment env) {
        return withDimensions(env, Map.of("model", env.modelName(), "version", env.modelVersion()));
    }

    /** The serving setup with the metrics dimension {@code function} plus {@code dimensions}. */
    public static ModelServing withDimensions(ServingEnvironment env, Map<String, String> dimensions) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("function", env.functionName());
        all.putAll(dimensions);
        return new ModelServing(env, AwsClients.s3(), Map.copyOf(all));
    }

    public ServingEnvironment environment() {
        return env;
    }

    /** The one S3 client the setup reads models and aliases with. */
    public S3Client s3() {
        return s3;
    }

    /** The router of the environment's model and version. */
    public ModelRouter router() {
        return router(env.modelName(), env.modelVersion());
    }

    /** A pinned version routes to itself; {@value ServingEnvironment#REGISTRY_ALIAS} routes by the registry. */
    public ModelRouter router(String modelName, String version) {
        ModelRef ref = ModelRef.of(modelName, version); // validates both, whichever way it routes
        return ServingEnvironment.routesByRegistry(version)
                ? new AliasRouter(aliases, ref.name(), env.aliasesRefresh(), Clock.systemUTC())
                : ModelRouter.fixed(ref);
    }

    public AliasStore aliases() {
        return aliases;
    }

    public ModelLoader loader() {
        return loader;
    }

    /** Whether a version the cache loaded is still the one in S3 (one conditional GET of its card). */
    public boolean isCurrent(ModelRef ref) {
        return checkedLoader.isCurrent(ref);
    }

    /**
     * Sets (null: clears) the listing of the current unit of work: models it shows current are loaded from their
     * packed bytes and checked against it, with no S3 request (see {@link ETagCheckedLoader#useListing}).
     */
    public void useListing(com.anycompany.scoring.model.ListedModels listing) {
        checkedLoader.useListing(listing);
    }

    public ModelCache cache() {
        return cache;
    }

    public ScoringMetrics metrics() {
        return metrics;
    }
}
