package com.anycompany.scoring.monitor;

import java.util.List;

/**
 * One feature's drift in a window: PSI against the training bins (NaN without a baseline or present values), the
 * missing rate now and in training, the out-of-range rate (outside the training range or new categories, over
 * present values), whether any threshold is crossed and which.
 */
public record FeatureDrift(String feature, long rows, double psi, double missingRate, double baselineMissingRate,
                           double outOfRangeRate, boolean drift, List<String> reasons) {
    public double missingRateIncrease() {
        return missingRate - baselineMissingRate;
    }
}
