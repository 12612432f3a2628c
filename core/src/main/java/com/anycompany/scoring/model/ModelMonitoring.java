package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The card's monitoring section: the training score distribution (of the first output), its mean and 95th
 * percentile, the share of positive decisions (score >= the output threshold), and this model's own drift
 * thresholds (null fields fall back to the deployment's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMonitoring(FeatureBaseline score, Double scoreMean, Double scoreP95, Double decisionRate,
                              DriftThresholds thresholds) {
    public ModelMonitoring withThresholds(DriftThresholds t) {
        return new ModelMonitoring(score, scoreMean, scoreP95, decisionRate, t);
    }
}
