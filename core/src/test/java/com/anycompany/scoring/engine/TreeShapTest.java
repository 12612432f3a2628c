package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** TreeSHAP against xgboost4j's {@code predictContrib} on models trained here, row by row. */
class TreeShapTest {
    static final int ROWS = 250;
    static final int FEATURES = 8;
    static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    static float[] data(long seed, double missing) {
        Random r = new Random(seed);
        float[] x = new float[ROWS * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < missing ? Float.NaN : (float) r.nextGaussian();
        }
        return x;
    }

    static Booster train(float[] x, String objective, int depth, int rounds, int classes, long seed)
            throws XGBoostError {
        return train(x, objective, depth, rounds, classes, seed, Map.of());
    }

    static Booster train(float[] x, String objective, int depth, int rounds, int classes, long seed,
            Map<String, Object> extra) throws XGBoostError {
        Random r = new Random(seed);
        float[] y = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double a = Float.isNaN(x[i * FEATURES]) ? 0 : x[i * FEATURES];
            double b = Float.isNaN(x[i * FEATURES + 1]) ? 0.5 : x[i * FEATURES + 1];
            double c = Float.isNaN(x[i * FEATURES + 2]) ? -1 : x[i * FEATURES + 2];
            double lin = a + 0.7 * b * c - 0.4 * b + 0.3 * r.nextGaussian();
            y[i] = switch (objective) {
                case "binary:logistic" -> lin > 0 ? 1 : 0;
                case "count:poisson" -> (float) Math.floor(Math.exp(0.5 * lin) * 2 * r.nextDouble());
                case "multi:softprob", "multi:softmax" -> (float) Math.min(classes - 1,
                        Math.max(0, Math.floor((lin + 2) / 4 * classes)));
                default -> (float) (3 * lin);
            };
        }
        DMatrix d = new DMatrix(x, ROWS, FEATURES, Float.NaN);
        d.setLabel(y);
        d.setFeatureNames(NAMES.toArray(new String[0]));
        Map<String, Object> p = new HashMap<>();
        p.put("objective", objective);
        p.put("max_depth", depth);
        p.put("eta", 0.3);
        p.put("seed", seed);
        p.put("nthread", 1);
        if (classes > 0) {
            p.put("num_class", classes);
        }
        p.putAll(extra);
        return XGBoost.train(d, p, rounds, new HashMap<>(), null, null);
    }

    /** Asserts every contribution of every row within 1e-5 (relative above 1); returns the largest difference. */
    static double assertContributionsMatch(String label, Booster b, JavaCompiledModel m, float[] x, int rows)
            throws XGBoostError {
        return assertContributionsMatch(label, b, m, x, rows, null);
    }

    /** {@code featureTypes} ("c" for categorical columns) or null. */
    static double assertContributionsMatch(String label, Booster b, JavaCompiledModel m, float[] x, int rows,
            String[] featureTypes) throws XGBoostError {
        DMatrix d = new DMatrix(Arrays.copyOf(x, rows * m.numFeatures()), rows, m.numFeatures(), Float.NaN);
        if (featureTypes != null) {
            d.setFeatureTypes(featureTypes);
        }
        float[][] want;
        try {
            want = b.predictContrib(d, 0);
        } finally {
            d.dispose();
        }
        int width = m.contributionGroups() * (m.numFeatures() + 1);
        float[] phi = new float[width];
        float[] row = new float[m.numFeatures()];
        float[] batch = new float[rows * width]; // the block walk, several blocks and a partial one when rows allow
        m.contributionsBatch(Arrays.copyOf(x, rows * m.numFeatures()), rows, batch);
        double worst = 0;
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * m.numFeatures(), row, 0, row.length);
            m.contributions(row, phi);
            assertEquals(width, want[i].length, label + ": values per row");
            for (int k = 0; k < width; k++) {
                double diff = Math.abs(phi[k] - want[i][k]);
                double diffBatch = Math.abs(batch[i * width + k] - want[i][k]);
                worst = Math.max(worst, Math.max(diff, diffBatch));
                if (diff > 1e-5 * Math.max(1, Math.abs(want[i][k]))) {
                    fail(label + ": row " + i + " value " + k + ": java " + phi[k] + " vs predictContrib "
                            + want[i][k]);
                }
                if (diffBatch > 1e-5 * Math.max(1, Math.abs(want[i][k]))) {
                    fail(label + ": row " + i + " value " + k + ": java block " + batch[i * width + k]
                            + " vs predictContrib " + want[i][k]);
                }
            }
        }
        return worst;
    }

    private static JavaCompiledModel compile(Booster b, String format) throws XGBoostError {
        return new JavaEngine().compile(new ModelArtifact("shap." + format, b.toByteArray(format)));
    }

    @ParameterizedTest
    @CsvSource({"reg:squarederror,4,30,0,0.1", "binary:logistic,6,40,0,0.2", "count:poisson,3,20,0,0",
        "reg:squarederror,10,15,0,0.3", "multi:softprob,5,15,3,0.15", "multi:softmax,4,10,4,0.1"})
    void equalsPredictContrib(String objective, int depth, int rounds, int classes, double missing) throws Exception {
        float[] x = data(depth * 31L + rounds, missing);
        Booster b = train(x, objective, depth, rounds, classes, 11);
        for (String format : List.of("json", "ubj")) {
            JavaCompiledModel m = compile(b, format);
            assertTrue(m.explains());
            double worst = assertContributionsMatch(objective + " " + format, b, m, x, ROWS);
            System.out.printf("%s depth %d (%s): max |java - predictContrib| = %.3g%n", objective, depth, format,
                    worst);
        }
    }

    /**
     * Trains on the first {@code features} columns of {@code x} only (the rest blanked in place), so that every split
     * repeats few features: hist trees grown by {@code policy} up to {@code depth} and {@code leaves}.
     */
    private static Booster trainOnFewFeatures(float[] x, String policy, int depth, int leaves, int features,
            int rounds, long seed) throws XGBoostError {
        for (int i = 0; i < ROWS; i++) {
            for (int f = features; f < FEATURES; f++) {
                x[i * FEATURES + f] = 0f;
            }
        }
        Map<String, Object> extra = new HashMap<>();
        extra.put("tree_method", "hist");
        extra.put("grow_policy", policy);
        extra.put("max_leaves", leaves);
        extra.put("min_child_weight", 0);
        extra.put("max_bin", 256);
        return train(x, "reg:squarederror", depth, rounds, 0, seed, extra);
    }

    /**
     * Deep trees over few features, where most paths repeat a feature several times (the merged-slot versions of the
     * linear-time walk) and the quadrature needs many points: lossguide trees up to 256 leaves (depth far above 8 on
     * 8 features), and depth-16 depthwise trees on 3 features.
     */
    @ParameterizedTest
    @CsvSource({"lossguide,0,256,8,0.1", "depthwise,16,0,3,0.2", "lossguide,24,64,2,0"})
    void deepTreesWithRepeatedFeaturesEqualPredictContrib(String policy, int depth, int leaves, int features,
            double missing) throws Exception {
        float[] x = data(depth * 7L + leaves + features, missing);
        Booster b = trainOnFewFeatures(x, policy, depth, leaves, features, 12, 5);
        JavaCompiledModel m = compile(b, "ubj");
        double worst = assertContributionsMatch(policy + " depth " + depth, b, m, x, ROWS);
        assertTrue(m.treeShap().quadraturePoints() >= 4, "trees this deep need several quadrature points");
        System.out.printf("%s depth %d, %d leaves, %d features: %d quadrature points, max |java - predictContrib|"
                + " = %.3g%n", policy, depth, leaves, features, m.treeShap().quadraturePoints(), worst);
    }

    /**
     * Trees up to depth 6 over two or three features: the block walk's fused paths (three quadrature points, shallower
     * rules padded with zero-weight points), where nearly every edge either repeats a feature already on the path or
     * has its feature split on again below.
     */
    @ParameterizedTest
    @CsvSource({"depthwise,6,0,3,0.1", "depthwise,5,0,2,0", "depthwise,4,0,2,0.2", "depthwise,2,0,2,0",
            "lossguide,6,40,3,0.1"})
    void shallowTreesWithRepeatedFeaturesEqualPredictContrib(String policy, int depth, int leaves, int features,
            double missing) throws Exception {
        float[] x = data(depth * 13L + leaves + features, missing);
        Booster b = trainOnFewFeatures(x, policy, depth, leaves, features, 20, 7);
        JavaCompiledModel m = compile(b, "json");
        assertTrue(m.treeShap().quadraturePoints() <= 3, "depth <= 6 needs at most three quadrature points");
        double worst = assertContributionsMatch(policy + " depth " + depth, b, m, x, ROWS);
        System.out.printf("%s depth %d on %d features: max |java - predictContrib| = %.3g%n", policy, depth, features,
                worst);
    }

    /**
     * A split whose threshold is NaN (XGBoost reads one from JSON): no value is below it, so every value goes right and
     * a missing one its default way. Both walks, against the modified model as xgboost4j loads it.
     */
    @Test
    void aNaNThresholdSendsEveryValueRight() throws Exception {
        float[] x = data(41, 0.3);
        Booster trained = train(x, "reg:squarederror", 5, 6, 0, 9);
        String json = new String(trained.toByteArray("json"), java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder mod = new StringBuilder(json);
        int found = 0;
        for (int at = mod.indexOf("\"split_conditions\":["); at >= 0;
                at = mod.indexOf("\"split_conditions\":[", at + 1)) {
            int first = at + "\"split_conditions\":[".length();
            int comma = mod.indexOf(",", first);
            mod.replace(first, comma, "NaN"); // each tree's root
            found++;
        }
        assertTrue(found >= 6, "every tree's root threshold replaced");
        byte[] bytes = mod.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Booster b = XGBoost.loadModel(bytes);
        JavaCompiledModel m = new JavaEngine().compile(new ModelArtifact("nan-threshold.json", bytes));
        double worst = assertContributionsMatch("NaN thresholds", b, m, x, ROWS);
        float[][] want = b.predict(new DMatrix(x, ROWS, FEATURES, Float.NaN));
        float[] got = new float[ROWS];
        m.predictBatch(x, ROWS, got);
        for (int i = 0; i < ROWS; i++) {
            assertEquals(want[i][0], got[i], 1e-5, "row " + i);
        }
        System.out.printf("NaN thresholds: max |java - predictContrib| = %.3g%n", worst);
    }

    @Test
    void contributionsSumToTheMarginAndAllocateNothing() throws Exception {
        float[] x = data(5, 0.1);
        Booster b = train(x, "binary:logistic", 6, 50, 0, 3);
        JavaCompiledModel m = compile(b, "ubj");
        float[] row = Arrays.copyOf(x, FEATURES);
        float[] phi = new float[FEATURES + 1];
        m.contributions(row, phi);
        float[] out = new float[1];
        m.predict(row, out);
        double sum = 0;
        for (float v : phi) {
            sum += v;
        }
        assertEquals(Math.log(out[0] / (1 - out[0])), sum, 1e-4, "contributions + bias = margin");

        for (int i = 0; i < 5_000; i++) {
            m.contributions(row, phi);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 20_000; i++) {
            m.contributions(row, phi);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "contributions allocated " + allocated + " bytes over 20k rows");
    }

    @Test
    void reasonsAreTheLargestPositiveContributionsWithTheirValues() throws Exception {
        float[] x = data(9, 0.2);
        Booster b = train(x, "reg:squarederror", 5, 30, 0, 4);
        JavaCompiledModel m = compile(b, "json");
        float[] phi = new float[FEATURES + 1];
        float[] row = new float[FEATURES];
        int checked = 0;
        for (int i = 0; i < 50; i++) {
            System.arraycopy(x, i * FEATURES, row, 0, FEATURES);
            m.contributions(row, phi);
            List<Reason> reasons = Reason.top(NAMES, row, phi, 0, 3);
            long positives = 0;
            for (int f = 0; f < FEATURES; f++) {
                positives += phi[f] > 0 ? 1 : 0;
            }
            assertEquals(Math.min(3, positives), reasons.size());
            for (int k = 0; k < reasons.size(); k++) {
                Reason r = reasons.get(k);
                int f = NAMES.indexOf(r.feature());
                assertEquals(phi[f], r.contribution());
                assertEquals(Float.isNaN(row[f]) ? null : row[f], r.value());
                assertTrue(r.contribution() > 0);
                if (k > 0) {
                    assertTrue(reasons.get(k - 1).contribution() >= r.contribution());
                }
                for (int g = 0; g < FEATURES; g++) { // nothing left out beats a listed reason
                    int gg = g;
                    if (reasons.stream().noneMatch(q -> q.feature().equals(NAMES.get(gg)))) {
                        assertTrue(phi[g] <= reasons.get(reasons.size() - 1).contribution());
                    }
                }
                checked++;
            }
        }
        assertTrue(checked > 20, "too few reasons checked: " + checked);
        assertEquals("a=1.5 (+0.2500)", new Reason("a", 1.5f, 0.25f).display());
        assertEquals("b=NA (-1.000)", new Reason("b", null, -1f).display());
    }
}
