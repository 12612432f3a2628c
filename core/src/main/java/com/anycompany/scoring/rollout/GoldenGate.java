package com.anycompany.scoring.rollout;

import com.anycompany.scoring.model.ModelCard;

import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a version may take traffic, from what it answered for its golden set: every row answered
 * without error, every output equal to the expected one (or within the tolerance the card declares,
 * {@code training.goldenTolerance}, absolute), and the p99 latency within the budget.
 */
public final class GoldenGate {
    /** The card key declaring the absolute tolerance; absent means exact equality. */
    public static final String TOLERANCE_KEY = "goldenTolerance";

    /** What one golden row got: outputs, or an error; and how long it took. */
    public record Observation(int row, float[] outputs, String error, double millis) {
        public static Observation ok(int row, float[] outputs, double millis) {
            return new Observation(row, outputs, null, millis);
        }

        public static Observation failed(int row, String error, double millis) {
            return new Observation(row, null, error, millis);
        }
    }

    /** The verdict, with the reason to report to CodeDeploy and to log. */
    public record Verdict(boolean passed, String reason, int rows, int mismatches, int errors, double maxAbsDiff,
                          double p99Millis) {
        public String status() {
            return passed ? "Succeeded" : "Failed";
        }
    }

    private final double tolerance;
    private final double p99BudgetMillis;

    public GoldenGate(double tolerance, double p99BudgetMillis) {
        if (tolerance < 0 || Double.isNaN(tolerance)) {
            throw new IllegalArgumentException("tolerance must be >= 0");
        }
        this.tolerance = tolerance;
        this.p99BudgetMillis = p99BudgetMillis;
    }

    public static GoldenGate forCard(ModelCard card, double p99BudgetMillis) {
        return new GoldenGate(toleranceOf(card), p99BudgetMillis);
    }

    public static double toleranceOf(ModelCard card) {
        Object t = card.training().get(TOLERANCE_KEY);
        return t instanceof Number n ? n.doubleValue() : 0.0;
    }

    public Verdict decide(GoldenSet golden, List<Observation> observed) {
        int n = golden.size();
        Observation[] byRow = new Observation[n];
        for (Observation o : observed) {
            if (o.row() >= 0 && o.row() < n) {
                byRow[o.row()] = o;
            }
        }
        int errors = 0;
        int mismatches = 0;
        double maxDiff = 0;
        String firstError = null;
        String firstMismatch = null;
        double[] latencies = new double[observed.size()];
        for (int i = 0; i < observed.size(); i++) {
            latencies[i] = observed.get(i).millis();
        }
        for (int r = 0; r < n; r++) {
            Observation o = byRow[r];
            if (o == null || o.error() != null || o.outputs() == null) {
                errors++;
                if (firstError == null) {
                    firstError = "row " + r + ": " + (o == null ? "no answer" : o.error() == null ? "no outputs"
                            : o.error());
                }
                continue;
            }
            float[] expected = golden.rows().get(r).expected();
            boolean mismatch = o.outputs().length != expected.length;
            for (int k = 0; k < Math.min(expected.length, o.outputs().length); k++) {
                double diff = Math.abs((double) o.outputs()[k] - expected[k]);
                if (Double.isNaN(diff)) {
                    diff = Double.POSITIVE_INFINITY;
                }
                maxDiff = Math.max(maxDiff, diff);
                if (tolerance == 0 ? Float.compare(o.outputs()[k], expected[k]) != 0 : diff > tolerance) {
                    mismatch = true;
                }
            }
            if (mismatch) {
                mismatches++;
                if (firstMismatch == null) {
                    firstMismatch = "row " + r + ": expected " + Arrays.toString(expected) + ", got "
                            + Arrays.toString(o.outputs());
                }
            }
        }
        double p99 = percentile(latencies, 99);
        StringBuilder why = new StringBuilder();
        if (errors > 0) {
            why.append(errors).append(" of ").append(n).append(" golden rows failed (first: ").append(firstError)
                    .append("); ");
        }
        if (mismatches > 0) {
            why.append(mismatches).append(" of ").append(n).append(" golden rows differ ")
                    .append(tolerance == 0 ? "(exact equality required" : "(tolerance " + tolerance)
                    .append(", max |diff| ").append(String.format("%.3g", maxDiff)).append("; first: ")
                    .append(firstMismatch).append("); ");
        }
        if (p99 > p99BudgetMillis) {
            why.append(String.format("p99 latency %.2f ms exceeds the budget of %.2f ms; ", p99, p99BudgetMillis));
        }
        boolean passed = why.isEmpty();
        String reason = passed
                ? String.format("%d golden rows match (%s), no errors, p99 %.2f ms within %.2f ms", n,
                tolerance == 0 ? "exactly" : "within " + tolerance, p99, p99BudgetMillis)
                : why.substring(0, why.length() - 2);
        return new Verdict(passed, reason, n, mismatches, errors, maxDiff, p99);
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}
