package com.anycompany.scoring.monitor;

import java.util.List;

/**
 * Population stability index: sum over bins of (actual - expected) * ln(actual / expected), both shares floored at
 * {@link #FLOOR} so an empty bin stays finite. 0 means the same distribution; 0.1 some shift; 0.25 a major shift.
 */
public final class Psi {
    public static final double FLOOR = 1e-4;

    private Psi() {
    }

    /** @return NaN when there is no baseline or nothing was counted */
    public static double of(List<Double> expected, long[] actual) {
        if (expected.isEmpty() || actual.length != expected.size()) {
            return Double.NaN;
        }
        long total = 0;
        for (long a : actual) {
            total += a;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = Math.max(FLOOR, expected.get(i));
            double a = Math.max(FLOOR, actual[i] / (double) total);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
