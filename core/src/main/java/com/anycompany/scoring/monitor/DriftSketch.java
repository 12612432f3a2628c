package com.anycompany.scoring.monitor;

import com.anycompany.scoring.model.Baselines;
import com.anycompany.scoring.model.FeatureBaseline;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.ModelCard;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded-memory streaming sketch of one model's inputs and scores against its card's baselines: per feature a
 * counter per baseline bin, missing and out-of-range counters; for scores the baseline's bins, a fixed fine
 * histogram, sum and positive decisions. Memory is O(features x bins), independent of traffic. Thread-safe.
 * A feature without a baseline is counted (rows, missing) but has no bins.
 */
public final class DriftSketch {
    private final ModelCard card;
    private final List<FeatureBaseline> baselines = new ArrayList<>();
    private final FeatureBaseline scoreBaseline;
    private final double lo;
    private final double hi;
    private final Double threshold;
    private long rows;
    private long[] missing;
    private long[] outOfRange;
    private long[][] bins;
    private long scored;
    private double scoreSum;
    private long positive;
    private long[] scoreBins;
    private long[] fine;

    public DriftSketch(ModelCard card) {
        this.card = card;
        for (FeatureSpec f : card.features()) {
            baselines.add(f.baseline());
        }
        this.scoreBaseline = card.monitoring() == null ? null : card.monitoring().score();
        double[] range = fineRange(card, scoreBaseline);
        this.lo = range[0];
        this.hi = range[1];
        this.threshold = card.output().threshold();
        reset();
    }

    public ModelCard card() {
        return card;
    }

    /** Scores between 0 and 1 (probabilities) get [0, 1]; others the training range widened by half each side. */
    static double[] fineRange(ModelCard card, FeatureBaseline score) {
        if (score == null || score.min() == null || score.max() == null
                || score.min() >= 0 && score.max() <= 1 && !"value".equals(card.output().kind())) {
            return new double[]{0, 1};
        }
        double span = Math.max(1e-9, score.max() - score.min());
        return new double[]{score.min() - span / 2, score.max() + span / 2};
    }

    /** Counts one mapped row (card order, NaN for missing). */
    public synchronized void observe(float[] row) {
        rows++;
        for (int i = 0; i < row.length && i < bins.length; i++) {
            float v = row[i];
            if (Float.isNaN(v)) {
                missing[i]++;
                continue;
            }
            FeatureBaseline b = baselines.get(i);
            if (b == null || b.fractions().isEmpty()) {
                continue;
            }
            bins[i][Baselines.binOf(b.edges(), v)]++;
            if (b.outOfRange(v)) {
                outOfRange[i]++;
            }
        }
    }

    /** Counts one score (the model's first output). */
    public synchronized void observeScore(float score) {
        scored++;
        scoreSum += score;
        if (threshold != null && score >= threshold) {
            positive++;
        }
        if (scoreBaseline != null && !scoreBaseline.fractions().isEmpty()) {
            scoreBins[Baselines.binOf(scoreBaseline.edges(), score)]++;
        }
        int i = (int) Math.floor((score - lo) / (hi - lo) * ScoreCounts.FINE_BINS);
        fine[Math.max(0, Math.min(ScoreCounts.FINE_BINS - 1, i))]++;
    }

    public synchronized long rows() {
        return rows;
    }

    /** The counts so far. */
    public synchronized DriftCounts snapshot() {
        List<FeatureCounts> f = new ArrayList<>(bins.length);
        for (int i = 0; i < bins.length; i++) {
            f.add(new FeatureCounts(card.features().get(i).name(), rows, missing[i], outOfRange[i], bins[i].clone()));
        }
        return new DriftCounts(card.name(), card.version(), rows, f,
                new ScoreCounts(scored, scoreSum, positive, scoreBins.clone(), lo, hi, fine.clone()));
    }

    /** The counts so far, and a fresh window. */
    public synchronized DriftCounts drain() {
        DriftCounts c = snapshot();
        reset();
        return c;
    }

    private void reset() {
        int n = card.features().size();
        rows = 0;
        missing = new long[n];
        outOfRange = new long[n];
        bins = new long[n][];
        for (int i = 0; i < n; i++) {
            FeatureBaseline b = baselines.get(i);
            bins[i] = new long[b == null || b.fractions().isEmpty() ? 0 : b.bins()];
        }
        scored = 0;
        scoreSum = 0;
        positive = 0;
        scoreBins = new long[scoreBaseline == null || scoreBaseline.fractions().isEmpty() ? 0 : scoreBaseline.bins()];
        fine = new long[ScoreCounts.FINE_BINS];
    }
}
