package com.anycompany.scoring.engine;

/**
 * Exact TreeSHAP (Lundberg et al., "Consistent Individualized Feature Attribution for Tree Ensembles", Algorithm 2)
 * over a {@link Forest}, computed in float32 in the same order as XGBoost's CPU predictor ({@code predict_contribs},
 * {@code TreeShap} in {@code cpu_treeshap.cc}) so the results equal xgboost4j's {@code Booster.predictContrib}.
 *
 * <p>Output layout per row, like XGBoost: for each output group {@code g}, {@code numFeatures + 1} values at
 * {@code g * (numFeatures + 1)}: one contribution per feature, then the bias (the tree ensemble's expected margin plus
 * the base margin). Each group's values sum to that group's margin (before the objective's transform).
 *
 * <p>Node expected values are computed once from the trees' cover ({@code sum_hessian}); per row, the work uses a
 * per-thread scratch buffer and allocates nothing. Immutable and thread-safe.
 */
public final class TreeShap {
    private final Forest forest;
    private final int[][] groupRoots;
    private final float[] baseMargin;
    private final int numFeatures;
    /** Expected leaf value under each node, weighted by cover (XGBoost's node mean values). */
    private final float[] meanValue;
    private final int pathCapacity;
    /**
     * The ratios of the path-weight updates, {@code [d * stride + i]} for path length {@code d + 1} and element
     * {@code i}, so the per-node and per-leaf loops multiply instead of divide: {@code (i + 1) / (d + 1)},
     * {@code (d - i) / (d + 1)}, {@code (d + 1) / (i + 1)} and {@code (d + 1) / (d - i)} (0 where undefined).
     */
    private final float[] up;
    private final float[] down;
    private final float[] invUp;
    private final float[] invDown;
    private final int stride;
    private final ThreadLocal<Scratch> scratch;

    TreeShap(Forest forest, int[][] groupRoots, float[] baseMargin, int numFeatures, String source) {
        if (forest.cover == null) {
            throw new UnsupportedModelException(source + ": the artifact has no node cover (sum_hessian), which"
                    + " TreeSHAP needs; re-save the model with XGBoost >= 1.0 as JSON or UBJSON");
        }
        this.forest = forest;
        this.groupRoots = groupRoots;
        this.baseMargin = baseMargin;
        this.numFeatures = numFeatures;
        this.meanValue = new float[forest.numNodes()];
        int maxDepth = 0;
        for (int root : forest.treeRoot) {
            fillMeanValues(root);
            maxDepth = Math.max(maxDepth, depth(root));
        }
        int maxd = maxDepth + 2;
        this.pathCapacity = (maxd + 1) * (maxd + 2) / 2 + 1;
        this.stride = maxd + 1;
        this.up = new float[stride * stride];
        this.down = new float[stride * stride];
        this.invUp = new float[stride * stride];
        this.invDown = new float[stride * stride];
        for (int d = 0; d < stride; d++) {
            for (int i = 0; i <= d; i++) {
                int at = d * stride + i;
                up[at] = (float) ((i + 1) / (double) (d + 1));
                down[at] = (float) ((d - i) / (double) (d + 1));
                invUp[at] = (float) ((d + 1) / (double) (i + 1));
                invDown[at] = i < d ? (float) ((d + 1) / (double) (d - i)) : 0f;
            }
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(pathCapacity, numFeatures + 1));
    }

    /** Values per group per row: numFeatures + 1 (the last is the bias). */
    public int width() {
        return numFeatures + 1;
    }

    public int numGroups() {
        return groupRoots.length;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /**
     * Writes the SHAP values of {@code row} for every output group into {@code phi[0 .. numGroups() * width())}, in
     * margin space, exactly as {@code Booster.predictContrib} lays them out for one row.
     */
    public void contributions(float[] row, float[] phi) {
        int w = numFeatures + 1;
        if (row.length < numFeatures) {
            throw new IllegalArgumentException("row has " + row.length + " values but the model needs " + numFeatures);
        }
        if (phi.length < groupRoots.length * w) {
            throw new IllegalArgumentException("phi has room for " + phi.length + " values but needs "
                    + groupRoots.length * w);
        }
        Scratch s = scratch.get();
        float[] tree = s.tree;
        for (int g = 0; g < groupRoots.length; g++) {
            int off = g * w;
            for (int i = 0; i < w; i++) {
                phi[off + i] = 0f;
            }
            for (int root : groupRoots[g]) {
                for (int i = 0; i < w; i++) {
                    tree[i] = 0f;
                }
                tree[numFeatures] += meanValue[root];
                shap(s, row, tree, root, 0, 0, 1f, 1f, -1);
                for (int i = 0; i < w; i++) {
                    phi[off + i] += tree[i];
                }
            }
            phi[off + numFeatures] += baseMargin[g];
        }
    }

    private float fillMeanValues(int node) {
        float result;
        if (forest.feature(node) < 0) {
            result = forest.value(node);
        } else {
            int l = forest.left(node);
            int r = forest.right(node);
            result = fillMeanValues(l) * forest.cover[l];
            result += fillMeanValues(r) * forest.cover[r];
            result /= forest.cover[node];
        }
        meanValue[node] = result;
        return result;
    }

    private int depth(int node) {
        if (forest.feature(node) < 0) {
            return 0;
        }
        return 1 + Math.max(depth(forest.left(node)), depth(forest.right(node)));
    }

    /** Per-thread buffers: the unique paths of every recursion level, and one tree's contributions. */
    private static final class Scratch {
        final int[] feature;
        final float[] zero;
        final float[] one;
        final float[] pweight;
        final float[] tree;

        Scratch(int capacity, int width) {
            feature = new int[capacity];
            zero = new float[capacity];
            one = new float[capacity];
            pweight = new float[capacity];
            tree = new float[width];
        }
    }

    /**
     * One TreeShap step (condition = 0). The unique path of this level starts at {@code parentPath + depth + 1}, a
     * copy of the parent's, as in XGBoost.
     */
    private void shap(Scratch s, float[] x, float[] phi, int node, int uniqueDepth, int parentPath,
            float parentZero, float parentOne, int parentFeature) {
        int path = parentPath + uniqueDepth + 1;
        int[] feature = s.feature;
        float[] zero = s.zero;
        float[] one = s.one;
        float[] pweight = s.pweight;
        for (int i = 0; i <= uniqueDepth; i++) { // paths are short: a loop beats System.arraycopy's call overhead
            feature[path + i] = feature[parentPath + i];
            zero[path + i] = zero[parentPath + i];
            one[path + i] = one[parentPath + i];
            pweight[path + i] = pweight[parentPath + i];
        }
        extend(s, path, uniqueDepth, parentZero, parentOne, parentFeature);

        int split = forest.feature(node);
        if (split < 0) {
            float leaf = forest.value(node);
            // Elements off the row's path (one = 0) all unwind to the same sum divided by their zero fraction, so
            // their contribution (0 - zero) * sum / zero * leaf is -sum * leaf: computed once per leaf.
            float coldSum = 0f;
            boolean anyCold = false;
            for (int i = 1; i <= uniqueDepth; i++) {
                anyCold |= s.one[path + i] == 0f && s.zero[path + i] != 0f;
            }
            if (anyCold) {
                int row = uniqueDepth * stride;
                for (int i = uniqueDepth - 1; i >= 0; i--) {
                    coldSum += s.pweight[path + i] * invDown[row + i];
                }
            }
            for (int i = 1; i <= uniqueDepth; i++) {
                float on = one[path + i];
                float off = zero[path + i];
                if (on != 0f) {
                    phi[feature[path + i]] += hotSum(s, path, uniqueDepth, off) * (on - off) * leaf;
                } else if (off != 0f) {
                    phi[s.feature[path + i]] -= coldSum * leaf;
                }
            }
            return;
        }
        float v = x[split];
        int left = forest.left(node);
        int right = forest.right(node);
        int hot = forest.goesLeft(node, v) ? left : right;
        int cold = hot == left ? right : left;
        float w = forest.cover[node];
        float hotZero = forest.cover[hot] / w;
        float coldZero = forest.cover[cold] / w;
        float incomingZero = 1f;
        float incomingOne = 1f;

        int pathIndex = 0;
        for (; pathIndex <= uniqueDepth; pathIndex++) {
            if (s.feature[path + pathIndex] == split) {
                break;
            }
        }
        if (pathIndex != uniqueDepth + 1) {
            incomingZero = s.zero[path + pathIndex];
            incomingOne = s.one[path + pathIndex];
            unwind(s, path, uniqueDepth, pathIndex);
            uniqueDepth -= 1;
        }
        shap(s, x, phi, hot, uniqueDepth + 1, path, hotZero * incomingZero, incomingOne, split);
        shap(s, x, phi, cold, uniqueDepth + 1, path, coldZero * incomingZero, 0f, split);
    }

    private void extend(Scratch s, int p, int depth, float zero, float one, int feature) {
        s.feature[p + depth] = feature;
        s.zero[p + depth] = zero;
        s.one[p + depth] = one;
        s.pweight[p + depth] = depth == 0 ? 1f : 0f;
        int row = depth * stride;
        for (int i = depth - 1; i >= 0; i--) {
            float w = s.pweight[p + i];
            s.pweight[p + i + 1] += one * w * up[row + i];
            s.pweight[p + i] = zero * w * down[row + i];
        }
    }

    private static void unwind(Scratch s, int p, int depth, int pathIndex) {
        float one = s.one[p + pathIndex];
        float zero = s.zero[p + pathIndex];
        float nextOnePortion = s.pweight[p + depth];
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0f) {
                float tmp = s.pweight[p + i];
                s.pweight[p + i] = nextOnePortion * (depth + 1) / ((float) (i + 1) * one);
                nextOnePortion = tmp - s.pweight[p + i] * zero * (depth - i) / (float) (depth + 1);
            } else {
                s.pweight[p + i] = (s.pweight[p + i] * (depth + 1)) / (zero * (depth - i));
            }
        }
        for (int i = pathIndex; i < depth; i++) {
            s.feature[p + i] = s.feature[p + i + 1];
            s.zero[p + i] = s.zero[p + i + 1];
            s.one[p + i] = s.one[p + i + 1];
        }
    }

    /** XGBoost's UnwoundPathSum for an element on the row's path (one fraction 1), by multiplications. */
    private float hotSum(Scratch s, int p, int depth, float zero) {
        float nextOnePortion = s.pweight[p + depth];
        float total = 0f;
        int row = depth * stride;
        for (int i = depth - 1; i >= 0; i--) {
            float tmp = nextOnePortion * invUp[row + i];
            total += tmp;
            nextOnePortion = s.pweight[p + i] - tmp * zero * down[row + i];
        }
        return total;
    }
}
