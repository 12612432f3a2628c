package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.CategoryVocabulary;

import java.util.Arrays;
import java.util.List;

/**
 * An XGBoost {@code gbtree} model compiled to flat arrays and evaluated exactly as XGBoost's CPU predictor does: each
 * output starts at the base margin, adds the leaf of every tree of its output group in tree order in float32, and the
 * objective's transform is applied in float32. {@link #predict} does not allocate. Immutable and thread-safe.
 *
 * <p>By default all trees are used, like xgboost4j's {@code Booster.predict} (which ignores {@code best_iteration});
 * {@link #withIterationRange} restricts scoring to some boosting rounds, like XGBoost's {@code iteration_range}.
 */
public final class JavaCompiledModel implements CompiledModel {

    /** Model-wide facts read from the artifact. */
    record Meta(String source, String objectiveName, Objective objective, int numFeatures, int numClass, int groups,
            float[] baseScore, float[] baseMargin, List<String> featureNames, List<String> featureTypes,
            int bestIteration, int numParallelTree, String booster) {
    }

    private final Meta meta;
    private final Forest forest;

    /** The trees (package-private: the engine's tests look at its layouts). */
    Forest forest() {
        return forest;
    }
    private final int iterationBegin;
    private final int iterationEnd;
    /** Per output group, the root nodes of its trees within the iteration range, in tree order. */
    private final int[][] groupRoots;
    /** Depth of each tree in {@link #groupRoots}, same layout. */
    private final int[][] groupDepths;
    /** Index of each tree in {@link #groupRoots}, same layout. */
    private final int[][] groupTrees;
    private final int numOutputs;
    /** The weights of a gblinear model (whose forest is empty); null for tree models. */
    private final LinearModel linear;
    private volatile TreeShap treeShap;
    /** The artifact's own category vocabulary (see {@link ModelCategories}); empty when it has none. */
    private final List<CategoryVocabulary> categories;

    JavaCompiledModel(Meta meta, Forest forest, int iterationBegin, int iterationEnd) {
        this(meta, forest, null, iterationBegin, iterationEnd);
    }

    JavaCompiledModel(Meta meta, Forest forest, LinearModel linear, int iterationBegin, int iterationEnd) {
        this(meta, forest, linear, iterationBegin, iterationEnd, List.of());
    }

    private JavaCompiledModel(Meta meta, Forest forest, LinearModel linear, int iterationBegin, int iterationEnd,
            List<CategoryVocabulary> categories) {
        this.categories = categories;
        this.meta = meta;
        this.forest = forest;
        this.linear = linear;
        int iterations = forest.numIterations();
        int end = iterationEnd == 0 ? iterations : iterationEnd;
        if (iterationBegin < 0 || end > iterations || iterationBegin > end) {
            throw new IllegalArgumentException("iteration range [" + iterationBegin + ", " + iterationEnd
                    + ") is outside the model's " + iterations + " boosting rounds");
        }
        this.iterationBegin = iterationBegin;
        this.iterationEnd = end;
        int treeBegin = forest.iterationIndptr[iterationBegin];
        int treeEnd = forest.iterationIndptr[end];
        int[] counts = new int[meta.groups()];
        for (int t = treeBegin; t < treeEnd; t++) {
            counts[forest.treeGroup[t]]++;
        }
        groupRoots = new int[meta.groups()][];
        groupDepths = new int[meta.groups()][];
        groupTrees = new int[meta.groups()][];
        for (int g = 0; g < meta.groups(); g++) {
            groupRoots[g] = new int[counts[g]];
            groupDepths[g] = new int[counts[g]];
            groupTrees[g] = new int[counts[g]];
            counts[g] = 0;
        }
        for (int t = treeBegin; t < treeEnd; t++) {
            int g = forest.treeGroup[t];
            groupDepths[g][counts[g]] = forest.treeDepth[t];
            groupTrees[g][counts[g]] = t;
            groupRoots[g][counts[g]++] = forest.treeRoot[t];
        }
        numOutputs = meta.objective() == Objective.SOFTMAX_CLASS ? 1 : meta.groups();
    }

    /**
     * A view of this model that uses only boosting rounds {@code [begin, end)} ({@code end == 0} means the last round),
     * like XGBoost's {@code predict(..., iteration_range=(begin, end))}. For early-stopped models,
     * {@code withIterationRange(0, bestIteration() + 1)} scores like the Python scikit-learn wrapper does.
     */
    public JavaCompiledModel withIterationRange(int begin, int end) {
        if (linear != null && (begin != 0 || end != 0)) {
            throw new IllegalArgumentException("a gblinear model has no boosting rounds to select");
        }
        return new JavaCompiledModel(meta, forest, linear, begin, end, categories);
    }

    /** This model with the category vocabulary read from its artifact (one entry per feature, or empty). */
    JavaCompiledModel withCategories(List<CategoryVocabulary> vocabularies) {
        return new JavaCompiledModel(meta, forest, linear, iterationBegin, iterationEnd,
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(vocabularies)));
    }

    @Override
    public List<CategoryVocabulary> categoryVocabularies() {
        return categories;
    }

    @Override
    public long estimatedBytes() {
        long roots = 0;
        for (int[] g : groupRoots) {
            roots += 3 * (16 + 4L * g.length);
        }
        long names = 0;
        for (String n : meta.featureNames()) {
            names += 48 + n.length();
        }
        TreeShap shap = treeShap;
        return 256 + forest.estimatedBytes() + roots + names + (linear == null ? 0 : linear.bytes())
                + (shap == null ? 0 : shap.bytes());
    }

    @Override
    public String engineName() {
        return JavaEngine.NAME;
    }

    @Override
    public int numFeatures() {
        return meta.numFeatures();
    }

    @Override
    public int numOutputs() {
        return numOutputs;
    }

    @Override
    public List<String> featureNames() {
        return meta.featureNames();
    }

    /** Feature types from the artifact ("float", "int", "i", "q"...); empty when the artifact has none. */
    public List<String> featureTypes() {
        return meta.featureTypes();
    }

    @Override
    public String objective() {
        return meta.objectiveName();
    }

    /** Where the model was read from. */
    public String source() {
        return meta.source();
    }

    /** num_class from the artifact: 0 for single-output models, the number of classes for multi:* objectives. */
    public int numClass() {
        return meta.numClass();
    }

    /** Output groups the trees are split into (num_class, num_target, or 1). */
    public int numGroups() {
        return meta.groups();
    }

    /** The first (usually only) base_score, in user space as stored in the artifact (e.g. a probability). */
    public float baseScore() {
        return meta.baseScore()[0];
    }

    /** All base_score values in user space (one per class for multi-class models in XGBoost 3.x). */
    public float[] baseScores() {
        return meta.baseScore().clone();
    }

    /** The base scores converted to margin space, where trees are summed. */
    public float[] baseMargins() {
        return meta.baseMargin().clone();
    }

    /** The booster: "gbtree", "dart" (tree weights folded into the leaves) or "gblinear". */
    public String booster() {
        return meta.booster();
    }

    /** Total number of trees in the artifact. */
    public int numTrees() {
        return forest.numTrees();
    }

    /** Number of boosting rounds in the artifact. */
    public int numIterations() {
        return forest.numIterations();
    }

    /** Total number of tree nodes. */
    public int numNodes() {
        return forest.numNodes();
    }

    /** Trees per boosting round per output (num_parallel_tree; &gt; 1 for random forests). */
    public int numParallelTree() {
        return meta.numParallelTree();
    }

    /** {@code best_iteration} from the artifact's attributes (set by early stopping), or -1 when absent. */
    public int bestIteration() {
        return meta.bestIteration();
    }

    /** First boosting round used for scoring. */
    public int iterationBegin() {
        return iterationBegin;
    }

    /** One past the last boosting round used for scoring. */
    public int iterationEnd() {
        return iterationEnd;
    }

    @Override
    public void predict(float[] row, float[] out) {
        if (row.length < meta.numFeatures()) {
            throw new IllegalArgumentException("row has " + row.length + " values but the model needs "
                    + meta.numFeatures());
        }
        if (out.length < numOutputs) {
            throw new IllegalArgumentException("output has room for " + out.length + " values but the model writes "
                    + numOutputs);
        }
        Objective objective = meta.objective();
        float[] base = meta.baseMargin();
        if (objective == Objective.SOFTMAX_CLASS) {
            float best = 0;
            int bestClass = 0;
            for (int g = 0; g < groupRoots.length; g++) {
                float m = margin(g, base[g], row, 0);
                if (g == 0 || m > best) {
                    best = m;
                    bestClass = g;
                }
            }
            out[0] = bestClass;
            return;
        }
        for (int g = 0; g < groupRoots.length; g++) {
            out[g] = margin(g, base[g], row, 0);
        }
        finish(out, 0);
    }

    private float margin(int group, float base, float[] rows, int offset) {
        if (linear != null) {
            return linear.margin(group, base, rows, offset);
        }
        float sum = base;
        int[] roots = groupRoots[group];
        int[] depths = groupDepths[group];
        if (forest.categorical()) {
            for (int k = 0; k < roots.length; k++) {
                sum += forest.leafCategorical(roots[k], depths[k], rows, offset);
            }
            return sum;
        }
        int k = 0;
        for (; k + 4 <= roots.length; k += 4) {
            sum = forest.sum4(roots, depths, k, rows, offset, sum);
        }
        for (; k < roots.length; k++) {
            sum += forest.leaf(roots[k], depths[k], rows, offset);
        }
        return sum;
    }

    /** Applies the objective transform to the margins at out[off, off + groups). */
    private void finish(float[] out, int off) {
        Objective objective = meta.objective();
        if (objective == Objective.SOFTPROB) {
            Objective.softmax(out, off, groupRoots.length);
        } else if (objective != Objective.IDENTITY && objective != Objective.LOGIT_RAW) {
            for (int g = 0; g < groupRoots.length; g++) {
                out[off + g] = objective.transform(out[off + g]);
            }
        }
    }

    /** Rows per block of the batch loop: each tree is walked for a whole block while it sits in L1. */
    private static final int BLOCK = CompleteTrees.BLOCK;

    /**
     * Scores rows in blocks of {@link #BLOCK}, tree-major: for each tree in order, every row of the block walks it
     * (through {@link CompleteTrees} when the tree is stored complete, else the forest's walk), so each row still adds
     * its leaves in tree order and every output equals {@link #predict}'s bit for bit.
     */
    @Override
    public void predictBatch(float[] rows, int nRows, float[] out) {
        int nf = meta.numFeatures();
        int groups = groupRoots.length;
        if (nRows < 0 || (long) nRows * nf > rows.length) {
            throw new IllegalArgumentException(nRows + " rows of " + nf + " features need " + ((long) nRows * nf)
                    + " values but rows has " + rows.length);
        }
        if ((long) nRows * numOutputs > out.length) {
            throw new IllegalArgumentException(nRows + " rows need " + ((long) nRows * numOutputs)
                    + " output values but out has " + out.length);
        }
        float[] base = meta.baseMargin();
        if (linear != null) {
            float[] acc = new float[groups];
            for (int r = 0; r < nRows; r++) {
                for (int g = 0; g < groups; g++) {
                    acc[g] = margin(g, base[g], rows, r * nf);
                }
                emit(acc, 0, out, r);
            }
            return;
        }
        CompleteTrees complete = forest.complete();
        boolean anyComplete = complete.any();
        int[] keys = anyComplete ? new int[complete.keysPerBlock()] : null;
        // group-major: group g's margin of the block's row k at acc[g * BLOCK + k], so each tree adds to a run
        float[] acc = new float[BLOCK * groups];
        float[] margins = new float[groups];
        for (int r = 0; r < nRows; r += BLOCK) {
            int count = Math.min(BLOCK, nRows - r);
            for (int g = 0; g < groups; g++) {
                Arrays.fill(acc, g * BLOCK, g * BLOCK + count, base[g]);
            }
            int from = r * nf;
            if (anyComplete) {
                complete.keys(rows, from, nf, count, keys);
            }
            for (int g = 0; g < groups; g++) {
                int[] trees = groupTrees[g];
                int[] roots = groupRoots[g];
                int[] depths = groupDepths[g];
                int a0 = g * BLOCK;
                for (int k = 0; k < trees.length; k++) {
                    int t = trees[k];
                    if (complete.has(t)) {
                        complete.addLeaves(t, keys, count, acc, a0);
                    } else if (forest.treeCategorical(t)) {
                        forest.addLeavesCategorical(roots[k], depths[k], rows, from, nf, count, acc, a0, 1);
                    } else {
                        forest.addLeaves(roots[k], depths[k], rows, from, nf, count, acc, a0, 1);
                    }
                }
            }
            for (int k = 0; k < count; k++) {
                for (int g = 0; g < groups; g++) {
                    margins[g] = acc[g * BLOCK + k];
                }
                emit(margins, 0, out, r + k);
            }
        }
    }

    /** Writes one row's output from its margins at {@code margins[from, from + groups)}. */
    private void emit(float[] margins, int from, float[] out, int row) {
        int groups = groupRoots.length;
        if (meta.objective() == Objective.SOFTMAX_CLASS) {
            int bestClass = 0;
            for (int g = 1; g < groups; g++) {
                if (margins[from + g] > margins[from + bestClass]) {
                    bestClass = g;
                }
            }
            out[row] = bestClass;
        } else {
            System.arraycopy(margins, from, out, row * groups, groups);
            finish(out, row * groups);
        }
    }

    @Override
    public boolean explains() {
        return linear != null || forest.zeroFraction != null;
    }

    @Override
    public int contributionGroups() {
        return groupRoots.length;
    }

    /** The TreeSHAP explainer over this model's iteration range, built on first use (node expected values). */
    public TreeShap treeShap() {
        TreeShap t = treeShap;
        if (t == null) {
            synchronized (this) {
                t = treeShap;
                if (t == null) {
                    t = new TreeShap(forest, groupRoots, meta.baseMargin(), meta.numFeatures(), meta.source());
                    treeShap = t;
                }
            }
        }
        return t;
    }

    @Override
    public void contributions(float[] row, float[] phi) {
        if (linear != null) {
            linear.contributions(row, meta.baseMargin(), phi);
            return;
        }
        treeShap().contributions(row, phi);
    }

    /** Tree models: TreeSHAP's block walk (each tree walked once per block of rows), the same values row by row. */
    @Override
    public void contributionsBatch(float[] rows, int nRows, float[] phi) {
        if (linear != null) {
            CompiledModel.super.contributionsBatch(rows, nRows, phi);
            return;
        }
        treeShap().contributions(rows, nRows, phi);
    }

    @Override
    public String toString() {
        return "JavaCompiledModel[" + meta.source() + ", " + meta.objectiveName() + ", " + forest.numTrees()
                + " trees, " + meta.numFeatures() + " features, rounds " + iterationBegin + ".." + iterationEnd + "]";
    }
}
