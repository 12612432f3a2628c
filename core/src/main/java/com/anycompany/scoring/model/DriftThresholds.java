package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * When a model's inputs or scores count as drifted. Any field may be null: it then falls back to the deployment's
 * defaults (template.yaml Parameters, passed to the functions as DRIFT_* environment variables), which fall back to
 * {@link #DEFAULTS}. A card sets them per model under {@code monitoring.thresholds}.
 *
 * @param psi                 population stability index of a feature above which it has drifted (0.1 some shift,
 *                            0.25 major shift, by the usual rule of thumb)
 * @param missingRateIncrease rise of a feature's missing rate over its training rate (absolute, 0.10 = 10 points)
 * @param outOfRangeRate      share of a feature's present values outside the training range or new categories
 * @param scorePsi            PSI of the score distribution against the training scores
 * @param scoreMeanShift      absolute shift of the mean score from the training mean
 * @param decisionRateShift   relative shift of the positive-decision rate (e.g. REVIEW) from training, either way
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftThresholds(Double psi, Double missingRateIncrease, Double outOfRangeRate, Double scorePsi,
                              Double scoreMeanShift, Double decisionRateShift) {
    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.25, 0.10, 0.05, 0.25, 0.10, 0.5);

    public DriftThresholds {
        check("psi", psi);
        check("missingRateIncrease", missingRateIncrease);
        check("outOfRangeRate", outOfRangeRate);
        check("scorePsi", scorePsi);
        check("scoreMeanShift", scoreMeanShift);
        check("decisionRateShift", decisionRateShift);
    }

    private static void check(String name, Double v) {
        if (v != null && (!Double.isFinite(v) || v < 0)) {
            throw new IllegalArgumentException("drift threshold " + name + " must be a number >= 0, not " + v);
        }
    }

    /** These thresholds, with every null field taken from {@code fallback}. */
    public DriftThresholds orElse(DriftThresholds fallback) {
        if (fallback == null) {
            return this;
        }
        return new DriftThresholds(psi != null ? psi : fallback.psi,
                missingRateIncrease != null ? missingRateIncrease : fallback.missingRateIncrease,
                outOfRangeRate != null ? outOfRangeRate : fallback.outOfRangeRate,
                scorePsi != null ? scorePsi : fallback.scorePsi,
                scoreMeanShift != null ? scoreMeanShift : fallback.scoreMeanShift,
                decisionRateShift != null ? decisionRateShift : fallback.decisionRateShift);
    }

    /** The card's thresholds over {@code deployment}'s over {@link #DEFAULTS}. */
    public static DriftThresholds effective(ModelCard card, DriftThresholds deployment) {
        DriftThresholds base = deployment == null ? DEFAULTS : deployment.orElse(DEFAULTS);
        DriftThresholds own = card == null || card.monitoring() == null ? null : card.monitoring().thresholds();
        return own == null ? base : own.orElse(base);
    }
}
