package com.anycompany.scoring.advisor;

import java.util.List;

/** Everything the rules look at: the profile, what was measured, and the numbers derived from both. */
public record Facts(ModelProfile profile, Measurement measurement, Workload workload, LambdaSizing lambda,
                    List<CostLine> costs, Limits limits) {

    public List<String> lambdaImpossible() {
        return Needs.lambdaImpossible(profile, workload, limits);
    }

    public List<String> asyncReasons() {
        return Needs.async(profile, workload, limits);
    }
}
