package com.anycompany.scoring.batch;

/**
 * Distribution of the first output of every scored row: count, min, max, sum and a 10-bin histogram over [0, 1]
 * (values outside are counted in {@code outsideUnit}). Mergeable across shards.
 */
public record ScoreStats(long count, double min, double max, double sum, long[] histogram, long outsideUnit) {
    public static final int BINS = 10;

    public static ScoreStats empty() {
        return new ScoreStats(0, Double.NaN, Double.NaN, 0, new long[BINS], 0);
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mutable accumulator for one shard. */
    public static final class Builder {
        private long count;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;
        private final long[] histogram = new long[BINS];
        private long outside;

        public void add(float v) {
            count++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            if (v >= 0 && v <= 1) {
                histogram[Math.min(BINS - 1, (int) (v * BINS))]++;
            } else {
                outside++;
            }
        }

        public ScoreStats build() {
            return count == 0 ? empty() : new ScoreStats(count, min, max, sum, histogram.clone(), outside);
        }
    }

    public ScoreStats merge(ScoreStats o) {
        if (o == null || o.count == 0) {
            return this;
        }
        if (count == 0) {
            return o;
        }
        long[] h = new long[BINS];
        for (int i = 0; i < BINS; i++) {
            h[i] = histogram[i] + o.histogram[i];
        }
        return new ScoreStats(count + o.count, Math.min(min, o.min), Math.max(max, o.max), sum + o.sum, h,
                outsideUnit + o.outsideUnit);
    }
}
