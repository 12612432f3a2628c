package com.anycompany.scoring.bench;

import com.anycompany.scoring.local.xgb.XgbTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark model and rows, trained in the run with a fixed seed so both engines see exactly the same model:
 * 300 trees of depth 6 on 30 features with 5% missing values (binary:logistic), saved as UBJSON.
 */
public record BenchFixture(byte[] ubj, byte[] json, int numFeatures, float[] rows, int numRows) {
    public static final int TREES = 300;
    public static final int DEPTH = 6;
    public static final int FEATURES = 30;
    public static final double MISSING = 0.05;
    public static final long SEED = 20261125L;

    /** Trains on {@code trainRows} synthetic rows and draws {@code benchRows} fresh rows from the same distribution. */
    public static BenchFixture create(int trainRows, int benchRows) {
        return create(trainRows, benchRows, DEPTH, TREES);
    }

    /**
     * As {@link #create(int, int)} with {@code trees} trees of {@code depth} (same seed, rows and labels; the default
     * shape gives exactly the default model).
     */
    public static BenchFixture create(int trainRows, int benchRows, int depth, int trees) {
        Random r = new Random(SEED);
        float[][] x = new float[trainRows][];
        float[] y = new float[trainRows];
        for (int i = 0; i < trainRows; i++) {
            x[i] = row(r);
            y[i] = linear(x[i]) + r.nextGaussian() > 0.5 ? 1 : 0;
        }
        byte[] ubj = XgbTrainer.train(x, y, names(), params(depth), trees, "ubj");
        return withRows(ubj, r, benchRows, null);
    }

    /** Cardinalities of the categorical features of {@link #categorical}: the first {@code CATEGORIES.length}. */
    public static final int[] CATEGORIES = {3, 6, 16, 40, 100};
    /** Below this many categories a split is one-hot (one category against the rest), else a partition. */
    public static final int MAX_CAT_TO_ONEHOT = 8;

    /**
     * A model with categorical splits: as {@link #create(int, int, int, int)}, but the first
     * {@code CATEGORIES.length} features are categorical (feature type "c", integer codes 0..cardinality-1, 5%
     * missing) with an effect per code on the label, trained with {@code max_cat_to_onehot} {@value
     * #MAX_CAT_TO_ONEHOT} so both one-hot splits (3 and 6 categories) and partition splits (16, 40 and 100) occur.
     */
    public static BenchFixture categorical(int trainRows, int benchRows, int depth, int trees) {
        Random r = new Random(SEED + 1);
        float[] flat = new float[trainRows * FEATURES];
        float[] y = new float[trainRows];
        for (int i = 0; i < trainRows; i++) {
            float[] v = categoricalRow(r);
            double lin = linear(v);
            for (int f = 0; f < CATEGORIES.length; f++) {
                if (!Float.isNaN(v[f])) {
                    lin += effect(f, (int) v[f]);
                }
            }
            y[i] = lin + r.nextGaussian() > 0.5 ? 1 : 0;
            System.arraycopy(v, 0, flat, i * FEATURES, FEATURES);
        }
        String[] types = featureTypes();
        DMatrix d = null;
        Booster b = null;
        try {
            d = new DMatrix(flat, trainRows, FEATURES, Float.NaN);
            d.setLabel(y);
            d.setFeatureNames(names().toArray(new String[0]));
            d.setFeatureTypes(types);
            Map<String, Object> p = params(depth);
            p.put("max_cat_to_onehot", MAX_CAT_TO_ONEHOT);
            b = XGBoost.train(d, p, trees, new HashMap<>(), null, null);
            return withRows(b.toByteArray("ubj"), r, benchRows, r2 -> categoricalRow(r2));
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost4j could not train the categorical bench model: "
                    + e.getMessage(), e);
        } finally {
            if (b != null) {
                b.dispose();
            }
            if (d != null) {
                d.dispose();
            }
        }
    }

    /** Feature types of {@link #categorical} models: "c" for the categorical features, "q" for the rest. */
    public static String[] featureTypes() {
        String[] types = new String[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            types[f] = f < CATEGORIES.length ? "c" : "q";
        }
        return types;
    }

    private static double effect(int feature, int code) {
        return ((code * 7 + feature * 3) % 5 - 2) * 0.4;
    }

    private static float[] categoricalRow(Random r) {
        float[] v = row(r);
        for (int f = 0; f < CATEGORIES.length; f++) {
            if (!Float.isNaN(v[f])) {
                v[f] = r.nextInt(CATEGORIES[f]);
            }
        }
        return v;
    }

    private static double linear(float[] x) {
        double lin = 0;
        for (int f = 0; f < FEATURES; f++) {
            float v = Float.isNaN(x[f]) ? 0f : x[f];
            lin += (f % 3 == 0 ? 1 : -0.5) * v / (1 + f % 7) + (f % 5 == 0 ? 0.3 * v * v : 0);
        }
        return lin;
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("f" + f);
        }
        return names;
    }

    private static Map<String, Object> params(int depth) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", depth);
        params.put("eta", 0.1);
        params.put("min_child_weight", 0.5);
        params.put("tree_method", "hist");
        params.put("seed", SEED);
        params.put("nthread", Runtime.getRuntime().availableProcessors());
        return params;
    }

    private static BenchFixture withRows(byte[] ubj, Random r, int benchRows,
                                         java.util.function.Function<Random, float[]> draw) {
        byte[] json;
        try {
            Booster b = XGBoost.loadModel(ubj);
            json = b.toByteArray("json");
            b.dispose();
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalStateException("xgboost4j could not re-save the bench model: " + e.getMessage(), e);
        }
        float[] rows = new float[benchRows * FEATURES];
        for (int i = 0; i < benchRows; i++) {
            System.arraycopy(draw == null ? row(r) : draw.apply(r), 0, rows, i * FEATURES, FEATURES);
        }
        return new BenchFixture(ubj, json, FEATURES, rows, benchRows);
    }

    private static float[] row(Random r) {
        float[] v = new float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            v[f] = r.nextDouble() < MISSING ? Float.NaN : (float) r.nextGaussian();
        }
        return v;
    }

    /** Row {@code i} as its own array. */
    public float[] row(int i) {
        float[] v = new float[numFeatures];
        System.arraycopy(rows, (i % numRows) * numFeatures, v, 0, numFeatures);
        return v;
    }
}
