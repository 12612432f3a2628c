package com.anycompany.scoring.monitor;

/**
 * What a window of traffic looked like for one feature, in the bins of its training baseline: rows seen, rows where
 * it was missing, present values outside the training range (or new categories), and present values per bin.
 * Fixed size whatever the traffic; mergeable.
 */
public record FeatureCounts(String feature, long rows, long missing, long outOfRange, long[] bins) {
    public FeatureCounts merge(FeatureCounts o) {
        if (!feature.equals(o.feature) || bins.length != o.bins.length) {
            throw new IllegalArgumentException("cannot merge counts of " + o.feature + " into " + feature
                    + " (different feature or bins)");
        }
        long[] b = bins.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += o.bins[i];
        }
        return new FeatureCounts(feature, rows + o.rows, missing + o.missing, outOfRange + o.outOfRange, b);
    }

    public long present() {
        return rows - missing;
    }
}
