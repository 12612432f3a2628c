package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.OutputSpec;
import com.anycompany.scoring.recommendations.Course;
import com.anycompany.scoring.recommendations.LearningFeatures;
import com.anycompany.scoring.recommendations.Ndcg;
import com.anycompany.scoring.rollout.GoldenSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-recommendations model: XGBoost {@code rank:ndcg} (LambdaMART), one query group per learner, trained
 * with xgboost4j (fixed seed) on {@link SyntheticLearning}'s learners, the last fifth of them held out. The card
 * records the holdout's NDCG@5 ({@link Ndcg}, textbook definition) next to ranking by popularity alone on the same
 * groups.
 */
public final class RecommendationModelBuilder {
    public static final String NAME = "recommendations";
    public static final String OBJECTIVE = "rank:ndcg";
    public static final int TREES = 100;
    public static final int DEPTH = 4;
    public static final int COURSES = 160;
    public static final int K = 5;

    /** An artifact, its card and the data it was trained and judged on. */
    public record Trained(byte[] artifact, String fileName, ModelCard card, List<SyntheticLearning.Case> holdout) {
    }

    private RecommendationModelBuilder() {
    }

    /** The synthetic learners for a seed: the same list in training, the golden set and the demo. */
    public static List<SyntheticLearning.Case> cases(int learners, long seed) {
        return new SyntheticLearning(seed, COURSES).cases(learners);
    }

    /** Index of the first held-out learner. */
    public static int holdoutStart(int learners) {
        return learners * 4 / 5;
    }

    /** One (learner, course) pair as the model's row: card order, NaN for missing. */
    public static float[] row(SyntheticLearning.Case c, Course course) {
        Map<String, Object> f = LearningFeatures.of(c.learner(), course);
        float[] x = new float[LearningFeatures.NAMES.size()];
        for (int k = 0; k < x.length; k++) {
            Object v = f.get(LearningFeatures.NAMES.get(k));
            x[k] = v == null ? Float.NaN : v instanceof Boolean b ? (b ? 1f : 0f) : ((Number) v).floatValue();
        }
        return x;
    }

    /** Trains version {@code version} on {@code learners} synthetic learners. */
    public static Trained train(String version, int learners, long seed) {
        List<SyntheticLearning.Case> all = cases(learners, seed);
        int split = holdoutStart(learners);
        List<float[]> x = new ArrayList<>();
        List<Float> y = new ArrayList<>();
        int[] groups = new int[split];
        for (int i = 0; i < split; i++) {
            SyntheticLearning.Case c = all.get(i);
            groups[i] = c.candidates().size();
            for (int k = 0; k < c.candidates().size(); k++) {
                x.add(row(c, c.candidates().get(k)));
                y.add((float) c.relevance()[k]);
            }
        }
        float[] labels = new float[y.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = y.get(i);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", OBJECTIVE);
        params.put("eta", 0.1);
        params.put("max_depth", DEPTH);
        params.put("min_child_weight", 1);
        params.put("subsample", 0.9);
        params.put("seed", seed);
        params.put("nthread", 1);
        byte[] artifact = XgbTrainer.train(x.toArray(new float[0][]), labels, groups, LearningFeatures.NAMES, params,
                TREES, "json");
        ArtifactInfo info = new ArtifactInfo("model.json", "json", Hashing.sha256Hex(artifact), artifact.length);
        OutputSpec output = new OutputSpec("margin", "how well the course suits the learner: higher ranks first; "
                + "comparable only among one request's candidates", null, null, null, null);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("learners", split);
        training.put("rows", labels.length);
        training.put("holdoutLearners", learners - split);
        training.put("seed", seed);
        training.put("trees", TREES);
        training.put("maxDepth", DEPTH);
        training.put("source", "SyntheticLearning learners and catalogue (local demo data)");
        training.put("goldenTolerance", 1e-4);
        String created = Instant.now().toString();
        ModelCard card = new ModelCard(NAME, version, null, OBJECTIVE, output, LearningFeatures.FEATURES, info,
                created, training);
        List<SyntheticLearning.Case> holdout = all.subList(split, learners);
        LoadedModel model = bind(card, artifact);
        training.put("holdoutNdcgAt5", round(ndcg(model, holdout)));
        training.put("holdoutNdcgAt5ByPopularity", round(popularityNdcg(holdout)));
        card = new ModelCard(NAME, version, null, OBJECTIVE, output, LearningFeatures.FEATURES, info, created,
                training);
        return new Trained(artifact, "model.json", card, List.copyOf(holdout));
    }

    /** Mean NDCG@5 of ranking each case's candidates by the model. */
    public static double ndcg(LoadedModel model, List<SyntheticLearning.Case> cases) {
        double[] per = new double[cases.size()];
        for (int i = 0; i < per.length; i++) {
            SyntheticLearning.Case c = cases.get(i);
            float[] s = new float[c.candidates().size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = model.predict(row(c, c.candidates().get(k)))[0];
            }
            per[i] = Ndcg.ofScores(s, c.relevance(), K);
        }
        return Ndcg.mean(per);
    }

    /** The baseline: mean NDCG@5 of ranking by popularity alone (a course without one last). */
    public static double popularityNdcg(List<SyntheticLearning.Case> cases) {
        double[] per = new double[cases.size()];
        for (int i = 0; i < per.length; i++) {
            SyntheticLearning.Case c = cases.get(i);
            float[] s = new float[c.candidates().size()];
            for (int k = 0; k < s.length; k++) {
                Double p = c.candidates().get(k).popularity();
                s[k] = p == null ? -1f : p.floatValue();
            }
            per[i] = Ndcg.ofScores(s, c.relevance(), K);
        }
        return Ndcg.mean(per);
    }

    /** The golden set published with a version: the first held-out learners' pairs and this version's scores. */
    public static GoldenSet golden(Trained trained, int rows) {
        List<RecordView> records = new ArrayList<>();
        for (SyntheticLearning.Case c : trained.holdout()) {
            for (Course course : c.candidates()) {
                Map<String, Object> f = LearningFeatures.of(c.learner(), course);
                records.add(f::get);
            }
        }
        return GoldenSet.generate(bind(trained.card(), trained.artifact()), records, rows);
    }

    private static LoadedModel bind(ModelCard card, byte[] artifact) {
        return LoadedModel.bind(card, new JavaEngine().compile(new ModelArtifact("model.json", artifact)), "trained");
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
