package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Source;

import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/** A caller waits and the traffic is not sustained: Lambda behind a Function URL (SnapStart for cold starts). */
public final class IntermittentRequestRule implements ModeRule {
    @Override
    public String name() {
        return "intermittent-request-response";
    }

    @Override
    public String description() {
        return "a caller waits and an always-on instance would mostly idle or cost more: Lambda synchronous URL";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        ModelProfile p = f.profile();
        if (!(p.response().callerWaits() || p.source() == Source.HTTP) || f.lambda().mode() != InferenceMode.LAMBDA_URL) {
            return Optional.empty();
        }
        return decide(InferenceMode.LAMBDA_URL, serverlessWhy(f) + fmt(" A caller waits (p99 budget %s ms, estimate"
                        + " %s ms): a Function URL with AWS_IAM auth, SnapStart against cold starts.",
                p.latencyP99Ms().orElse(Double.NaN), f.lambda().p99Ms()));
    }

    static String serverlessWhy(Facts f) {
        Workload w = f.workload();
        Optional<CostLine> lambda = CostModel.cheapestLambda(f.costs());
        Optional<CostLine> realtime = CostModel.cheapest(f.costs(), InferenceMode.SAGEMAKER_REALTIME);
        String idle = realtime.flatMap(CostLine::idleFraction)
                .map(i -> fmt(" %s would sit idle %s%% of the time", realtime.get().option(), i * 100)).orElse("");
        return fmt("Not sustained: %s requests/s on average (%s at peak) x %s ms is %s busy workers;%s. Lambda costs"
                        + " $%s a month%s.", w.avgRps(), w.peakRps(), w.computeSeconds() * 1000,
                w.avgRps() * w.computeSeconds(), idle, lambda.map(CostLine::monthlyUsd).orElse(Double.NaN),
                realtime.map(r -> fmt(" against $%s for %s", r.monthlyUsd(), r.option())).orElse(""));
    }
}
