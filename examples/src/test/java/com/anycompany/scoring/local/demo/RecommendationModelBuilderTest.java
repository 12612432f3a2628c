package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.recommendations.Course;
import com.anycompany.scoring.recommendations.Ndcg;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's ranking model (rank:ndcg) against outside oracles: xgboost4j's own predictions and SHAP values for the
 * same artifact and rows, and NDCG recomputed here from xgboost4j's scores.
 */
class RecommendationModelBuilderTest {
    private static final long SEED = 20261125;
    private static final int LEARNERS = 400;
    private static RecommendationModelBuilder.Trained trained;
    private static float[][] rows;

    @BeforeAll
    static void train() {
        trained = RecommendationModelBuilder.train("1", LEARNERS, SEED);
        List<float[]> r = new ArrayList<>();
        for (SyntheticLearning.Case c : trained.holdout()) {
            for (Course course : c.candidates()) {
                r.add(RecommendationModelBuilder.row(c, course));
            }
        }
        rows = r.toArray(new float[0][]);
    }

    private static Booster booster() throws Exception {
        return XGBoost.loadModel(new ByteArrayInputStream(trained.artifact()));
    }

    private static DMatrix matrix() throws Exception {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return new DMatrix(flat, rows.length, rows[0].length, Float.NaN);
    }

    private static LoadedModel model() {
        return LoadedModel.bind(trained.card(), new JavaEngine().compile(new ModelArtifact("m", trained.artifact())),
                "test");
    }

    @Test
    void theEngineScoresEqualXgboost4jsForTheRankingModel() throws Exception {
        float[][] want = booster().predict(matrix());
        LoadedModel model = model();
        assertEquals("rank:ndcg", trained.card().objective());
        int missing = 0;
        for (int i = 0; i < rows.length; i++) {
            assertEquals(want[i][0], model.predict(rows[i])[0], 0f, "row " + i);
            missing += Arrays.toString(rows[i]).contains("NaN") ? 1 : 0;
        }
        assertTrue(missing > 20, "the holdout exercises missing values (" + missing + " rows)");
    }

    @Test
    void theReasonsComeFromTheSameShapValuesAsXgboost4jGives() throws Exception {
        float[][] want = booster().predictContrib(matrix(), 0);
        LoadedModel model = model();
        int width = rows[0].length + 1;
        for (int i = 0; i < rows.length; i += 7) {
            float[] phi = new float[width];
            model.compiled().contributions(rows[i], phi);
            assertArrayEquals(want[i], phi, 1e-4f, "row " + i);
        }
    }

    @Test
    void theCardsHoldoutNdcgIsWhatXgboost4jsScoresGiveAndBeatsPopularity() throws Exception {
        float[][] scores = booster().predict(matrix());
        double[] per = new double[trained.holdout().size()];
        int at = 0;
        for (int g = 0; g < per.length; g++) {
            SyntheticLearning.Case c = trained.holdout().get(g);
            float[] s = new float[c.candidates().size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = scores[at++][0];
            }
            per[g] = Ndcg.ofScores(s, c.relevance(), 5);
        }
        double ndcg = Ndcg.mean(per);
        assertEquals(Math.round(ndcg * 10_000) / 10_000.0,
                ((Number) trained.card().training().get("holdoutNdcgAt5")).doubleValue(), 1e-9);
        double byPopularity = ((Number) trained.card().training().get("holdoutNdcgAt5ByPopularity")).doubleValue();
        assertTrue(ndcg > byPopularity + 0.1, "model " + ndcg + " vs popularity " + byPopularity);
    }

    @Test
    void theSameSeedGivesTheSameLearnersAndLabels() {
        List<SyntheticLearning.Case> a = RecommendationModelBuilder.cases(50, SEED);
        List<SyntheticLearning.Case> b = RecommendationModelBuilder.cases(50, SEED);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).learner(), b.get(i).learner());
            assertEquals(a.get(i).candidates(), b.get(i).candidates());
            assertArrayEquals(a.get(i).relevance(), b.get(i).relevance());
            SyntheticLearning.Case c0 = a.get(i);
            assertTrue(c0.candidates().stream().noneMatch(c -> c0.learner().completed(c.courseId())),
                    "a learner is never shown a course they completed");
        }
        double[] labels = a.stream().flatMapToDouble(c -> Arrays.stream(c.relevance())).toArray();
        assertTrue(Arrays.stream(labels).anyMatch(l -> l == 3) && Arrays.stream(labels).anyMatch(l -> l == 0));
    }
}
