package com.anycompany.scoring.monitor;

/**
 * What a window's scores looked like: count, sum, positive decisions, counts in the bins of the training score
 * baseline, and a fine fixed histogram of {@link #FINE_BINS} bins over {@code [lo, hi]} (values outside go to the end
 * bins) for percentiles. Fixed size; mergeable when built for the same model.
 */
public record ScoreCounts(long rows, double sum, long positive, long[] bins, double lo, double hi, long[] fine) {
    public static final int FINE_BINS = 100;

    public ScoreCounts merge(ScoreCounts o) {
        if (bins.length != o.bins.length || fine.length != o.fine.length || lo != o.lo || hi != o.hi) {
            throw new IllegalArgumentException("cannot merge score counts built for different baselines");
        }
        long[] b = bins.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += o.bins[i];
        }
        long[] f = fine.clone();
        for (int i = 0; i < f.length; i++) {
            f[i] += o.fine[i];
        }
        return new ScoreCounts(rows + o.rows, sum + o.sum, positive + o.positive, b, lo, hi, f);
    }

    public double mean() {
        return rows == 0 ? Double.NaN : sum / rows;
    }

    /** Standard deviation of the scores, from the fine histogram (bin centres). */
    public double stdDev() {
        if (rows < 2) {
            return 0;
        }
        double width = (hi - lo) / fine.length;
        double m = 0;
        for (int i = 0; i < fine.length; i++) {
            m += fine[i] * (lo + width * (i + 0.5));
        }
        m /= rows;
        double v = 0;
        for (int i = 0; i < fine.length; i++) {
            double d = lo + width * (i + 0.5) - m;
            v += fine[i] * d * d;
        }
        return Math.sqrt(v / (rows - 1));
    }

    /** The q-quantile (0..1), interpolated within the fine bin it falls in. */
    public double quantile(double q) {
        if (rows == 0) {
            return Double.NaN;
        }
        double target = q * rows;
        long seen = 0;
        double width = (hi - lo) / fine.length;
        for (int i = 0; i < fine.length; i++) {
            if (fine[i] > 0 && seen + fine[i] >= target) {
                double within = (target - seen) / fine[i];
                return lo + width * (i + within);
            }
            seen += fine[i];
        }
        return hi;
    }

    /** The fine histogram's bin of {@code v} (clamped to the end bins). */
    int fineBin(double v) {
        int i = (int) Math.floor((v - lo) / (hi - lo) * fine.length);
        return Math.max(0, Math.min(fine.length - 1, i));
    }
}
