package com.anycompany.scoring.monitor;

import com.anycompany.scoring.model.DriftThresholds;
import com.anycompany.scoring.model.FeatureBaseline;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelMonitoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A window of traffic judged against a model's baselines and thresholds: per feature {@link FeatureDrift}, and the
 * {@link ScoreDrift}. Windows under {@code minRows} rows are measured but never called drifted (too noisy).
 */
public record DriftAssessment(String model, String version, long rows, List<FeatureDrift> features, ScoreDrift score,
                              DriftThresholds thresholds, boolean enoughRows) {
    /** Rows below which a window is reported but not judged. */
    public static final long DEFAULT_MIN_ROWS = 30;
    /** Standard errors beyond which a rate or mean moved for real. */
    static final double Z = 4;

    /**
     * The PSI that sampling noise alone stays under 99.9% of the time for {@code bins} bins, {@code n} rows now and
     * {@code baseRows} in training: n * PSI is about chi-square with bins - 1 degrees of freedom (Wilson-Hilferty).
     */
    public static double psiNoise(int bins, long n, long baseRows) {
        if (bins < 2 || n <= 0) {
            return 0;
        }
        double k = bins - 1;
        double z = 3.09;
        double q = k * Math.pow(1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k)), 3);
        return q * (1.0 / n + (baseRows > 0 ? 1.0 / baseRows : 0));
    }

    /**
     * {@value #Z} standard errors of the difference of a rate near {@code p} over {@code n} rows and over {@code base}:
     * strict, because a report runs some thirty checks per client over hundreds of clients.
     */
    static double rateNoise(double now, double p, long n, long base) {
        // the two-proportion test's pooled rate: small training counts do not make a few rows look significant
        double pooled = base > 0 ? (now * n + p * base) / (n + base) : Math.max(now, p);
        double q = Math.min(0.99, Math.max(0.01, pooled));
        return n <= 0 ? 0 : Z * Math.sqrt(q * (1 - q) * (1.0 / n + (base > 0 ? 1.0 / base : 0)));
    }

    public static DriftAssessment of(ModelCard card, DriftCounts counts, DriftThresholds deployment, long minRows) {
        DriftThresholds t = DriftThresholds.effective(card, deployment);
        boolean enough = counts.rows() >= minRows;
        List<FeatureDrift> features = new ArrayList<>();
        for (int i = 0; i < counts.features().size(); i++) {
            FeatureCounts c = counts.features().get(i);
            FeatureBaseline b = card.features().get(i).baseline();
            double psi = b == null ? Double.NaN : Psi.of(b.fractions(), c.bins());
            double missingRate = c.rows() == 0 ? Double.NaN : c.missing() / (double) c.rows();
            double baseMissing = b == null ? Double.NaN : b.missingRate();
            double oor = c.present() == 0 ? 0 : c.outOfRange() / (double) c.present();
            List<String> reasons = new ArrayList<>();
            // a threshold is crossed only beyond what sampling noise explains at this many rows
            long baseRows = b == null ? 0 : Math.round(b.rows() * (1 - b.missingRate()));
            double psiBar = b == null ? 0 : Math.max(t.psi(), psiNoise(b.bins(), c.present(), baseRows));
            if (c.present() >= (long) Psi.ROWS_PER_BIN * (b == null ? 1 : b.bins()) && psi > psiBar) {
                reasons.add(String.format("PSI %.3f > %.2f", psi, psiBar));
            }
            if (missingRate - baseMissing > Math.max(t.missingRateIncrease(),
                    rateNoise(missingRate, baseMissing, c.rows(), b == null ? 0 : b.rows()))) {
                reasons.add(String.format("missing %.1f%% vs %.1f%% in training", missingRate * 100, baseMissing * 100));
            }
            // fresh values fall outside the range of N training values 2/(N+1) of the time
            double expectedOor = baseRows == 0 ? 0 : 2.0 / (baseRows + 1);
            if (b != null && oor > Math.max(t.outOfRangeRate(),
                    expectedOor + rateNoise(oor, expectedOor, c.present(), baseRows))) {
                reasons.add(String.format("%.1f%% out of the training range or new categories", oor * 100));
            }
            features.add(new FeatureDrift(c.feature(), c.rows(), psi, missingRate, baseMissing, oor,
                    enough && !reasons.isEmpty(), List.copyOf(reasons)));
        }
        ScoreCounts s = counts.score();
        ModelMonitoring m = card.monitoring();
        FeatureBaseline sb = m == null ? null : m.score();
        double scorePsi = sb == null ? Double.NaN : Psi.of(sb.fractions(), s.bins());
        Double decisionRate = card.output().hasThreshold() && s.rows() > 0 ? s.positive() / (double) s.rows() : null;
        Double baseDecision = m == null ? null : m.decisionRate();
        Double baseMean = m == null ? null : m.scoreMean();
        List<String> reasons = new ArrayList<>();
        double scorePsiBar = sb == null ? 0 : Math.max(t.scorePsi(), psiNoise(sb.bins(), s.rows(), sb.rows()));
        if (sb != null && s.rows() >= (long) Psi.ROWS_PER_BIN * sb.bins() && scorePsi > scorePsiBar) {
            reasons.add(String.format("score PSI %.3f > %.2f", scorePsi, scorePsiBar));
        }
        long baseScores = sb == null ? 0 : sb.rows();
        double meanNoise = Z * s.stdDev() * Math.sqrt(1.0 / Math.max(1, s.rows()) + (baseScores > 0 ? 1.0 / baseScores
                : 0));
        if (baseMean != null && Math.abs(s.mean() - baseMean) > Math.max(t.scoreMeanShift(), meanNoise)) {
            reasons.add(String.format("mean score %.3f vs %.3f in training", s.mean(), baseMean));
        }
        if (decisionRate != null && baseDecision != null && baseDecision > 0
                && Math.abs(decisionRate - baseDecision) > Math.max(t.decisionRateShift() * baseDecision,
                rateNoise(decisionRate, baseDecision, s.rows(), baseScores))) {
            reasons.add(String.format("%s rate %.2f%% vs %.2f%% in training", card.output().positive(),
                    decisionRate * 100, baseDecision * 100));
        }
        ScoreDrift score = new ScoreDrift(s.rows(), s.mean(), baseMean, s.quantile(0.95),
                m == null ? null : m.scoreP95(), scorePsi, decisionRate, baseDecision, enough && !reasons.isEmpty(),
                List.copyOf(reasons));
        return new DriftAssessment(card.name(), card.version(), counts.rows(), features, score, t, enough);
    }

    public boolean drift() {
        return score.drift() || features.stream().anyMatch(FeatureDrift::drift);
    }

    /** Features by PSI, highest first (NaN last). */
    public List<FeatureDrift> byPsi() {
        return features.stream().sorted(Comparator.comparingDouble((FeatureDrift f) ->
                Double.isNaN(f.psi()) ? -1 : f.psi()).reversed()).toList();
    }

    public double maxPsi() {
        return features.stream().mapToDouble(FeatureDrift::psi).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }

    public double maxMissingRateIncrease() {
        return features.stream().mapToDouble(FeatureDrift::missingRateIncrease).filter(d -> !Double.isNaN(d)).max()
                .orElse(Double.NaN);
    }

    public double maxOutOfRangeRate() {
        return features.stream().mapToDouble(FeatureDrift::outOfRangeRate).max().orElse(Double.NaN);
    }

    /** How many checks (feature PSI, missing, out-of-range; score PSI, mean, decision rate) are over threshold. */
    public int breaches() {
        return (int) features.stream().filter(FeatureDrift::drift).mapToLong(f -> f.reasons().size()).sum()
                + (score.drift() ? score.reasons().size() : 0);
    }
}
