package com.anycompany.scoring.advisor;

import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/** A model that needs a GPU or Inferentia belongs on SageMaker: Lambda has neither. */
public final class AcceleratorRule implements ModeRule {
    @Override
    public String name() {
        return "accelerator-required";
    }

    @Override
    public String description() {
        return "the model needs a GPU or Inferentia: SageMaker, since Lambda has no accelerators";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        ModelProfile p = f.profile();
        if (!p.accelerator().needed()) {
            return Optional.empty();
        }
        InferenceMode mode = SageMakerModes.forShape(f);
        String where = switch (p.accelerator()) {
            case GPU -> "a GPU instance";
            case INFERENTIA -> "an Inferentia instance";
            default -> "a GPU or Inferentia instance";
        };
        return decide(mode, fmt("This model belongs on SageMaker (%s), not Lambda: it needs %s and Lambda has no GPU"
                        + " or Inferentia%s. %s", where, p.accelerator().describe(),
                f.workload().memoryNeedMb() > f.limits().aws().lambdaMaxMemoryMb()
                        ? fmt(", and at %s MB the model is larger than Lambda's %s MB of memory", p.model().sizeMb(),
                        f.limits().aws().lambdaMaxMemoryMb()) : "",
                SageMakerModes.why(f, mode)));
    }
}
