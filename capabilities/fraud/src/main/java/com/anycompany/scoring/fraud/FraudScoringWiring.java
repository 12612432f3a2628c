package com.anycompany.scoring.fraud;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.monitor.OnlineDriftMonitor;
import com.anycompany.scoring.wiring.ModelServing;
import com.anycompany.scoring.wiring.ServingEnvironment;

import java.time.Clock;

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

    public static final String REGISTRY_ALIAS = ServingEnvironment.REGISTRY_ALIAS;

    public static FraudScoringService fromEnvironment() {
        ModelServing serving = ModelServing.of(ServingEnvironment.read(
                new ServingEnvironment.Defaults("fraud", null, "fraud-scoring", null)));
        String queueUrl = FunctionEnvironment.require("DECISIONS_QUEUE_URL");
        return new FraudScoringService(serving.cache(), serving.router(),
                serving.environment().routingKeyField().orElse(FraudScoringService.DEFAULT_ROUTING_FIELD),
                new SqsDecisionSink(FunctionEnvironment.bound(AwsClients::sqs), queueUrl), serving.metrics(),
                Clock.systemUTC(),
                OnlineDriftMonitor.fromEnvironment(k -> FunctionEnvironment.get(k).orElse(null), Clock.systemUTC()))
                .loadReserveMillis(Long.parseLong(FunctionEnvironment.getOrDefault("MODEL_LOAD_RESERVE_MS",
                        Long.toString(FraudScoringService.DEFAULT_LOAD_RESERVE_MILLIS))))
                .probeSink(FunctionEnvironment.get("PROBE_DECISIONS_QUEUE_URL").map(url -> (DecisionSink)
                        new SqsDecisionSink(FunctionEnvironment.bound(AwsClients::sqs), url)).orElse(null));
    }
}
