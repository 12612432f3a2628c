package com.anycompany.scoring.fraud;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.metrics.EmfScoringMetrics;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.monitor.OnlineDriftMonitor;
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelRouter;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the fraud scoring service from the function's environment:
 * MODEL_BUCKET, MODEL_NAME (default "fraud"), MODEL_VERSION, DECISIONS_QUEUE_URL, SCORING_ENGINE (default "java"),
 * MODEL_LOAD_RESERVE_MS (time a model load is given, default 10000), PROBE_DECISIONS_QUEUE_URL (where pre-traffic
 * probes send their decisions; unset: probes send nothing).
 * MODEL_VERSION is a version ("1": pinned) or the alias {@value #REGISTRY_ALIAS}: then the model registry
 * ({@code models/<name>/aliases.json}) routes each transaction, re-read every ALIASES_REFRESH_SECONDS (default 60),
 * sticky by the transaction field ROUTING_KEY_FIELD (default "employeeId").
 */
public final class FraudScoringWiring {
    private FraudScoringWiring() {
    }

    public static final String REGISTRY_ALIAS = "champion";

    public static FraudScoringService fromEnvironment() {
        String bucket = FunctionEnvironment.require("MODEL_BUCKET");
        ModelRef ref = ModelRef.of(FunctionEnvironment.getOrDefault("MODEL_NAME", "fraud"),
                FunctionEnvironment.require("MODEL_VERSION"));
        ModelRouter router = REGISTRY_ALIAS.equals(ref.version())
                ? new AliasRouter(new AliasStore(AwsClients.s3(), bucket), ref.name(), java.time.Duration.ofSeconds(
                        Long.parseLong(FunctionEnvironment.getOrDefault("ALIASES_REFRESH_SECONDS", "60"))),
                        Clock.systemUTC())
                : ModelRouter.fixed(ref);
        String queueUrl = FunctionEnvironment.require("DECISIONS_QUEUE_URL");
        ModelLoader loader = new ModelLoader(new S3ModelStore(AwsClients.s3(), bucket),
                Engines.named(FunctionEnvironment.getOrDefault("SCORING_ENGINE", Engines.DEFAULT)));
        String function = FunctionEnvironment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "fraud-scoring");
        var metrics = new EmfScoringMetrics("ServerlessScoring",
                Map.of("function", function, "model", ref.name(), "version", ref.version()));
        return new FraudScoringService(new ModelCache(loader::load, ModelCache.budgetFromEnvironment(), metrics), router,
                FunctionEnvironment.getOrDefault("ROUTING_KEY_FIELD", FraudScoringService.DEFAULT_ROUTING_FIELD),
                new SqsDecisionSink(FunctionEnvironment.bound(AwsClients::sqs), queueUrl), metrics, Clock.systemUTC(),
                OnlineDriftMonitor.fromEnvironment(k -> FunctionEnvironment.get(k).orElse(null), Clock.systemUTC()))
                .loadReserveMillis(Long.parseLong(FunctionEnvironment.getOrDefault("MODEL_LOAD_RESERVE_MS",
                        Long.toString(FraudScoringService.DEFAULT_LOAD_RESERVE_MILLIS))))
                .probeSink(FunctionEnvironment.get("PROBE_DECISIONS_QUEUE_URL").map(url -> (DecisionSink)
                        new SqsDecisionSink(FunctionEnvironment.bound(AwsClients::sqs), url)).orElse(null));
    }
}
