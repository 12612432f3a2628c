package com.anycompany.scoring.local.xgb;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Trains small XGBoost models with xgboost4j for local runs and tests; the artifact carries the feature names. */
public final class XgbTrainer {
    private XgbTrainer() {
    }

    /**
     * Trains {@code rounds} boosting rounds on rows {@code x} (NaN = missing) and labels {@code y}, and returns the
     * model saved as {@code format} ("json" or "ubj").
     */
    public static byte[] train(float[][] x, float[] y, List<String> featureNames, Map<String, Object> params,
            int rounds, String format) {
        return train(x, y, null, featureNames, params, rounds, format);
    }

    /**
     * As {@link #train(float[][], float[], List, Map, int, String)} for learning to rank: {@code groups} are the sizes
     * of the consecutive query groups the rows form (null: no groups), as {@code DMatrix.setGroup} takes them.
     */
    public static byte[] train(float[][] x, float[] y, int[] groups, List<String> featureNames,
            Map<String, Object> params, int rounds, String format) {
        if (!"json".equals(format) && !"ubj".equals(format)) {
            throw new IllegalArgumentException("format must be \"json\" or \"ubj\", not \"" + format + "\"");
        }
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("need at least one row and one label per row (rows " + n
                    + ", labels " + y.length + ")");
        }
        int nf = x[0].length;
        if (featureNames != null && !featureNames.isEmpty() && featureNames.size() != nf) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + nf + " columns");
        }
        float[] flat = new float[n * nf];
        for (int i = 0; i < n; i++) {
            if (x[i].length != nf) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, expected " + nf);
            }
            System.arraycopy(x[i], 0, flat, i * nf, nf);
        }
        DMatrix d = null;
        Booster booster = null;
        try {
            d = new DMatrix(flat, n, nf, Float.NaN);
            d.setLabel(y);
            if (groups != null) {
                if (java.util.Arrays.stream(groups).sum() != n) {
                    throw new IllegalArgumentException("the groups cover " + java.util.Arrays.stream(groups).sum()
                            + " rows, not " + n);
                }
                d.setGroup(groups);
            }
            if (featureNames != null && !featureNames.isEmpty()) {
                d.setFeatureNames(featureNames.toArray(new String[0]));
            }
            booster = XGBoost.train(d, new HashMap<>(params), rounds, new HashMap<>(), null, null);
            return booster.toByteArray(format);
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost4j training failed: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (d != null) {
                d.dispose();
            }
        }
    }
}
