package com.anycompany.scoring.engine;

/**
 * A {@code gblinear} booster: per output group, a weight per feature and a bias. The margin is computed as XGBoost's
 * GBLinear::Pred does in float32: {@code bias + base}, then {@code x * w} added feature by feature, skipping missing
 * (NaN) values. Contributions are {@code x * w} per feature and {@code bias + base} as the bias term, like XGBoost's
 * gblinear {@code predict(pred_contribs=True)}. Immutable.
 */
final class LinearModel {
    private final int numFeatures;
    private final int groups;
    /** XGBoost's layout: weights[feature * groups + group], the biases at weights[numFeatures * groups + group]. */
    private final float[] weights;

    LinearModel(int numFeatures, int groups, float[] weights) {
        if (weights.length != (numFeatures + 1) * groups) {
            throw new IllegalArgumentException("gblinear needs (num_feature + 1) x groups = " + (numFeatures + 1) * groups
                    + " weights but has " + weights.length);
        }
        this.numFeatures = numFeatures;
        this.groups = groups;
        this.weights = weights;
    }

    float margin(int group, float base, float[] row, int offset) {
        float sum = weights[numFeatures * groups + group] + base;
        for (int f = 0; f < numFeatures; f++) {
            float x = row[offset + f];
            if (x == x) {
                sum += x * weights[f * groups + group];
            }
        }
        return sum;
    }

    void contributions(float[] row, float[] base, float[] phi) {
        int width = numFeatures + 1;
        for (int g = 0; g < groups; g++) {
            int o = g * width;
            for (int f = 0; f < numFeatures; f++) {
                float x = row[f];
                phi[o + f] = x == x ? x * weights[f * groups + g] : 0f;
            }
            phi[o + numFeatures] = weights[numFeatures * groups + g] + base[g];
        }
    }

    long bytes() {
        return 16 + 4L * weights.length;
    }
}
