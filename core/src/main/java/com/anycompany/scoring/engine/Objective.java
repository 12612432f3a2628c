package com.anycompany.scoring.engine;

import java.util.Locale;

/**
 * How an XGBoost objective maps between user space and margin space, computed in float32 as XGBoost's CPU code does:
 * {@link #toMargin} converts the stored base_score at load (XGBoost's {@code ProbToMargin}); {@link #transform} turns
 * summed margins into predictions ({@code PredTransform}).
 */
enum Objective {
    /** Margin is the prediction (squared error, absolute error, quantile, pseudo-Huber, ranking). */
    IDENTITY(Link.IDENTITY),
    /** binary:logistic, reg:logistic: sigmoid of the margin; base_score is a probability. */
    LOGISTIC(Link.LOGIT),
    /**
     * binary:logitraw: the raw margin. From XGBoost 1.4 base_score is the margin for it (ProbToMargin is the identity);
     * 1.0 to 1.3 applied the logit, which the loader handles from the model's version.
     */
    LOGIT_RAW(Link.IDENTITY),
    /** binary:hinge: 1 when the margin is positive, else 0. */
    HINGE(Link.IDENTITY),
    /** count:poisson, reg:gamma, reg:tweedie: exp of the margin; base_score is a mean. */
    EXP(Link.LOG),
    /** multi:softprob: softmax over the class margins. */
    SOFTPROB(Link.IDENTITY),
    /** multi:softmax: index of the largest class margin. */
    SOFTMAX_CLASS(Link.IDENTITY);

    enum Link { IDENTITY, LOGIT, LOG }

    private final Link link;

    Objective(Link link) {
        this.link = link;
    }

    /** Returns the evaluation rule for an XGBoost objective name, or null when this engine does not know it. */
    static Objective forName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("rank:")) {
            return IDENTITY;
        }
        return switch (n) {
            case "binary:logistic", "reg:logistic" -> LOGISTIC;
            case "binary:logitraw" -> LOGIT_RAW;
            case "binary:hinge" -> HINGE;
            case "count:poisson", "reg:gamma", "reg:tweedie" -> EXP;
            case "multi:softprob" -> SOFTPROB;
            case "multi:softmax" -> SOFTMAX_CLASS;
            case "reg:squarederror", "reg:linear", "reg:squaredlogerror", "reg:pseudohubererror",
                    "reg:absoluteerror", "reg:quantileerror" -> IDENTITY;
            default -> null;
        };
    }

    Link link() {
        return link;
    }

    /** base_score (user space) to margin, as XGBoost's ProbToMargin does in float32. */
    float toMargin(float baseScore) {
        return toMargin(link, baseScore);
    }

    static float toMargin(Link link, float baseScore) {
        return switch (link) {
            case IDENTITY -> baseScore;
            case LOGIT -> (float) -Math.log(1.0f / baseScore - 1.0f);
            case LOG -> (float) Math.log(baseScore);
        };
    }

    /** Scalar transform for single-output objectives (and per output for multi-target ones). */
    float transform(float margin) {
        return switch (this) {
            case LOGISTIC -> sigmoid(margin);
            case HINGE -> margin > 0.0f ? 1.0f : 0.0f;
            case EXP -> (float) Math.exp(margin);
            default -> margin;
        };
    }

    /** XGBoost's common::Sigmoid in float32. */
    static float sigmoid(float x) {
        float e = (float) Math.exp(Math.min(-x, 88.7f));
        return 1.0f / (e + 1.0f + 1e-16f);
    }

    /** XGBoost's common::Softmax: float exps, double sum, float division. In place over out[0, n). */
    static void softmax(float[] out, int off, int n) {
        float max = out[off];
        for (int i = 1; i < n; i++) {
            max = Math.max(out[off + i], max);
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(out[off + i] - max);
            out[off + i] = e;
            sum += e;
        }
        float s = (float) sum;
        for (int i = 0; i < n; i++) {
            out[off + i] /= s;
        }
    }
}
