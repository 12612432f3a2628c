package com.anycompany.scoring.model;

import com.anycompany.scoring.engine.CompiledModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the training baseline into a card: for every feature its quantile bins, missing rate, range and categories
 * (from the training matrix, as the model sees it: NaN for missing), and in {@code monitoring} the distribution of
 * the model's first output over the same rows, its mean, p95 and positive-decision rate. Thresholds already in the
 * card are kept.
 */
public final class TrainingBaselines {
    /** Bins of the score distribution (finer than the features': the score is what people look at). */
    public static final int SCORE_BINS = 20;

    private TrainingBaselines() {
    }

    /** @param rows training rows in the card's feature order (NaN for missing) */
    public static ModelCard apply(ModelCard card, float[][] rows, CompiledModel model) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no training rows to compute the baseline of " + card.ref() + " from");
        }
        int n = card.features().size();
        List<FeatureSpec> features = new ArrayList<>(n);
        float[] column = new float[rows.length];
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < rows.length; r++) {
                column[r] = rows[r][c];
            }
            features.add(card.features().get(c).withBaseline(Baselines.of(column, Baselines.DEFAULT_BINS)));
        }
        float[] scores = new float[rows.length];
        float[] out = new float[model.numOutputs()];
        for (int r = 0; r < rows.length; r++) {
            model.predict(rows[r], out);
            scores[r] = out[0];
        }
        return card.withBaselines(features, monitoringOf(card, scores));
    }

    /** The monitoring section for these training scores (the card's own thresholds kept). */
    public static ModelMonitoring monitoringOf(ModelCard card, float[] scores) {
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        double sum = 0;
        long positive = 0;
        for (float s : scores) {
            sum += s;
            if (card.output().hasThreshold() && s >= card.output().threshold()) {
                positive++;
            }
        }
        double p95 = sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1,
                (int) Math.ceil(0.95 * sorted.length) - 1)];
        DriftThresholds own = card.monitoring() == null ? null : card.monitoring().thresholds();
        return new ModelMonitoring(Baselines.of(scores, SCORE_BINS), round(sum / scores.length), round(p95),
                card.output().hasThreshold() ? round(positive / (double) scores.length) : null, own);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
