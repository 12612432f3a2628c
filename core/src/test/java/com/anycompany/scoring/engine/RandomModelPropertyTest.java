package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property test: many random models (objective, depth 1-12, missing rate 0-50%, 2-10 classes, 1-1000 trees, random
 * data and hyper-parameters; gbtree, dart with random dropout, gblinear, and categorical columns with partition or
 * one-hot splits scored on unseen and invalid codes too), each trained by xgboost4j and checked row by row, predict and predictBatch, against
 * {@code Booster.predict} within 1e-6 relative, and TreeSHAP against {@code predictContrib} within 1e-5. Seeded, so a
 * failure names a reproducible case.
 */
class RandomModelPropertyTest {
    private static final long SEED = 20261125L;
    private static final int MODELS = 60;
    private static final List<String> OBJECTIVES = List.of("binary:logistic", "binary:logitraw", "binary:hinge",
            "reg:squarederror", "reg:squaredlogerror", "reg:logistic", "reg:pseudohubererror", "reg:absoluteerror",
            "reg:quantileerror", "count:poisson", "reg:gamma", "reg:tweedie", "multi:softprob", "multi:softmax",
            "rank:pairwise", "rank:ndcg");

    @Test
    void randomModelsMatchXgboost4jRowByRow() throws Exception {
        Random master = new Random(SEED);
        long predictions = 0;
        long contributions = 0;
        int maxTrees = 0;
        int maxDepth = 0;
        for (int c = 0; c < MODELS; c++) {
            long caseSeed = master.nextLong();
            Random r = new Random(caseSeed);
            String objective = OBJECTIVES.get(c % OBJECTIVES.size());
            int depth = c == 1 ? 12 : 1 + r.nextInt(12);
            double missing = c == 2 ? 0.5 : r.nextInt(6) * 0.1;
            int classes = objective.startsWith("multi:") ? 2 + r.nextInt(9) : 0;
            int rounds = c == 0 ? 1000 : c == 3 ? 1 : (int) Math.round(Math.exp(r.nextDouble() * Math.log(400)));
            if (classes > 0) {
                rounds = Math.max(1, Math.min(rounds, 1000 / classes));
            }
            int features = 2 + r.nextInt(14);
            int rows = 80 + r.nextInt(170);
            String kind = c % 5 == 4 ? "dart" : c % 5 == 2 && !objective.startsWith("reg:absolute")
                    && !objective.startsWith("reg:quantile") ? "gblinear" : c % 5 == 1 ? "categorical" : "gbtree";
            int catColumns = kind.equals("categorical") ? 1 + r.nextInt(Math.min(3, features)) : 0;
            if (!kind.equals("gbtree")) {
                rounds = Math.min(rounds, 150);
            }
            String label = "case " + c + " (seed " + caseSeed + "): " + kind + " " + objective + ", depth " + depth
                    + ", missing " + missing + ", classes " + classes + ", rounds " + rounds + ", features " + features;

            float[] x = new float[rows * features];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() < missing ? Float.NaN
                        : r.nextInt(4) == 0 ? r.nextInt(5) : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(4)));
            }
            String[] types = new String[features];
            for (int f = 0; f < features; f++) {
                types[f] = f < catColumns ? "c" : "q";
                for (int i = 0; f < catColumns && i < rows; i++) {
                    if (!Float.isNaN(x[i * features + f])) {
                        x[i * features + f] = r.nextInt(2 + f * 15);
                    }
                }
            }
            float[] y = labels(objective, x, rows, features, classes, r);
            DMatrix d = new DMatrix(x, rows, features, Float.NaN);
            d.setLabel(y);
            if (catColumns > 0) {
                d.setFeatureTypes(types);
            }
            if (objective.startsWith("rank:")) {
                d.setGroup(groups(rows, r));
            }
            Map<String, Object> p = new HashMap<>();
            p.put("objective", objective);
            p.put("max_depth", depth);
            p.put("eta", 0.05 + r.nextDouble() * 0.5);
            p.put("min_child_weight", r.nextBoolean() ? 0.0 : r.nextDouble() * 3);
            p.put("subsample", 0.5 + r.nextDouble() * 0.5);
            p.put("colsample_bytree", 0.5 + r.nextDouble() * 0.5);
            p.put("lambda", r.nextDouble() * 2);
            p.put("tree_method", r.nextBoolean() ? "hist" : "exact");
            p.put("seed", r.nextInt(1000));
            p.put("nthread", 1);
            if (classes > 0) {
                p.put("num_class", classes);
            }
            switch (kind) {
                case "dart" -> {
                    p.put("booster", "dart");
                    p.put("rate_drop", r.nextDouble() * 0.5);
                    p.put("skip_drop", r.nextDouble() * 0.5);
                }
                case "gblinear" -> p.put("booster", "gblinear");
                case "categorical" -> {
                    p.put("tree_method", "hist");
                    p.put("max_cat_to_onehot", r.nextBoolean() ? 1 : 64);
                }
                default -> { }
            }
            if (objective.equals("reg:quantileerror")) {
                p.put("quantile_alpha", 0.1 + r.nextDouble() * 0.8);
            }
            if (objective.equals("reg:tweedie")) {
                p.put("tweedie_variance_power", 1.1 + r.nextDouble() * 0.8);
            }
            Booster b = XGBoost.train(d, p, rounds, new HashMap<>(), null, null);
            try {
                String format = r.nextBoolean() ? "json" : "ubj";
                JavaCompiledModel m = new JavaEngine().compile(new ModelArtifact(label + " " + format,
                        b.toByteArray(format)));
                maxTrees = Math.max(maxTrees, m.numTrees());
                maxDepth = Math.max(maxDepth, depth);
                DMatrix scored = d;
                if (catColumns > 0) { // codes never seen in training, negative and beyond 2^24 ones too
                    x = x.clone();
                    for (int i = 0; i < rows; i += 3) {
                        x[i * features] = new float[] {50, 2000, -1, 3e7f}[(i / 3) % 4];
                    }
                    scored = new DMatrix(x, rows, features, Float.NaN);
                    scored.setFeatureTypes(types);
                }
                predictions += checkPredictions(label, b.predict(scored), m, x, rows);
                int shapRows = Math.min(rows, 25);
                TreeShapTest.assertContributionsMatch(label, b, m, x, shapRows, catColumns > 0 ? types : null);
                contributions += shapRows;
            } finally {
                b.dispose();
                d.dispose();
            }
        }
        System.out.printf("%d random models (up to %d trees, depth %d): %d outputs and %d SHAP rows match%n", MODELS,
                maxTrees, maxDepth, predictions, contributions);
    }

    private static int[] groups(int rows, Random r) {
        List<Integer> sizes = new java.util.ArrayList<>();
        int left = rows;
        while (left > 0) {
            int g = Math.min(left, 5 + r.nextInt(20));
            sizes.add(g);
            left -= g;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] labels(String objective, float[] x, int rows, int nf, int classes, Random r) {
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double lin = 0;
            for (int f = 0; f < Math.min(nf, 4); f++) {
                float v = x[i * nf + f];
                lin += (Float.isNaN(v) ? (f % 2 == 0 ? 1 : -1) : Math.signum(v) * Math.log1p(Math.abs(v)))
                        * (f + 1) * (f % 2 == 0 ? 1 : -0.5);
            }
            lin += 0.5 * r.nextGaussian();
            y[i] = switch (objective) {
                case "binary:logistic", "binary:logitraw", "binary:hinge" -> lin > 0 ? 1 : 0;
                case "reg:logistic" -> (float) (1 / (1 + Math.exp(-lin)));
                case "count:poisson" -> (float) Math.floor(Math.exp(0.3 * lin) * 3 * r.nextDouble());
                case "reg:gamma" -> (float) (Math.exp(0.3 * lin) * (0.1 + r.nextDouble()));
                case "reg:tweedie" -> r.nextInt(3) == 0 ? 0 : (float) (Math.exp(0.3 * lin) * r.nextDouble());
                case "reg:squaredlogerror" -> (float) Math.abs(lin * 3);
                case "multi:softprob", "multi:softmax" ->
                        Math.floorMod((int) Math.floor(lin * 2), classes);
                case "rank:pairwise", "rank:ndcg" -> Math.max(0, Math.min(4, (int) Math.floor(lin + 2)));
                default -> (float) (lin * 10 + 5);
            };
        }
        return y;
    }

    private static long checkPredictions(String label, float[][] want, JavaCompiledModel m, float[] x, int rows) {
        int nf = m.numFeatures();
        int no = m.numOutputs();
        float[] batch = new float[rows * no];
        m.predictBatch(x, rows, batch);
        float[] row = new float[nf];
        float[] out = new float[no];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * nf, row, 0, nf);
            m.predict(row, out);
            assertEquals(no, want[i].length, label + ": outputs per row");
            for (int k = 0; k < no; k++) {
                float w = want[i][k];
                if (!(Math.abs(out[k] - w) <= 1e-6f * Math.max(1f, Math.abs(w)))) {
                    fail(label + ": row " + i + " output " + k + ": java " + out[k] + " vs xgboost4j " + w);
                }
                if (Float.floatToIntBits(out[k]) != Float.floatToIntBits(batch[i * no + k])) {
                    fail(label + ": predictBatch " + batch[i * no + k] + " differs from predict " + out[k]
                            + " at row " + i);
                }
            }
        }
        return (long) rows * no;
    }
}
