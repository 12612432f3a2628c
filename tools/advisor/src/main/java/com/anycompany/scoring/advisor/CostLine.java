package com.anycompany.scoring.advisor;

import java.util.Optional;

/**
 * One option's estimated monthly cost.
 *
 * @param option      e.g. "Lambda x86_64 512 MB" or "SageMaker real-time ml.m5.large"
 * @param mode        the inference mode it prices
 * @param feasible    false when the option cannot serve this profile (then {@code reason} says why)
 * @param monthlyUsd  estimated cost of an average month (NaN when not feasible)
 * @param basis       the arithmetic, in words and numbers, so a reader can check it
 * @param idleFraction for instance-based options, the share of paid instance time spent idle
 * @param shared      true for a cost every option pays alike (listed for completeness, not an option)
 */
public record CostLine(String option, InferenceMode mode, boolean feasible, double monthlyUsd, String basis,
                       String reason, Optional<Double> idleFraction, boolean shared) {

    /** A cost every option pays alike (e.g. the SQS requests of a queue the requests arrive on); not an option. */
    public static CostLine sharedCost(String what, double usd, String basis) {
        return new CostLine(what, null, true, usd, basis, "", Optional.empty(), true);
    }

    public static CostLine of(String option, InferenceMode mode, double usd, String basis) {
        return new CostLine(option, mode, true, usd, basis, "", Optional.empty(), false);
    }

    public static CostLine instances(String option, InferenceMode mode, double usd, String basis, double idle) {
        return new CostLine(option, mode, true, usd, basis, "", Optional.of(idle), false);
    }

    public static CostLine notPossible(String option, InferenceMode mode, String reason) {
        return new CostLine(option, mode, false, Double.NaN, "", reason, Optional.empty(), false);
    }
}
