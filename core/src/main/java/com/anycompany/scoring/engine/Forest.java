package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * All trees of a model in one packed {@code int[]}, four ints per node so that a node is one contiguous read:
 * <pre>
 *   nodes[4i]     split feature &lt;&lt; 1 | default-left bit (0 for a leaf)
 *   nodes[4i + 1] offset (4 × index) of the left child; the right child is always the next node (offset + 4);
 *                 a leaf holds its own offset - 4, so that "right" is itself
 *   nodes[4i + 2] offset of the right child, or float bits of the leaf value
 *   nodes[4i + 3] float bits of the split threshold (go left when x &lt; threshold); NaN for a leaf (always right)
 * </pre>
 * A missing value (NaN) follows the default direction. Each tree is stored breadth first with siblings adjacent, so a
 * step loads the left child's offset while the comparison is still running and then adds 0 or 4. Leaves loop onto
 * themselves, so a walk can take exactly the tree's depth in steps, each step branch-free: no mispredicted branches,
 * and several rows can walk the same tree interleaved. Child indices are global, so a tree is just its root index.
 * Immutable once built.
 *
 * <p>A categorical split (XGBoost 1.6+) sets {@link #CATEGORICAL} in {@code nodes[4i]}, and {@code nodes[4i + 3]} holds
 * the offset in {@link #catBits} of its category set ({@code [words, bits...]}). Forests with such splits are walked by
 * {@link #leafCategorical}; plain numeric forests never see the flag and keep the branch-free walk.
 */
final class Forest {
    private static final int STRIDE = 4;
    /** Flag of a categorical split in nodes[4i]; features are below 2^24, so bit 30 is free. */
    static final int CATEGORICAL = 1 << 30;
    private static final int FEATURE_BITS = CATEGORICAL - 1;
    /** XGBoost's largest valid category: 2^24 (above it float32 cannot hold every integer). */
    private static final float OUT_OF_RANGE_CAT = 16777216f;

    /** Category sets of categorical splits, {@code [words, bit words...]} each; null when the forest has none. */
    final int[] catBits;
    /**
     * XGBoost 1.6 sent a category beyond the split's bit set (or invalid) the default way; 1.7 and later send it left
     * (the "not in the set" branch).
     */
    private final boolean unknownCategoryDefault;

    private final int[] nodes;
    /**
     * For TreeSHAP, each node's zero fraction: its training cover (sum of hessians) over its parent's, in float32 as
     * XGBoost divides them (1 for a root); null when the artifact has no sum_hessian. Kept instead of the covers, so
     * the walk divides nothing per node.
     */
    final float[] zeroFraction;
    /**
     * Per tree: XGBoost's mean value of its root (FillNodeMeanValues: children's means weighted by their covers over
     * the node's cover, in float32, left then right), which TreeSHAP's bias sums; null without covers.
     */
    private final float[] treeMean;
    /** Global index of each tree's root. */
    final int[] treeRoot;
    /** Depth of each tree (edges on its longest root-to-leaf path). */
    final int[] treeDepth;
    /** Output group (class or target) of each tree. */
    final int[] treeGroup;
    /** Trees of iteration {@code i} are {@code [iterationIndptr[i], iterationIndptr[i+1])}. */
    final int[] iterationIndptr;
    /** Per tree: whether it has a categorical split (walk it with {@link #leafCategorical}). */
    private final boolean[] treeCategorical;
    /**
     * The batch layout of the trees that fit it (see {@link CompleteTrees}), built on the first batch: a model that
     * only scores single rows or explains never builds it, and a load does not pay for it. Its size is known at load
     * ({@link #completeBytes}) and counted in {@link #estimatedBytes()} either way.
     */
    private volatile CompleteTrees complete;
    private final long completeBytes;

    private Forest(int[] nodes, float[] cover, int[] treeRoot, int[] treeDepth, int[] treeGroup,
            int[] iterationIndptr, int[] catBits, boolean unknownCategoryDefault) {
        this.nodes = nodes;
        this.catBits = catBits;
        this.unknownCategoryDefault = unknownCategoryDefault;
        this.treeDepth = treeDepth;
        if (cover != null) {
            this.zeroFraction = new float[cover.length];
            this.treeMean = new float[treeRoot.length];
            for (int t = 0; t < treeRoot.length; t++) {
                zeroFraction[treeRoot[t]] = 1f;
                treeMean[t] = meanValue(nodes, cover, zeroFraction, treeRoot[t]);
            }
        } else {
            this.zeroFraction = null;
            this.treeMean = null;
        }
        this.treeRoot = treeRoot;
        this.treeGroup = treeGroup;
        this.iterationIndptr = iterationIndptr;
        this.treeCategorical = new boolean[treeRoot.length];
        for (int t = 0; t < treeRoot.length && catBits != null; t++) {
            int end = t + 1 < treeRoot.length ? treeRoot[t + 1] : nodes.length / STRIDE;
            for (int i = treeRoot[t]; i < end; i++) {
                treeCategorical[t] |= isCategorical(i);
            }
        }
        this.completeBytes = CompleteTrees.bytesFor(this);
    }

    /** The batch layout, built on first use (thread-safe; every caller sees the same instance). */
    CompleteTrees complete() {
        CompleteTrees c = complete;
        if (c == null) {
            synchronized (this) {
                c = complete;
                if (c == null) {
                    c = CompleteTrees.of(this);
                    complete = c;
                }
            }
        }
        return c;
    }

    /** Whether tree {@code t} has a categorical split. */
    boolean treeCategorical(int t) {
        return treeCategorical[t];
    }

    int numTrees() {
        return treeRoot.length;
    }

    int numIterations() {
        return iterationIndptr.length - 1;
    }

    /**
     * XGBoost's node mean value of {@code node} (FillNodeMeanValues), computed in float32 in its order; fills the zero
     * fractions of the node's subtree on the way.
     */
    private static float meanValue(int[] nodes, float[] cover, float[] zeroFraction, int node) {
        int o = node * STRIDE;
        if (nodes[o + 1] == o - STRIDE) { // a leaf points to itself
            return Float.intBitsToFloat(nodes[o + 2]);
        }
        int l = nodes[o + 1] / STRIDE;
        int r = l + 1;
        zeroFraction[l] = cover[l] / cover[node];
        zeroFraction[r] = cover[r] / cover[node];
        float result = meanValue(nodes, cover, zeroFraction, l) * cover[l];
        result += meanValue(nodes, cover, zeroFraction, r) * cover[r];
        result /= cover[node];
        return result;
    }

    /** XGBoost's mean value of the tree whose root is node {@code root}. */
    float treeMean(int root) {
        int t = Arrays.binarySearch(treeRoot, root);
        if (t < 0) {
            throw new IllegalArgumentException("node " + root + " is no tree's root");
        }
        return treeMean[t];
    }

    /** Heap bytes of the arrays (array headers included). */
    long estimatedBytes() {
        return bytes() + 6 * 16L + treeCategorical.length + 16 + completeBytes;
    }

    int numNodes() {
        return nodes.length / STRIDE;
    }

    /** Split feature of node {@code i}, or -1 for a leaf. */
    int feature(int i) {
        return isLeaf(i) ? -1 : (nodes[i * STRIDE] & FEATURE_BITS) >>> 1;
    }

    /** Whether node {@code i} is a leaf. */
    boolean isLeaf(int i) {
        return nodes[i * STRIDE + 1] == (i - 1) * STRIDE;
    }

    /** Split threshold, or leaf value, of node {@code i}. */
    float value(int i) {
        return Float.intBitsToFloat(nodes[i * STRIDE + (isLeaf(i) ? 2 : 3)]);
    }

    /** The value of leaf {@code i} (a leaf only). */
    float leafValue(int i) {
        return Float.intBitsToFloat(nodes[i * STRIDE + 2]);
    }

    /** {@link #feature} of a node known to be a split (no leaf check). */
    int splitFeature(int i) {
        return (nodes[i * STRIDE] & FEATURE_BITS) >>> 1;
    }

    /** {@link #left} of a node known to be a split (its child offset is not negative). */
    int splitLeft(int i) {
        return nodes[i * STRIDE + 1] >>> 2;
    }

    int left(int i) {
        return nodes[i * STRIDE + 1] / STRIDE;
    }

    int right(int i) {
        return nodes[i * STRIDE + 1] / STRIDE + 1;
    }

    boolean defaultLeft(int i) {
        return (nodes[i * STRIDE] & 1) != 0;
    }

    /** XGBoost 1.6's rule: a category beyond a split's set goes the default way (else left). */
    boolean unknownCategoryDefault() {
        return unknownCategoryDefault;
    }

    /** The offset in {@link #catBits} of categorical split {@code i}'s set ({@code [words, bits...]}). */
    int categorySet(int i) {
        return nodes[i * STRIDE + 3];
    }

    /** Whether node {@code i} is a categorical split. */
    boolean isCategorical(int i) {
        return (nodes[i * STRIDE] & CATEGORICAL) != 0;
    }

    /** Bytes held by the node arrays (for cache budgets and the heap figure). */
    long bytes() {
        return 4L * nodes.length + (zeroFraction == null ? 0 : 4L * (zeroFraction.length + treeMean.length))
                + 4L * (treeRoot.length + treeGroup.length
                + iterationIndptr.length) + (catBits == null ? 0 : 4L * catBits.length);
    }

    /** The leaf value that {@code row} reaches in the tree rooted at {@code root}, of depth {@code depth}. */
    float leaf(int root, int depth, float[] row, int rowOffset) {
        final int[] nd = nodes;
        int i = root * STRIDE;
        for (int level = 0; level < depth; level++) {
            i = step(nd, i, row[rowOffset + (nd[i] >>> 1)]);
        }
        return Float.intBitsToFloat(nd[i + 2]);
    }

    /**
     * Walks four rows down the same tree together (independent chains the CPU overlaps) and adds each leaf value to
     * {@code acc[accOffset + r * accStride]}: the same float additions, in the same order per row, as {@link #leaf}.
     */
    void leaf4(int root, int depth, float[] rows, int o0, int o1, int o2, int o3, float[] acc, int a0, int accStride) {
        final int[] nd = nodes;
        int i0 = root * STRIDE;
        int i1 = i0;
        int i2 = i0;
        int i3 = i0;
        for (int level = 0; level < depth; level++) {
            i0 = step(nd, i0, rows[o0 + (nd[i0] >>> 1)]);
            i1 = step(nd, i1, rows[o1 + (nd[i1] >>> 1)]);
            i2 = step(nd, i2, rows[o2 + (nd[i2] >>> 1)]);
            i3 = step(nd, i3, rows[o3 + (nd[i3] >>> 1)]);
        }
        acc[a0] += Float.intBitsToFloat(nd[i0 + 2]);
        acc[a0 + accStride] += Float.intBitsToFloat(nd[i1 + 2]);
        acc[a0 + 2 * accStride] += Float.intBitsToFloat(nd[i2 + 2]);
        acc[a0 + 3 * accStride] += Float.intBitsToFloat(nd[i3 + 2]);
    }

    /**
     * Adds the leaves of four consecutive trees ({@code roots[k..k+3]}, walked together as independent chains) to
     * {@code sum}, one after the other in tree order: the same float additions as four {@link #leaf} calls.
     */
    float sum4(int[] roots, int[] depths, int k, float[] row, int off, float sum) {
        final int[] nd = nodes;
        int i0 = roots[k] * STRIDE;
        int i1 = roots[k + 1] * STRIDE;
        int i2 = roots[k + 2] * STRIDE;
        int i3 = roots[k + 3] * STRIDE;
        int depth = Math.max(Math.max(depths[k], depths[k + 1]), Math.max(depths[k + 2], depths[k + 3]));
        for (int level = 0; level < depth; level++) {
            i0 = step(nd, i0, row[off + (nd[i0] >>> 1)]);
            i1 = step(nd, i1, row[off + (nd[i1] >>> 1)]);
            i2 = step(nd, i2, row[off + (nd[i2] >>> 1)]);
            i3 = step(nd, i3, row[off + (nd[i3] >>> 1)]);
        }
        sum += Float.intBitsToFloat(nd[i0 + 2]);
        sum += Float.intBitsToFloat(nd[i1 + 2]);
        sum += Float.intBitsToFloat(nd[i2 + 2]);
        sum += Float.intBitsToFloat(nd[i3 + 2]);
        return sum;
    }

    /**
     * Tree-major step of a block of {@code count} rows (row {@code r} at {@code rows[from + r * nf]}): adds the tree's
     * leaf for each row to {@code acc[r * accStride + a0]}, four rows at a time. The tree stays in L1 across the block.
     */
    void addLeaves(int root, int depth, float[] rows, int from, int nf, int count, float[] acc, int a0, int accStride) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            int o = from + r * nf;
            leaf4(root, depth, rows, o, o + nf, o + 2 * nf, o + 3 * nf, acc, a0 + r * accStride, accStride);
        }
        for (; r < count; r++) {
            acc[a0 + r * accStride] += leaf(root, depth, rows, from + r * nf);
        }
    }

    /** True when the forest has categorical splits (walk it with {@link #leafCategorical}). */
    boolean categorical() {
        return catBits != null;
    }

    /**
     * {@link #addLeaves} for trees with categorical splits: eight rows walk the tree together (independent chains the
     * CPU overlaps, as in {@link #leaf4}), then the rest one row at a time.
     */
    void addLeavesCategorical(int root, int depth, float[] rows, int from, int nf, int count, float[] acc, int a0,
            int accStride) {
        final int[] nd = nodes;
        int r = 0;
        for (; r + 8 <= count; r += 8) {
            int o = from + r * nf;
            int i0 = root * STRIDE;
            int i1 = i0;
            int i2 = i0;
            int i3 = i0;
            int i4 = i0;
            int i5 = i0;
            int i6 = i0;
            int i7 = i0;
            for (int level = 0; level < depth; level++) {
                i0 = stepAnySplit(nd, i0, rows[o + ((nd[i0] & FEATURE_BITS) >>> 1)]);
                i1 = stepAnySplit(nd, i1, rows[o + nf + ((nd[i1] & FEATURE_BITS) >>> 1)]);
                i2 = stepAnySplit(nd, i2, rows[o + 2 * nf + ((nd[i2] & FEATURE_BITS) >>> 1)]);
                i3 = stepAnySplit(nd, i3, rows[o + 3 * nf + ((nd[i3] & FEATURE_BITS) >>> 1)]);
                i4 = stepAnySplit(nd, i4, rows[o + 4 * nf + ((nd[i4] & FEATURE_BITS) >>> 1)]);
                i5 = stepAnySplit(nd, i5, rows[o + 5 * nf + ((nd[i5] & FEATURE_BITS) >>> 1)]);
                i6 = stepAnySplit(nd, i6, rows[o + 6 * nf + ((nd[i6] & FEATURE_BITS) >>> 1)]);
                i7 = stepAnySplit(nd, i7, rows[o + 7 * nf + ((nd[i7] & FEATURE_BITS) >>> 1)]);
            }
            int a = a0 + r * accStride;
            acc[a] += Float.intBitsToFloat(nd[i0 + 2]);
            acc[a + accStride] += Float.intBitsToFloat(nd[i1 + 2]);
            acc[a + 2 * accStride] += Float.intBitsToFloat(nd[i2 + 2]);
            acc[a + 3 * accStride] += Float.intBitsToFloat(nd[i3 + 2]);
            acc[a + 4 * accStride] += Float.intBitsToFloat(nd[i4 + 2]);
            acc[a + 5 * accStride] += Float.intBitsToFloat(nd[i5 + 2]);
            acc[a + 6 * accStride] += Float.intBitsToFloat(nd[i6 + 2]);
            acc[a + 7 * accStride] += Float.intBitsToFloat(nd[i7 + 2]);
        }
        for (; r < count; r++) {
            acc[a0 + r * accStride] += leafCategorical(root, depth, rows, from + r * nf);
        }
    }

    /**
     * One level of a tree that may have categorical splits: {@link #step} for a numeric split, {@link #categoricalLeft}
     * for a categorical one (as {@link #leafCategorical}). Computing both and selecting, with no branch, measured
     * slower (0.43-0.66x xgboost4j against 0.72-1.05x): twice the work for a branch the CPU mostly predicts.
     */
    private int stepAnySplit(int[] nd, int i, float x) {
        return (nd[i] & CATEGORICAL) == 0 ? step(nd, i, x) : nd[i + 1] + (categoricalLeft(nd, i, x) ? 0 : STRIDE);
    }

    /** {@link #leaf} for forests with categorical splits. */
    float leafCategorical(int root, int depth, float[] row, int rowOffset) {
        final int[] nd = nodes;
        int i = root * STRIDE;
        for (int level = 0; level < depth; level++) {
            i = stepAnySplit(nd, i, row[rowOffset + ((nd[i] & FEATURE_BITS) >>> 1)]);
        }
        return Float.intBitsToFloat(nd[i + 2]);
    }

    /** Whether a row whose split feature is {@code x} goes to the left child of node {@code node} (not a leaf). */
    boolean goesLeft(int node, float x) {
        int i = node * STRIDE;
        if ((nodes[i] & CATEGORICAL) != 0) {
            return categoricalLeft(nodes, i, x);
        }
        return x < Float.intBitsToFloat(nodes[i + 3]) || (x != x && (nodes[i] & 1) != 0);
    }

    /**
     * {@link #goesLeft} as 0 (left) or 1 (right), without a branch on the value for numeric splits: the comparison is
     * on order-preserving integer keys ({@link CompleteTrees#key}) where a missing value sits below every threshold
     * when its default is left, above every one when it is right.
     */
    int side(int node, float x) {
        int i = node * STRIDE;
        int head = nodes[i];
        if ((head & CATEGORICAL) != 0) {
            return categoricalLeft(nodes, i, x) ? 0 : 1;
        }
        // below the threshold, or missing with default left (a NaN threshold has nothing below it)
        boolean left = x < Float.intBitsToFloat(nodes[i + 3]) | (x != x & (head & 1) != 0);
        return left ? 0 : 1;
    }

    /**
     * XGBoost's categorical Decision: missing goes the default way; a category in the split's set goes right; any other
     * (not in the set, beyond the set's bits, negative or beyond 2^24) goes left, except that XGBoost 1.6 sent invalid
     * and beyond-the-bits categories the default way.
     */
    private boolean categoricalLeft(int[] nd, int i, float x) {
        boolean defaultLeft = (nd[i] & 1) != 0;
        if (x != x) {
            return defaultLeft;
        }
        int at = nd[i + 3];
        int words = catBits[at];
        if (x < 0 || x >= OUT_OF_RANGE_CAT || x >= 32f * words) {
            return unknownCategoryDefault ? defaultLeft : true;
        }
        int c = (int) x;
        return (catBits[at + 1 + (c >>> 5)] & (1 << (c & 31))) == 0;
    }

    /** One level: left when x &lt; threshold, or when x is missing and the default is left; else right. */
    private static int step(int[] nd, int i, float x) {
        int fd = nd[i];
        boolean left = x < Float.intBitsToFloat(nd[i + 3]) | (x != x & (fd & 1) != 0);
        return nd[i + 1] + (left ? 0 : STRIDE);
    }

    /**
     * Accumulates trees straight into the packed layout: each tree is renumbered breadth first from its root as it is
     * added (siblings adjacent, left then right; unreachable nodes are dropped), so no per-node copy is kept besides the
     * packed nodes, and a tree's depth comes from the same walk.
     */
    static final class Builder {
        private int[] packed;
        private float[] cover;
        private boolean hasCover = true;
        private int[] bits;
        private int nBits;
        private final int[] roots;
        private final int[] depths;
        private int trees;
        /** Packed nodes so far. */
        private int size;
        /** Per tree: the tree's own index of each packed node, in packed order (reused from tree to tree). */
        private int[] order = new int[256];

        Builder(int numTrees) {
            this(numTrees, 1024);
        }

        /** {@code nodes}: the trees' node count, when known (the arrays are sized for it). */
        Builder(int numTrees, int nodes) {
            roots = new int[numTrees];
            depths = new int[numTrees];
            int capacity = Math.max(1, nodes);
            packed = new int[capacity * STRIDE];
            cover = new float[capacity];
        }

        /** Adds one tree; {@code c} (per-node cover) may be null when the artifact has none. */
        void addTree(int[] l, int[] r, int[] f, float[] v, boolean[] d, float[] c) {
            addTree(l, r, f, v, d, c, null);
        }

        /**
         * Adds one tree; {@code cats[i]}, when {@code cats} and it are non-null, makes node {@code i} a categorical split
         * whose listed categories (codes &ge; 0) go right.
         */
        void addTree(int[] l, int[] r, int[] f, float[] v, boolean[] d, float[] c, int[][] cats) {
            hasCover &= c != null;
            int n = l.length;
            if ((long) size + n > Integer.MAX_VALUE / STRIDE - 8) {
                throw new IllegalStateException("more than 2^29 nodes");
            }
            ensure(size + n);
            if (order.length < n) {
                order = new int[Math.max(n, order.length * 2)];
            }
            final int[] nd = packed;
            final int base = size;
            roots[trees] = base;
            order[0] = 0;
            int count = 1;
            int depth = 0;
            int levelEnd = 1; // the nodes of the current level are [.., levelEnd) in packed order
            for (int q = 0; q < count; q++) {
                if (q == levelEnd) {
                    depth++;
                    levelEnd = count;
                }
                int i = order[q];
                int o = (base + q) * STRIDE;
                cover[base + q] = c == null ? 0f : c[i];
                if (l[i] < 0) { // a leaf loops onto itself; its NaN threshold sends every value "right"
                    nd[o] = 0;
                    nd[o + 1] = o - STRIDE;
                    nd[o + 2] = Float.floatToRawIntBits(v[i]);
                    nd[o + 3] = Float.floatToRawIntBits(Float.NaN);
                    continue;
                }
                if (count + 2 > n) {
                    throw new IllegalStateException("tree " + trees + " reaches a node twice");
                }
                nd[o] = (f[i] << 1) | (d[i] ? 1 : 0);
                nd[o + 1] = (base + count) * STRIDE;
                nd[o + 2] = (base + count + 1) * STRIDE;
                nd[o + 3] = Float.floatToRawIntBits(v[i]);
                order[count++] = l[i];
                order[count++] = r[i];
                if (cats != null && cats[i] != null) {
                    categories(o, cats[i]);
                }
            }
            depths[trees++] = depth;
            size = base + count;
        }

        /** Makes packed node {@code o} a categorical split sending {@code categories} right. */
        private void categories(int o, int[] categories) {
            int max = -1;
            for (int cat : categories) {
                max = Math.max(max, cat);
            }
            int words = (max + 32) >>> 5;
            if (bits == null) {
                bits = new int[16];
            }
            if (nBits + 1 + words > bits.length) {
                bits = Arrays.copyOf(bits, Math.max(bits.length * 2, nBits + 1 + words));
            }
            bits[nBits] = words;
            for (int cat : categories) {
                bits[nBits + 1 + (cat >>> 5)] |= 1 << (cat & 31);
            }
            packed[o] |= CATEGORICAL;
            packed[o + 3] = nBits;
            nBits += 1 + words;
        }

        private void ensure(int capacity) {
            if (capacity <= cover.length) {
                return;
            }
            int c = (int) Math.min(Integer.MAX_VALUE / STRIDE - 8, Math.max(capacity, (long) cover.length * 2));
            packed = Arrays.copyOf(packed, c * STRIDE);
            cover = Arrays.copyOf(cover, c);
        }

        Forest build(int[] treeGroup, int[] iterationIndptr) {
            return build(treeGroup, iterationIndptr, false);
        }

        /** {@code unknownCategoryDefault}: XGBoost 1.6's rule for categories beyond a split's set (see Forest). */
        Forest build(int[] treeGroup, int[] iterationIndptr, boolean unknownCategoryDefault) {
            int[] treeRoots = trees == roots.length ? roots : Arrays.copyOf(roots, trees);
            int[] treeDepths = trees == depths.length ? depths : Arrays.copyOf(depths, trees);
            int[] nodes = packed.length == size * STRIDE ? packed : Arrays.copyOf(packed, size * STRIDE);
            float[] covers = !hasCover ? null : cover.length == size ? cover : Arrays.copyOf(cover, size);
            return new Forest(nodes, covers, treeRoots, treeDepths, treeGroup.clone(), iterationIndptr.clone(),
                    bits == null ? null : Arrays.copyOf(bits, nBits), unknownCategoryDefault);
        }
    }
}
