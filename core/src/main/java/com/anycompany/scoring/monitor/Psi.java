package com.anycompany.scoring.monitor;

import java.util.List;

/**
 * Population stability index: sum over bins of (actual - expected) * ln(actual / expected). The actual shares are
 * smoothed (half a row added to every bin) and the expected ones floored at {@link #FLOOR}, so an empty bin stays
 * finite and a few rows do not swing it. 0 means the same distribution; 0.1 some shift; 0.25 a major shift. Judge it
 * only with at least {@link #ROWS_PER_BIN} rows per bin.
 */
public final class Psi {
    public static final double FLOOR = 1e-4;
    public static final int ROWS_PER_BIN = 5;

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
            double a = (actual[i] + 0.5) / (total + 0.5 * actual.length);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
