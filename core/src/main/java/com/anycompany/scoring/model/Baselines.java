package com.anycompany.scoring.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a {@link FeatureBaseline} from training values: quantile edges, bin fractions, missing rate, range. */
public final class Baselines {
    public static final int DEFAULT_BINS = 10;
    /** A feature of whole numbers with at most this many distinct values in training is treated as categorical. */
    public static final int MAX_CATEGORIES = 20;

    private Baselines() {
    }

    /** @param values one column of training data; NaN means missing */
    public static FeatureBaseline of(float[] values, int bins) {
        float[] present = new float[values.length];
        int n = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                present[n++] = v;
            }
        }
        double missingRate = values.length == 0 ? 0 : (values.length - n) / (double) values.length;
        if (n == 0) {
            return new FeatureBaseline(List.of(), List.of(), missingRate, null, null, values.length);
        }
        float[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        List<Double> edges = new ArrayList<>();
        for (int b = 1; b < bins; b++) {
            double q = sorted[Math.min(n - 1, (int) Math.floor(b * (double) n / bins))];
            if (edges.isEmpty() || q > edges.get(edges.size() - 1)) {
                edges.add(q);
            }
        }
        long[] counts = new long[edges.size() + 1];
        for (int i = 0; i < n; i++) {
            counts[binOf(edges, sorted[i])]++;
        }
        List<Double> fractions = new ArrayList<>(counts.length);
        for (long c : counts) {
            fractions.add(c / (double) n);
        }
        return new FeatureBaseline(edges, fractions, missingRate, (double) sorted[0], (double) sorted[n - 1],
                values.length, categories(sorted, n));
    }

    /**
     * The distinct values of a sorted column when they are few whole numbers, each seen about ten times or more on
     * average (at most {@link #MAX_CATEGORIES}, at most n / 10); null otherwise.
     */
    static List<Double> categories(float[] sorted, int n) {
        int max = Math.min(MAX_CATEGORIES, n / 10);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float v = sorted[i];
            if (v != Math.rint(v)) {
                return null;
            }
            if (out.isEmpty() || out.get(out.size() - 1) != v) {
                if (out.size() >= max) {
                    return null;
                }
                out.add((double) v);
            }
        }
        return out;
    }

    /** The bin of {@code v}: 0 below the first edge, i for edges[i-1] <= v < edges[i], edges.size() at or above the last. */
    public static int binOf(List<Double> edges, double v) {
        int lo = 0;
        int hi = edges.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v < edges.get(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
