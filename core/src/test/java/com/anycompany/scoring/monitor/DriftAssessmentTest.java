package com.anycompany.scoring.monitor;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.Baselines;
import com.anycompany.scoring.model.DriftThresholds;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.MissingRule;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.OutputSpec;
import com.anycompany.scoring.model.TrainingBaselines;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drift measured on synthetic data whose distribution the test controls: same, shifted, new category, missing. */
class DriftAssessmentTest {
    private static final int AMOUNT = 0;
    private static final int PLAN = 1;     // categorical: plans 1, 3, 5 only
    private static final int BONUS = 2;    // optional, missing 10% of the time

    /** A draw from the training distribution, or from a drifted one. */
    private static float[] row(SplittableRandom r, double amountShift, double newPlanRate, double missingRate) {
        float amount = (float) (r.nextGaussian(1000, 150) + amountShift);
        float plan = r.nextDouble() < newPlanRate ? 4f : new float[]{1, 3, 5}[r.nextInt(3)];
        float bonus = r.nextDouble() < missingRate ? Float.NaN : (float) r.nextDouble(0, 50);
        return new float[]{amount, plan, bonus};
    }

    private static float score(float[] row) {
        return (float) (1 / (1 + Math.exp(-(row[AMOUNT] - 1000) / 150.0)));
    }

    static ModelCard card() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 5000;
        float[][] rows = new float[n][];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            rows[i] = row(r, 0, 0, 0.1);
            scores[i] = score(rows[i]);
        }
        List<FeatureSpec> specs = List.of(
                new FeatureSpec("amount", FeatureType.FLOAT, true, 0.0, 1e6, MissingRule.TREE_DEFAULT, null, null),
                new FeatureSpec("plan", FeatureType.INT, true, 0.0, 10.0, MissingRule.TREE_DEFAULT, null, null),
                new FeatureSpec("bonus", FeatureType.FLOAT, false, null, null, MissingRule.TREE_DEFAULT, null, null));
        List<FeatureSpec> withBaselines = new ArrayList<>();
        for (int c = 0; c < specs.size(); c++) {
            float[] col = new float[n];
            for (int i = 0; i < n; i++) {
                col[i] = rows[i][c];
            }
            withBaselines.add(specs.get(c).withBaseline(Baselines.of(col, Baselines.DEFAULT_BINS)));
        }
        ModelCard bare = new ModelCard("payroll-test", "1", null, "binary:logistic",
                new OutputSpec("probability", "p", 0.9, "REVIEW", "APPROVE", null), specs,
                new ArtifactInfo("model.json", "json", "0".repeat(64), 1), "2026-11-25T00:00:00Z", Map.of());
        return bare.withBaselines(withBaselines, TrainingBaselines.monitoringOf(bare, scores));
    }

    private static DriftAssessment window(ModelCard card, long seed, int n, double shift, double newPlan,
                                          double missing) {
        DriftSketch sketch = new DriftSketch(card);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            float[] row = row(r, shift, newPlan, missing);
            sketch.observe(row);
            sketch.observeScore(score(row));
        }
        return DriftAssessment.of(card, sketch.drain(), null, DriftAssessment.DEFAULT_MIN_ROWS);
    }

    @Test
    void trafficLikeTrainingIsNotDrift() {
        DriftAssessment a = window(card(), 99, 2000, 0, 0, 0.1);
        assertFalse(a.drift(), () -> "undrifted traffic judged drifted: " + a);
        assertTrue(a.maxPsi() < 0.05, "PSI of same-distribution traffic " + a.maxPsi());
        assertEquals(0, a.breaches());
        assertTrue(Math.abs(a.score().mean() - a.score().baselineMean()) < 0.02);
    }

    @Test
    void aShiftedFeatureIsCaughtByPsiAndTheScore() {
        DriftAssessment a = window(card(), 99, 2000, 300, 0, 0.1);
        FeatureDrift amount = a.features().get(AMOUNT);
        assertTrue(amount.drift() && amount.psi() > 0.25, "amount PSI " + amount.psi());
        assertFalse(a.features().get(PLAN).drift());
        assertFalse(a.features().get(BONUS).drift());
        assertTrue(a.score().drift(), "score drift: " + a.score());
        assertTrue(a.score().p95() > a.score().baselineP95());
        assertEquals("amount", a.byPsi().get(0).feature());
    }

    @Test
    void aNewCategoryInsideTheRangeCountsAsOutOfRange() {
        ModelCard card = card();
        assertEquals(List.of(1.0, 3.0, 5.0), card.features().get(PLAN).baseline().categories());
        DriftAssessment a = window(card, 99, 2000, 0, 0.2, 0.1);
        FeatureDrift plan = a.features().get(PLAN);
        assertTrue(plan.outOfRangeRate() > 0.15 && plan.outOfRangeRate() < 0.25, "new-category rate " + plan);
        assertTrue(plan.drift());
        assertFalse(a.features().get(AMOUNT).drift());
    }

    @Test
    void aJumpInMissingValuesIsCaught() {
        DriftAssessment a = window(card(), 99, 2000, 0, 0, 0.5);
        FeatureDrift bonus = a.features().get(BONUS);
        assertTrue(bonus.missingRateIncrease() > 0.3, "missing increase " + bonus.missingRateIncrease());
        assertTrue(bonus.drift() && bonus.reasons().get(0).startsWith("missing"), bonus.reasons().toString());
        assertFalse(a.features().get(AMOUNT).drift());
    }

    @Test
    void aSmallWindowIsMeasuredButNotJudged() {
        DriftAssessment a = window(card(), 99, 20, 300, 0, 0.1);
        assertFalse(a.enoughRows());
        assertFalse(a.drift());
        assertTrue(a.features().get(AMOUNT).psi() > 0.25);
    }

    @Test
    void thresholdsInTheCardOverrideTheDeployment() {
        ModelCard card = card();
        ModelCard strict = card.withBaselines(card.features(), card.monitoring().withThresholds(
                new DriftThresholds(0.1, null, null, null, null, null)));
        DriftThresholds lax = new DriftThresholds(0.5, null, null, null, null, null);
        DriftSketch s = new DriftSketch(card);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            float[] row = row(r, 60, 0, 0.1);   // a shift of 0.4 standard deviations: PSI about 0.16
            s.observe(row);
            s.observeScore(score(row));
        }
        DriftCounts counts = s.drain();
        DriftAssessment own = DriftAssessment.of(strict, counts, lax, 30);
        assertEquals(0.1, own.thresholds().psi());
        assertEquals(DriftThresholds.DEFAULTS.outOfRangeRate(), own.thresholds().outOfRangeRate());
        assertTrue(own.features().get(AMOUNT).drift(), "PSI " + own.features().get(AMOUNT).psi() + " over the card's 0.1");
        assertFalse(DriftAssessment.of(card, counts, lax, 30).features().get(AMOUNT).drift(), "under the fleet's 0.5");
    }

    private static DriftCounts sketchOf(ModelCard card, int n) {
        DriftSketch s = new DriftSketch(card);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            float[] row = row(r, 0, 0, 0.1);
            s.observe(row);
            s.observeScore(score(row));
        }
        return s.drain();
    }

    @Test
    void samplingNoiseAloneIsNotDriftEvenForSmallClients() {
        ModelCard card = card();
        int flagged = 0;
        for (long seed = 1; seed <= 200; seed++) {
            if (window(card, seed, seed % 2 == 0 ? 40 : 80, 0, 0, 0.1).drift()) {
                flagged++;
            }
        }
        assertTrue(flagged <= 10, flagged + " of 200 undrifted 40- and 80-row windows were called drift");
        assertTrue(window(card, 1, 80, 300, 0, 0.1).features().get(AMOUNT).drift(), "a 2-sigma shift at 80 rows");
        assertTrue(window(card, 1, 40, 600, 0, 0.1).drift(), "a 4-sigma shift is drift even at 40 rows");
    }

    @Test
    void countsMergeLikeOneWindowAndStayBounded() {
        ModelCard card = card();
        DriftCounts a = sketchOf(card, 700);
        DriftCounts whole = a.merge(a);
        assertEquals(1400, whole.rows());
        assertEquals(2 * a.features().get(AMOUNT).bins()[3], whole.features().get(AMOUNT).bins()[3]);
        assertEquals(ScoreCounts.FINE_BINS, whole.score().fine().length);
        // the same memory whatever the traffic
        assertEquals(sketchOf(card, 10).features().get(AMOUNT).bins().length, a.features().get(AMOUNT).bins().length);
    }

    @Test
    void baselinesSurviveTheCardsJson() {
        ModelCard card = card();
        ModelCard back = ModelCards.parse("test", ModelCards.toJson(card));
        assertEquals(card.monitoring(), back.monitoring());
        assertEquals(card.features().get(PLAN).baseline().categories(), back.features().get(PLAN).baseline().categories());
        assertNull(back.features().get(AMOUNT).baseline().categories());
        // a card from before baselines still reads
        assertNull(ModelCards.parse("old", ModelCards.toJson(new ModelCard("m", "1", null, "binary:logistic",
                card.output(), card.features(), card.artifact(), null, null))).monitoring());
    }

    @Test
    void quarantineReasonsAreGroupedWithoutValues() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        QuarantineReasons.count(counts, "line 7: 'amount' is 2000000, above the maximum 1000000; 'hour' is not a "
                + "number (\"12,50\")");
        QuarantineReasons.count(counts, "line 9: 'amount' is 3000000, above the maximum 1000000");
        assertEquals(Map.of("'amount' is N, above the maximum N", 2L, "'hour' is not a number", 1L), counts);
    }

    @Test
    void theReportIsSelfContainedAndDrawsItsCharts() throws Exception {
        ModelCard card = card();
        DriftSketch drifted = new DriftSketch(card);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            float[] row = row(r, 300, 0.2, 0.1);
            drifted.observe(row);
            drifted.observeScore(score(row));
        }
        // client-c's own model bins its scores differently from the global one: the run still merges
        ModelCard other = card.withBaselines(card.features(), new com.anycompany.scoring.model.ModelMonitoring(
                Baselines.of(new float[]{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, 3), 0.35, 0.6, 0.0, null));
        ModelCard otherCard = other.withIdentity("payroll-test", "1", "client-c");
        List<ClientDriftCounts> clients = List.of(new ClientDriftCounts("client-a", "global", drifted.drain()),
                new ClientDriftCounts("client-b", "global", sketchOf(card, 400)),
                new ClientDriftCounts("client-c", "client", sketchOf(otherCard, 60)));
        Map<String, Object> doc = RunDrift.build(new RunDrift.Run("run-1", "payroll-test", "1", 965, 960, 5), clients,
                Map.of("'amount' is not a number", 5L), ref -> java.util.Optional.of(ref.clientId() == null ? card
                        : otherCard), null, 100);
        ObjectMapper json = Json.MAPPER;
        JsonNode d = json.readTree(json.writeValueAsBytes(doc));
        assertEquals(1, d.get("clients_drifted").asInt());
        assertEquals("client-a", d.get("clients").get(0).get("client").asText());
        assertEquals("amount", d.get("top_features").get(0).get("feature").asText());
        assertEquals(RunDrift.CHART_BINS, d.get("score").get("expected").size());
        double expectedSum = 0;
        for (JsonNode e : d.get("score").get("expected")) {
            expectedSum += e.asDouble();
        }
        assertEquals(1.0, expectedSum, 1e-3);
        String html = DriftReportHtml.render(d);
        assertTrue(html.contains("id=\"score-chart\"") && html.contains("id=\"feature-chart\"")
                && html.contains("id=\"clients\""));
        assertEquals(RunDrift.CHART_BINS, html.split("class=\"bar actual\"").length - 1);
        assertFalse(html.matches("(?s).*(src=|href=|https?://|@import|url\\().*"), "the page must load nothing");
    }
}
