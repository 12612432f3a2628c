package com.anycompany.scoring.advisor;

import static com.anycompany.scoring.advisor.Needs.fmt;

/** Which SageMaker option fits a profile's shape once Lambda is ruled out. */
final class SageMakerModes {
    private SageMakerModes() {
    }

    static InferenceMode forShape(Facts f) {
        ModelProfile p = f.profile();
        if (!p.response().perRequest()) {
            return InferenceMode.SAGEMAKER_BATCH_TRANSFORM;
        }
        boolean realtimeFits = CostModel.cheapest(f.costs(), InferenceMode.SAGEMAKER_REALTIME).isPresent();
        if (!p.response().callerWaits() && (!f.asyncReasons().isEmpty() || !realtimeFits)) {
            return InferenceMode.SAGEMAKER_ASYNC;
        }
        return InferenceMode.SAGEMAKER_REALTIME;
    }

    static String why(Facts f, InferenceMode mode) {
        return switch (mode) {
            case SAGEMAKER_BATCH_TRANSFORM -> "No request needs its own answer, so: batch transform.";
            case SAGEMAKER_ASYNC -> "Nobody waits on the answer and requests are large or long, so: async.";
            default -> fmt("A caller waits (p99 %s ms), so: real-time%s.", f.profile().latencyP99Ms().orElse(Double.NaN),
                    CostModel.cheapest(f.costs(), InferenceMode.SAGEMAKER_REALTIME)
                            .map(l -> ", " + l.option() + " at about $" + Needs.usd(l.monthlyUsd()) + " a month")
                            .orElse(""));
        };
    }
}
