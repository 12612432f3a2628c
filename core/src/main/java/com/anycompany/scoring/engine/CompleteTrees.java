package com.anycompany.scoring.engine;

/**
 * The batch layout of shallow numeric trees: each tree of depth {@code D <= MAX_DEPTH} stored as a complete binary tree
 * of {@code 2^D} leaves, so that a row's walk is {@code D} identical, branch-free steps {@code i = 2i + 1 + right}.
 * A leaf above the last level is replicated over every leaf slot below it, and the padding splits above those slots
 * (feature 0, any threshold) lead to the same value whichever way a row goes, so every row reaches exactly the leaf
 * value the tree gives it.
 *
 * <p>Comparisons are on integers: a row's values are turned once per block into order-preserving keys (the float's
 * bits with the magnitude flipped for negatives, -0 taken as +0), in two copies: one where a missing value (NaN) is
 * {@code Integer.MAX_VALUE} (above every threshold, so it goes right) and one where it is {@code Integer.MIN_VALUE}
 * (below every threshold, so it goes left). Each split names the copy that matches its default direction, so missing
 * values need no test: {@code right = key >= threshold key}, which equals XGBoost's {@code !(x < threshold)} for every
 * non-missing value. Trees with categorical splits, deeper trees and trees with a NaN threshold keep the
 * {@link Forest} walk.
 *
 * <p>The batch loop takes a block of rows per tree, levels outer and rows inner, so the rows' chains are independent
 * and the CPU overlaps them. Immutable once built.
 */
final class CompleteTrees {
    /** Deepest tree stored complete (2^8 leaves, about 3 KB). */
    static final int MAX_DEPTH = 8;
    /** Rows per block: {@link #keys} lays a block out key slot by key slot, {@code BLOCK} rows each. */
    static final int BLOCK = 64;

    /** Per tree: {@code 2^D - 1} splits, breadth first, each {@code key slot << 32 | threshold key}. */
    private final long[] splits;
    /** Per tree: {@code 2^D} leaf values, left to right. */
    private final float[] leaves;
    /** Per tree: offset of its first split in {@link #splits}, or -1 when the tree keeps the {@link Forest} walk. */
    private final int[] splitBase;
    /** Per tree: offset of its first leaf in {@link #leaves}. */
    private final int[] leafBase;
    /** Per tree: its depth. */
    private final int[] depth;
    /**
     * Features read (one past the highest split feature); key slot {@code f} is feature f with NaN high,
     * {@code numFeatures + f} with NaN low.
     */
    private final int numFeatures;

    private CompleteTrees(long[] splits, float[] leaves, int[] splitBase, int[] leafBase, int[] depth, int numFeatures) {
        this.splits = splits;
        this.leaves = leaves;
        this.splitBase = splitBase;
        this.leafBase = leafBase;
        this.depth = depth;
        this.numFeatures = numFeatures;
    }

    /** Builds the complete layout of every tree of {@code forest} that fits it; the others keep the forest walk. */
    static CompleteTrees of(Forest forest) {
        int n = forest.numTrees();
        int numFeatures = 1;
        for (int i = 0; i < forest.numNodes(); i++) {
            numFeatures = Math.max(numFeatures, forest.feature(i) + 1);
        }
        int[] splitBase = new int[n];
        int[] leafBase = new int[n];
        long nSplits = 0;
        long nLeaves = 0;
        for (int t = 0; t < n; t++) {
            int d = forest.treeDepth[t];
            if (!fits(forest, t)) {
                splitBase[t] = -1;
                continue;
            }
            splitBase[t] = (int) nSplits;
            leafBase[t] = (int) nLeaves;
            nSplits += (1 << d) - 1;
            nLeaves += 1 << d;
        }
        if (nSplits > Integer.MAX_VALUE - 8 || nLeaves > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many complete-tree nodes");
        }
        long[] splits = new long[(int) nSplits];
        float[] leaves = new float[(int) nLeaves];
        for (int t = 0; t < n; t++) {
            if (splitBase[t] >= 0) {
                fill(forest, forest.treeRoot[t], 0, forest.treeDepth[t], 0, splits, splitBase[t], leaves, leafBase[t],
                        numFeatures);
            }
        }
        return new CompleteTrees(splits, leaves, splitBase, leafBase, forest.treeDepth.clone(), numFeatures);
    }

    /** The heap bytes {@link #of} will hold for {@code forest} ({@link #bytes()}), without building it. */
    static long bytesFor(Forest forest) {
        int n = forest.numTrees();
        long nSplits = 0;
        long nLeaves = 0;
        for (int t = 0; t < n; t++) {
            if (fits(forest, t)) {
                int d = forest.treeDepth[t];
                nSplits += (1 << d) - 1;
                nLeaves += 1 << d;
            }
        }
        return 8L * nSplits + 4L * (nLeaves + 3L * n) + 5 * 16L;
    }

    /** Whether tree {@code t} is stored complete: shallow enough, numeric splits only, no NaN threshold. */
    private static boolean fits(Forest forest, int t) {
        if (forest.treeDepth[t] > MAX_DEPTH) {
            return false;
        }
        int root = forest.treeRoot[t];
        int end = t + 1 < forest.numTrees() ? forest.treeRoot[t + 1] : forest.numNodes();
        for (int i = root; i < end; i++) {
            if (forest.feature(i) >= 0 && Float.isNaN(forest.value(i))) {
                return false;
            }
        }
        return !forest.treeCategorical(t);
    }

    /**
     * Writes the subtree of forest node {@code node}, which sits at complete-tree position {@code pos} (breadth-first
     * index) on level {@code level} of a tree of depth {@code d}.
     */
    private static void fill(Forest forest, int node, int pos, int d, int level, long[] splits, int sb, float[] leaves,
            int lb, int numFeatures) {
        if (level == d || forest.feature(node) < 0) {
            // a leaf (possibly above the last level): its value fills every leaf slot below pos; the splits below it
            // stay 0 (slot 0, threshold key 0), whose both ways end at this same value
            float v = forest.value(node);
            int width = 1 << (d - level);
            int first = (pos - ((1 << level) - 1)) * width;
            for (int k = 0; k < width; k++) {
                leaves[lb + first + k] = v;
            }
            return;
        }
        int f = forest.feature(node);
        long slot = (forest.defaultLeft(node) ? numFeatures + f : f) * (long) BLOCK;
        splits[sb + pos] = slot << 32 | (key(forest.value(node)) & 0xffffffffL);
        fill(forest, forest.left(node), 2 * pos + 1, d, level + 1, splits, sb, leaves, lb, numFeatures);
        fill(forest, forest.right(node), 2 * pos + 2, d, level + 1, splits, sb, leaves, lb, numFeatures);
    }

    /**
     * An int that orders like the float for every non-NaN value: {@code key(a) < key(b)} exactly when {@code a < b}
     * (-0 and +0 both become 0).
     */
    static int key(float x) {
        int bits = Float.floatToRawIntBits(x + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Whether tree {@code t} is stored complete (else walk it with the forest). */
    boolean has(int t) {
        return splitBase[t] >= 0;
    }

    /** Whether any tree is stored complete. */
    boolean any() {
        return splits.length > 0 || leaves.length > 0;
    }

    /** Heap bytes held (array headers included). */
    long bytes() {
        return 8L * splits.length + 4L * (leaves.length + splitBase.length + leafBase.length + depth.length) + 5 * 16L;
    }

    /** Ints of keys per block of rows: two copies of each feature (NaN high, NaN low) for {@link #BLOCK} rows. */
    int keysPerBlock() {
        return 2 * numFeatures * BLOCK;
    }

    /**
     * Writes the keys of {@code count <= BLOCK} rows ({@code rows[from + r * rowStride]}) to {@code keys}, slot-major:
     * feature f of row r at {@code f * BLOCK + r} with NaN as {@code Integer.MAX_VALUE}, and at
     * {@code (numFeatures + f) * BLOCK + r} with NaN as {@code Integer.MIN_VALUE}.
     */
    void keys(float[] rows, int from, int rowStride, int count, int[] keys) {
        int nf = numFeatures;
        int low = nf * BLOCK;
        for (int r = 0; r < count; r++) {
            int o = from + r * rowStride;
            for (int f = 0; f < nf; f++) {
                float x = rows[o + f];
                int bits = Float.floatToRawIntBits(x + 0.0f);
                int key = bits ^ ((bits >> 31) & 0x7fffffff);
                boolean missing = x != x;
                keys[f * BLOCK + r] = missing ? Integer.MAX_VALUE : key;
                keys[low + f * BLOCK + r] = missing ? Integer.MIN_VALUE : key;
            }
        }
    }

    /**
     * Adds tree {@code t}'s leaf for each of {@code count} rows (keys from {@link #keys}) to
     * {@code acc[a0 + r * accStride]}. Eight rows walk the tree together, level by level: their chains are independent,
     * so the CPU overlaps them, and each step is the same few instructions with no branch on the data.
     */
    void addLeaves(int t, int[] keys, int count, float[] acc, int a0, int accStride) {
        final long[] sp = splits;
        final int sb = splitBase[t];
        final int d = depth[t];
        final float[] lv = leaves;
        final int lb = leafBase[t] - ((1 << d) - 1);
        if (d == 0) {
            for (int r = 0; r < count; r++) {
                acc[a0 + r * accStride] += lv[lb];
            }
            return;
        }
        // the first two levels are the same few splits for every row: the root's key slot and threshold are read once
        // per call, and level 1 picks one of its two splits by the row's side of the root (a select, not a load that
        // waits on the root's outcome)
        final long root = sp[sb];
        final int rootSlot = (int) (root >>> 32);
        final int rootKey = (int) root;
        final long leftSplit = d >= 2 ? sp[sb + 1] : 0;
        final long rightSplit = d >= 2 ? sp[sb + 2] : 0;
        int r = 0;
        for (; r + 8 <= count; r += 8) {
            int i0 = first(keys, rootSlot + r, rootKey);
            int i1 = first(keys, rootSlot + r + 1, rootKey);
            int i2 = first(keys, rootSlot + r + 2, rootKey);
            int i3 = first(keys, rootSlot + r + 3, rootKey);
            int i4 = first(keys, rootSlot + r + 4, rootKey);
            int i5 = first(keys, rootSlot + r + 5, rootKey);
            int i6 = first(keys, rootSlot + r + 6, rootKey);
            int i7 = first(keys, rootSlot + r + 7, rootKey);
            if (d >= 2) {
                i0 = step(i0 == 1 ? leftSplit : rightSplit, keys, r, i0);
                i1 = step(i1 == 1 ? leftSplit : rightSplit, keys, r + 1, i1);
                i2 = step(i2 == 1 ? leftSplit : rightSplit, keys, r + 2, i2);
                i3 = step(i3 == 1 ? leftSplit : rightSplit, keys, r + 3, i3);
                i4 = step(i4 == 1 ? leftSplit : rightSplit, keys, r + 4, i4);
                i5 = step(i5 == 1 ? leftSplit : rightSplit, keys, r + 5, i5);
                i6 = step(i6 == 1 ? leftSplit : rightSplit, keys, r + 6, i6);
                i7 = step(i7 == 1 ? leftSplit : rightSplit, keys, r + 7, i7);
            }
            for (int level = 2; level < d; level++) {
                i0 = step(sp[sb + i0], keys, r, i0);
                i1 = step(sp[sb + i1], keys, r + 1, i1);
                i2 = step(sp[sb + i2], keys, r + 2, i2);
                i3 = step(sp[sb + i3], keys, r + 3, i3);
                i4 = step(sp[sb + i4], keys, r + 4, i4);
                i5 = step(sp[sb + i5], keys, r + 5, i5);
                i6 = step(sp[sb + i6], keys, r + 6, i6);
                i7 = step(sp[sb + i7], keys, r + 7, i7);
            }
            int a = a0 + r * accStride;
            acc[a] += lv[lb + i0];
            acc[a + accStride] += lv[lb + i1];
            acc[a + 2 * accStride] += lv[lb + i2];
            acc[a + 3 * accStride] += lv[lb + i3];
            acc[a + 4 * accStride] += lv[lb + i4];
            acc[a + 5 * accStride] += lv[lb + i5];
            acc[a + 6 * accStride] += lv[lb + i6];
            acc[a + 7 * accStride] += lv[lb + i7];
        }
        for (; r < count; r++) {
            int i = 0;
            for (int level = 0; level < d; level++) {
                i = step(sp[sb + i], keys, r, i);
            }
            acc[a0 + r * accStride] += lv[lb + i];
        }
    }

    /** The root level: to split 1 when the row's key at {@code keyIndex} is below {@code threshold}, else to 2. */
    private static int first(int[] keys, int keyIndex, int threshold) {
        return 2 - (int) (((long) keys[keyIndex] - threshold) >>> 63);
    }

    /**
     * One level: from split {@code i} (packed as key slot × {@link #BLOCK} in the high half, threshold key in the low
     * half) to its left
     * child {@code 2i + 1} when the row's key is below the threshold key, else to its right child {@code 2i + 2}.
     */
    private static int step(long split, int[] keys, int r, int i) {
        long below = ((long) keys[(int) (split >>> 32) + r] - (int) split) >>> 63;
        return 2 * i + 2 - (int) below;
    }
}
