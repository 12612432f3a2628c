package com.anycompany.scoring.fraud;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.metrics.EmfScoringMetrics;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the fraud scoring service from the function's environment:
 * MODEL_BUCKET, MODEL_NAME (default "fraud"), MODEL_VERSION, DECISIONS_QUEUE_URL, SCORING_ENGINE (default "java").
 */
public final class FraudScoringWiring {
    private FraudScoringWiring() {
    }

    public static FraudScoringService fromEnvironment() {
        String bucket = FunctionEnvironment.require("MODEL_BUCKET");
        ModelRef ref = ModelRef.of(FunctionEnvironment.getOrDefault("MODEL_NAME", "fraud"),
                FunctionEnvironment.require("MODEL_VERSION"));
        String queueUrl = FunctionEnvironment.require("DECISIONS_QUEUE_URL");
        ModelLoader loader = new ModelLoader(new S3ModelStore(AwsClients.s3(), bucket),
                Engines.named(FunctionEnvironment.getOrDefault("SCORING_ENGINE", Engines.DEFAULT)));
        String function = FunctionEnvironment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "fraud-scoring");
        var metrics = new EmfScoringMetrics("ServerlessScoring",
                Map.of("function", function, "model", ref.name(), "version", ref.version()));
        return new FraudScoringService(new ModelCache(loader::load), ref, new SqsDecisionSink(FunctionEnvironment.bound(AwsClients::sqs), queueUrl),
                metrics, Clock.systemUTC());
    }
}
