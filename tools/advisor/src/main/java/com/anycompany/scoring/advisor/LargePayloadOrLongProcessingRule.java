package com.anycompany.scoring.advisor;

import java.util.List;
import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/**
 * A payload too large for the synchronous path, or processing longer than anything synchronous waits: async. On
 * Lambda an async callback (the payload travels through S3, the wait on another service is not billed) while a
 * request's own work fits 15 minutes; SageMaker async (up to 1 GB, 1 hour) beyond that.
 */
public final class LargePayloadOrLongProcessingRule implements ModeRule {
    @Override
    public String name() {
        return "large-payload-or-long-processing";
    }

    @Override
    public String description() {
        return "payload over the sync limit (6 MB Lambda, 256 KB SQS) or processing over 29 s: async";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        List<String> reasons = f.asyncReasons();
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        String why = "Async: " + String.join("; ", reasons) + ".";
        Optional<CostLine> lambda = CostModel.cheapestLambda(f.costs());
        if (lambda.isPresent() && f.lambda().mode() == InferenceMode.LAMBDA_ASYNC_CALLBACK) {
            return decide(InferenceMode.LAMBDA_ASYNC_CALLBACK, why + fmt(" The payload goes to S3, a starter"
                            + " function starts the work, the completion notice invokes the callback (about %s ms a"
                            + " request, nothing billed while waiting): $%s a month%s.", f.lambda().meanMs(),
                    lambda.get().monthlyUsd(),
                    CostModel.cheapest(f.costs(), InferenceMode.SAGEMAKER_ASYNC)
                            .map(l -> fmt(" against $%s for %s", l.monthlyUsd(), l.option())).orElse("")));
        }
        return decide(InferenceMode.SAGEMAKER_ASYNC, why + " Lambda cannot take it (" + String.join("; ",
                f.lambdaImpossible()) + "): SageMaker async.");
    }
}
