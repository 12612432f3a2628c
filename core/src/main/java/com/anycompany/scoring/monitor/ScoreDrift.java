package com.anycompany.scoring.monitor;

import java.util.List;

/**
 * The score distribution in a window against training: mean and p95 now and then, PSI over the training score bins,
 * the positive-decision rate now and then (null when the model has no threshold), and whether any threshold is
 * crossed and which. {@code histogram} is the window's fine histogram over [lo, hi] (for charts).
 */
public record ScoreDrift(long rows, double mean, Double baselineMean, double p95, Double baselineP95, double psi,
                         Double decisionRate, Double baselineDecisionRate, boolean drift, List<String> reasons) {
    /** Mean shift from training (NaN without a baseline). */
    public double meanShift() {
        return baselineMean == null ? Double.NaN : mean - baselineMean;
    }
}
