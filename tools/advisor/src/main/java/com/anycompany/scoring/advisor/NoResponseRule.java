package com.anycompany.scoring.advisor;

import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/**
 * No request needs its own answer (results feed a report): batch. Step Functions + Lambda shards unless batch
 * transform is cheaper for this volume.
 */
public final class NoResponseRule implements ModeRule {
    @Override
    public String name() {
        return "no-response-per-request";
    }

    @Override
    public String description() {
        return "no request needs its own answer: batch (Step Functions + Lambda shards, or batch transform if cheaper)";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        ModelProfile p = f.profile();
        if (p.response().perRequest()) {
            return Optional.empty();
        }
        LambdaSizing s = f.lambda();
        Optional<CostLine> lambda = CostModel.cheapestLambda(f.costs());
        Optional<CostLine> transform = CostModel.cheapest(f.costs(), InferenceMode.SAGEMAKER_BATCH_TRANSFORM);
        double perRun = f.workload().requestsPerMonth() / p.traffic().runsPerMonth();
        String shape = fmt("No request needs its own answer (%s records a run, %s run(s) a month): batch.", perRun,
                p.traffic().runsPerMonth());
        if (lambda.isPresent() && (transform.isEmpty() || lambda.get().monthlyUsd() <= transform.get().monthlyUsd())) {
            return decide(InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH, shape + fmt(" %s shards of %s records, about %s s"
                            + " each at %s MB, %s at once; $%s a month%s.", s.shardsPerRun(), s.recordsPerInvocation(),
                    s.meanMs() / 1000, s.memoryMb(), s.reservedConcurrency(), lambda.get().monthlyUsd(),
                    transform.map(t -> fmt(" against $%s for %s", t.monthlyUsd(), t.option())).orElse("")));
        }
        if (transform.isPresent()) {
            return decide(InferenceMode.SAGEMAKER_BATCH_TRANSFORM, shape + fmt(" %s costs $%s a month against $%s on"
                    + " Lambda.", transform.get().option(), transform.get().monthlyUsd(),
                    lambda.map(CostLine::monthlyUsd).orElse(Double.NaN)));
        }
        return decide(InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH, shape);
    }
}
