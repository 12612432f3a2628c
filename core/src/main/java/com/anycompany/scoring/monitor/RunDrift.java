package com.anycompany.scoring.monitor;

import com.anycompany.scoring.model.DriftThresholds;
import com.anycompany.scoring.model.FeatureBaseline;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A batch run's drift, per client, as the {@code drift.json} document (snake_case fields, null for values that
 * cannot be computed):
 * <pre>
 * { "run_id", "model", "version", "generated_at", "rows", "scored", "quarantined", "clients_drifted",
 *   "thresholds": {...},
 *   "score": { "lo", "hi", "bins", "actual": [shares], "expected": [shares], "mean", "baseline_mean", "p95" },
 *   "top_features": [ { "feature", "mean_psi", "max_psi", "clients_drifted" } ],
 *   "clients": [ { "client", "scope", "version", "rows", "drift", "reasons", "max_psi", "top_feature",
 *                  "score_mean", "baseline_score_mean", "score_shift", "score_psi", "decision_rate",
 *                  "baseline_decision_rate", "max_missing_rate_increase", "max_out_of_range_rate",
 *                  "features": [ { "feature", "psi", "missing_rate", "out_of_range_rate", "drift" } ] } ],
 *   "quarantine": { "kind of reason": rows } }
 * </pre>
 * The score chart compares the run's scores with the training scores of the models that scored them, weighted by
 * rows, on {@link #CHART_BINS} equal bins.
 */
public final class RunDrift {
    public static final int CHART_BINS = 20;

    private RunDrift() {
    }

    /** The run's identity and counts, as the finalize step knows them. */
    public record Run(String runId, String model, String version, long rows, long scored, long quarantined) {
    }

    /**
     * @param clients merged per-client counts of the whole run
     * @param cards   the card of a model version (client or global), empty when it cannot be found
     */
    public static Map<String, Object> build(Run run, List<ClientDriftCounts> clients, Map<String, Long> quarantine,
                                            Function<ModelRef, Optional<ModelCard>> cards, DriftThresholds deployment,
                                            long minRows) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", run.runId());
        doc.put("model", run.model());
        doc.put("version", run.version());
        doc.put("generated_at", Instant.now().toString());
        doc.put("rows", run.rows());
        doc.put("scored", run.scored());
        doc.put("quarantined", run.quarantined());
        doc.put("min_rows", minRows);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, double[]> featurePsi = new LinkedHashMap<>(); // feature -> {weighted sum, weight, max, drifted}
        double[] actual = new double[CHART_BINS];
        double[] expected = new double[CHART_BINS];
        double lo = 0;
        double hi = 1;
        boolean chartRange = false;
        double scoreSum = 0;
        double baselineSum = 0;
        long scoreRows = 0;
        long baselineRows = 0;
        ScoreCounts allScores = null;
        int drifted = 0;
        DriftThresholds shown = null;
        for (ClientDriftCounts c : clients) {
            DriftCounts counts = c.counts();
            ModelRef ref = cardRef(c);
            Optional<ModelCard> card = cards.apply(ref);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("client", c.client().isEmpty() ? "(none)" : c.client());
            row.put("scope", c.scope());
            row.put("version", counts.version());
            row.put("rows", counts.rows());
            if (card.isEmpty()) {
                row.put("drift", false);
                row.put("reasons", List.of("no card found for " + ref + "; drift not computed"));
                rows.add(row);
                continue;
            }
            DriftAssessment a = DriftAssessment.of(card.get(), counts, deployment, minRows);
            if (shown == null) {
                shown = a.thresholds();
            }
            if (a.drift()) {
                drifted++;
            }
            List<String> reasons = new ArrayList<>();
            for (FeatureDrift f : a.features()) {
                if (f.drift()) {
                    reasons.add(f.feature() + ": " + String.join(", ", f.reasons()));
                }
                double[] agg = featurePsi.computeIfAbsent(f.feature(), k -> new double[4]);
                if (!Double.isNaN(f.psi())) {
                    agg[0] += f.psi() * f.rows();
                    agg[1] += f.rows();
                    if (a.enoughRows()) {
                        agg[2] = Math.max(agg[2], f.psi());
                    }
                }
                if (f.drift()) {
                    agg[3]++;
                }
            }
            if (a.score().drift()) {
                reasons.add("score: " + String.join(", ", a.score().reasons()));
            }
            if (!a.enoughRows()) {
                reasons.add("fewer than " + minRows + " rows: measured, not judged");
            }
            FeatureDrift top = a.byPsi().isEmpty() ? null : a.byPsi().get(0);
            row.put("drift", a.drift());
            row.put("reasons", reasons);
            row.put("max_psi", num(a.maxPsi()));
            row.put("top_feature", top == null || Double.isNaN(top.psi()) ? null : top.feature());
            row.put("score_mean", num(a.score().mean()));
            row.put("baseline_score_mean", a.score().baselineMean());
            row.put("score_shift", num(a.score().meanShift()));
            row.put("score_psi", num(a.score().psi()));
            row.put("decision_rate", a.score().decisionRate());
            row.put("baseline_decision_rate", a.score().baselineDecisionRate());
            row.put("max_missing_rate_increase", num(a.maxMissingRateIncrease()));
            row.put("max_out_of_range_rate", num(a.maxOutOfRangeRate()));
            row.put("features", features(a));
            rows.add(row);

            ScoreCounts s = counts.score();
            if (!chartRange) {
                lo = s.lo();
                hi = s.hi();
                chartRange = true;
            }
            if (s.lo() == lo && s.hi() == hi) {
                addFine(actual, s);
                // clients' models bin their scores differently; the fine histogram is common to all
                ScoreCounts fineOnly = new ScoreCounts(s.rows(), s.sum(), s.positive(), new long[0], s.lo(), s.hi(),
                        s.fine());
                allScores = allScores == null ? fineOnly : allScores.merge(fineOnly);
                FeatureBaseline sb = card.get().monitoring() == null ? null : card.get().monitoring().score();
                if (sb != null) {
                    double[] e = onGrid(sb, lo, hi, CHART_BINS);
                    for (int i = 0; i < CHART_BINS; i++) {
                        expected[i] += e[i] * s.rows();
                    }
                    if (card.get().monitoring().scoreMean() != null) {
                        baselineSum += card.get().monitoring().scoreMean() * s.rows();
                        baselineRows += s.rows();
                    }
                }
            }
            scoreSum += s.sum();
            scoreRows += s.rows();
        }
        rows.sort(Comparator.comparing((Map<String, Object> r) -> !(Boolean) r.get("drift"))
                .thenComparing(r -> -(r.get("max_psi") instanceof Double d ? d : -1.0)));
        doc.put("clients_drifted", drifted);
        doc.put("thresholds", shown == null ? DriftThresholds.effective(null, deployment) : shown);
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("lo", lo);
        score.put("hi", hi);
        score.put("bins", CHART_BINS);
        score.put("actual", shares(actual));
        score.put("expected", shares(expected));
        score.put("mean", scoreRows == 0 ? null : num(scoreSum / scoreRows));
        score.put("baseline_mean", baselineRows == 0 ? null : num(baselineSum / baselineRows));
        score.put("p95", allScores == null ? null : num(allScores.quantile(0.95)));
        doc.put("score", score);
        List<Map<String, Object>> top = new ArrayList<>();
        featurePsi.forEach((f, agg) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("feature", f);
            t.put("mean_psi", agg[1] == 0 ? null : num(agg[0] / agg[1]));
            t.put("max_psi", num(agg[2]));
            t.put("clients_drifted", (long) agg[3]);
            top.add(t);
        });
        top.sort(Comparator.comparing((Map<String, Object> t) -> -((Long) t.get("clients_drifted")))
                .thenComparing(t -> -(t.get("mean_psi") instanceof Double d ? d : -1.0)));
        doc.put("top_features", top);
        doc.put("clients", rows);
        doc.put("quarantine", new TreeMap<>(quarantine == null ? Map.of() : quarantine));
        return doc;
    }

    /** The features of an assessment as the {@code monitor compare --json} and drift.json rows. */
    public static List<Map<String, Object>> features(DriftAssessment a) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FeatureDrift f : a.features()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", f.feature());
            m.put("psi", num(f.psi()));
            m.put("missing_rate", num(f.missingRate()));
            m.put("baseline_missing_rate", num(f.baselineMissingRate()));
            m.put("out_of_range_rate", num(f.outOfRangeRate()));
            m.put("drift", f.drift());
            m.put("reasons", f.reasons());
            out.add(m);
        }
        return out;
    }

    /** The score part of an assessment, snake_case. */
    public static Map<String, Object> score(DriftAssessment a) {
        ScoreDrift s = a.score();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", s.rows());
        m.put("mean", num(s.mean()));
        m.put("baseline_mean", s.baselineMean());
        m.put("shift", num(s.meanShift()));
        m.put("p95", num(s.p95()));
        m.put("baseline_p95", s.baselineP95());
        m.put("psi", num(s.psi()));
        m.put("decision_rate", s.decisionRate());
        m.put("baseline_decision_rate", s.baselineDecisionRate());
        m.put("drift", s.drift());
        m.put("reasons", s.reasons());
        return m;
    }

    static Double num(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null;
    }

    private static void addFine(double[] grid, ScoreCounts s) {
        int per = Math.max(1, s.fine().length / grid.length);
        for (int i = 0; i < s.fine().length; i++) {
            grid[Math.min(grid.length - 1, i / per)] += s.fine()[i];
        }
    }

    private static List<Double> shares(double[] v) {
        double total = 0;
        for (double d : v) {
            total += d;
        }
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(total == 0 ? 0.0 : Math.round(d / total * 1e6) / 1e6);
        }
        return out;
    }

    /**
     * A baseline's bin fractions spread over {@code n} equal bins of [lo, hi], each quantile bin uniformly between
     * its edges (the first from the training minimum, the last to the training maximum).
     */
    public static double[] onGrid(FeatureBaseline b, double lo, double hi, int n) {
        double[] grid = new double[n];
        if (b.fractions().isEmpty() || b.min() == null) {
            return grid;
        }
        double width = (hi - lo) / n;
        for (int k = 0; k < b.fractions().size(); k++) {
            double from = k == 0 ? b.min() : b.edges().get(k - 1);
            double to = k == b.edges().size() ? b.max() : b.edges().get(k);
            double f = b.fractions().get(k);
            if (f == 0) {
                continue;
            }
            if (to <= from) {
                grid[cell(from, lo, width, n)] += f;
                continue;
            }
            int a = cell(from, lo, width, n);
            int z = cell(to, lo, width, n);
            for (int i = a; i <= z; i++) {
                double cl = Math.max(from, lo + i * width);
                double cr = Math.min(to, lo + (i + 1) * width);
                if (i == a && i == z) {
                    grid[i] += f;
                } else if (cr > cl) {
                    grid[i] += f * (cr - cl) / (to - from);
                }
            }
        }
        return grid;
    }

    private static int cell(double v, double lo, double width, int n) {
        return Math.max(0, Math.min(n - 1, (int) Math.floor((v - lo) / width)));
    }

    /** The model version whose card judges a client's drift: its own model when it was scored by one, else the global. */
    public static ModelRef cardRef(ClientDriftCounts c) {
        DriftCounts counts = c.counts();
        return "client".equals(c.scope()) && !c.client().isEmpty()
                ? new ModelRef(counts.model(), counts.version(), c.client())
                : new ModelRef(counts.model(), counts.version(), null);
    }
}
