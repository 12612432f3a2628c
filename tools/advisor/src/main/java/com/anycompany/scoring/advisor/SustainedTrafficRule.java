package com.anycompany.scoring.advisor;

import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/**
 * Sustained traffic: an always-on SageMaker real-time fleet sized for this traffic would be busy most of the time
 * (idle no more than {@code sustained_max_idle_fraction}) and costs less than Lambda for the same requests.
 */
public final class SustainedTrafficRule implements ModeRule {
    @Override
    public String name() {
        return "sustained-traffic";
    }

    @Override
    public String description() {
        return "an always-on instance would be busy (idle <= 50%) and cost less than Lambda: SageMaker real-time";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        Optional<CostLine> realtime = CostModel.cheapest(f.costs(), InferenceMode.SAGEMAKER_REALTIME);
        Optional<CostLine> lambda = CostModel.cheapestLambda(f.costs());
        if (realtime.isEmpty() || lambda.isEmpty()) {
            return Optional.empty();
        }
        double idle = realtime.get().idleFraction().orElse(1.0);
        double maxIdle = f.limits().policy().sustainedMaxIdleFraction();
        if (idle > maxIdle || realtime.get().monthlyUsd() >= lambda.get().monthlyUsd()) {
            return Optional.empty();
        }
        Workload w = f.workload();
        return decide(InferenceMode.SAGEMAKER_REALTIME, fmt("Sustained traffic: %s requests/s x %s ms keeps %s busy"
                        + " (idle %s%% <= %s%%), and it costs $%s a month against $%s for %s.", w.avgRps(),
                w.serviceSeconds() * 1000, realtime.get().option(), idle * 100, maxIdle * 100,
                realtime.get().monthlyUsd(), lambda.get().monthlyUsd(), lambda.get().option()));
    }
}
