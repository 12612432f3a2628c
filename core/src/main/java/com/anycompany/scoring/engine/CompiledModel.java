package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.CategoryVocabulary;

import java.util.List;

/**
 * A model turned into something that scores rows. Implementations are immutable and thread-safe:
 * one instance per container serves every invocation.
 *
 * <p>A row is a {@code float[]} of {@link #numFeatures()} values in the model's feature order; {@code NaN} means missing
 * (the tree's default direction decides). Outputs are in the user-facing space of the objective (probabilities,
 * counts, values), exactly as XGBoost's {@code predict} returns them.
 */
public interface CompiledModel {
    /** "java" for the built-in evaluator, "xgboost4j" for the reference engine. */
    String engineName();

    /** Number of input columns the model was trained on. */
    int numFeatures();

    /** Values written per row: 1 for single-output models, num_class for multi:softprob. */
    int numOutputs();

    /** Feature names stored in the artifact, in column order; empty when the artifact has none. */
    List<String> featureNames();

    /**
     * The category vocabulary the artifact itself carries (XGBoost 3.1+ {@code cats}): one entry per feature, null for
     * a feature without one; empty when the artifact has none.
     */
    default List<CategoryVocabulary> categoryVocabularies() {
        return List.of();
    }

    /** The training objective, e.g. "binary:logistic". */
    String objective();

    /**
     * Approximate heap bytes this compiled model holds, for cache budgets. The default is a coarse guess from the
     * shape; evaluators that know their layout override it.
     */
    default long estimatedBytes() {
        return 4_096L + 64L * numFeatures();
    }

    /** Scores one row into {@code out[0 .. numOutputs())}. Must not allocate. */
    void predict(float[] row, float[] out);

    /**
     * Scores {@code nRows} rows laid out row-major in {@code rows} ({@code numFeatures()} values each) into {@code out}
     * ({@code numOutputs()} values each).
     */
    default void predictBatch(float[] rows, int nRows, float[] out) {
        int nf = numFeatures();
        int no = numOutputs();
        float[] row = new float[nf];
        float[] one = new float[no];
        for (int r = 0; r < nRows; r++) {
            System.arraycopy(rows, r * nf, row, 0, nf);
            predict(row, one);
            System.arraycopy(one, 0, out, r * no, no);
        }
    }

    /** Whether {@link #contributions} is available (TreeSHAP needs the trees' cover). */
    default boolean explains() {
        return false;
    }

    /** Output groups SHAP values are given for: numOutputs(), except num_class for multi:softmax. */
    default int contributionGroups() {
        return numOutputs();
    }

    /**
     * Writes the exact SHAP values of one row in margin space: per group, {@code numFeatures()} contributions then the
     * bias, {@code contributionGroups() * (numFeatures() + 1)} values, as xgboost4j's {@code predictContrib} does.
     */
    default void contributions(float[] row, float[] phi) {
        throw new UnsupportedOperationException("the " + engineName() + " engine does not compute SHAP values");
    }

    /**
     * {@link #contributions} for {@code nRows} rows laid out row-major in {@code rows} ({@code numFeatures()} values
     * each), into {@code phi} ({@code contributionGroups() * (numFeatures() + 1)} values per row). The default calls
     * {@link #contributions} row by row; evaluators with a faster block form override it.
     */
    default void contributionsBatch(float[] rows, int nRows, float[] phi) {
        int nf = numFeatures();
        int per = contributionGroups() * (nf + 1);
        float[] row = new float[nf];
        float[] one = new float[per];
        for (int r = 0; r < nRows; r++) {
            System.arraycopy(rows, r * nf, row, 0, nf);
            contributions(row, one);
            System.arraycopy(one, 0, phi, r * per, per);
        }
    }
}
