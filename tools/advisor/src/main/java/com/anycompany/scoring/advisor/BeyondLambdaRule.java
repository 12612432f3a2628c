package com.anycompany.scoring.advisor;

import java.util.List;
import java.util.Optional;

/** A model that breaks one of Lambda's hard limits (10,240 MB memory, 15 minutes per invocation) goes to SageMaker. */
public final class BeyondLambdaRule implements ModeRule {
    @Override
    public String name() {
        return "beyond-lambda-limits";
    }

    @Override
    public String description() {
        return "the model needs more memory than 10,240 MB or more than 15 minutes per request: SageMaker";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        List<String> reasons = f.lambdaImpossible();
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        InferenceMode mode = SageMakerModes.forShape(f);
        return decide(mode, "Not Lambda: " + String.join("; ", reasons) + ". " + SageMakerModes.why(f, mode));
    }
}
