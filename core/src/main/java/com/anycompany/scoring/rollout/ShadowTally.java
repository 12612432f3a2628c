package com.anycompany.scoring.rollout;

import com.anycompany.scoring.metrics.ScoringMetrics;

/**
 * Compares served scores with shadow scores over one batch and publishes the difference:
 * {@code ShadowScored}, {@code ShadowMeanAbsScoreDelta}, {@code ShadowDecisionFlips}, {@code ShadowErrors}.
 * Not thread-safe: one per batch.
 */
public final class ShadowTally {
    private long scored;
    private double absDeltaSum;
    private long flips;
    private long errors;

    public void observe(float served, String servedDecision, float shadow, String shadowDecision) {
        scored++;
        absDeltaSum += Math.abs((double) served - shadow);
        if (servedDecision != null && !servedDecision.equals(shadowDecision)) {
            flips++;
        }
    }

    public void error() {
        errors++;
    }

    public long scored() {
        return scored;
    }

    public long flips() {
        return flips;
    }

    public long errors() {
        return errors;
    }

    public double meanAbsDelta() {
        return scored == 0 ? 0 : absDeltaSum / scored;
    }

    /** Records the batch's shadow metrics (nothing when no shadow scored or failed). */
    public void publish(ScoringMetrics metrics) {
        if (scored == 0 && errors == 0) {
            return;
        }
        metrics.count("ShadowScored", scored);
        metrics.count("ShadowDecisionFlips", flips);
        metrics.count("ShadowErrors", errors);
        if (scored > 0) {
            metrics.value("ShadowMeanAbsScoreDelta", meanAbsDelta());
        }
    }
}
