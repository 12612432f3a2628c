package com.anycompany.scoring.bench;

import com.anycompany.scoring.local.xgb.XgbTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
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
        Random r = new Random(SEED);
        float[][] x = new float[trainRows][];
        float[] y = new float[trainRows];
        for (int i = 0; i < trainRows; i++) {
            x[i] = row(r);
            double lin = 0;
            for (int f = 0; f < FEATURES; f++) {
                float v = Float.isNaN(x[i][f]) ? 0f : x[i][f];
                lin += (f % 3 == 0 ? 1 : -0.5) * v / (1 + f % 7) + (f % 5 == 0 ? 0.3 * v * v : 0);
            }
            y[i] = lin + r.nextGaussian() > 0.5 ? 1 : 0;
        }
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("f" + f);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", DEPTH);
        params.put("eta", 0.1);
        params.put("min_child_weight", 0.5);
        params.put("tree_method", "hist");
        params.put("seed", SEED);
        params.put("nthread", Runtime.getRuntime().availableProcessors());
        byte[] ubj = XgbTrainer.train(x, y, names, params, TREES, "ubj");
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
            System.arraycopy(row(r), 0, rows, i * FEATURES, FEATURES);
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
