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
    /** Whether the eight-row walk reads through {@link UncheckedArrays}. */
    private final boolean unchecked;

    private CompleteTrees(long[] splits, float[] leaves, int[] splitBase, int[] leafBase, int[] depth, int numFeatures,
            boolean unchecked) {
        this.splits = splits;
        this.leaves = leaves;
        this.splitBase = splitBase;
        this.leafBase = leafBase;
        this.depth = depth;
        this.numFeatures = numFeatures;
        this.unchecked = unchecked;
    }

    /**
     * Builds the complete layout of every tree of {@code forest} that fits it; the others keep the forest walk. Its
     * batch walk reads without bounds checks when {@link UncheckedArrays#ENABLED}.
     */
    static CompleteTrees of(Forest forest) {
        return of(forest, UncheckedArrays.ENABLED);
    }

    /** {@link #of(Forest)}, with the unchecked reads on or off (the tests compare both). */
    static CompleteTrees of(Forest forest, boolean unchecked) {
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
        return new CompleteTrees(splits, leaves, splitBase, leafBase, forest.treeDepth.clone(), numFeatures,
                unchecked && UncheckedArrays.ENABLED);
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
     * Adds tree {@code t}'s leaf for each of {@code count <= BLOCK} rows (keys from {@link #keys}) to
     * {@code acc[a0 + r]}. Eight rows walk the tree together, level by level: their chains are independent, so the CPU
     * overlaps them, and each step is the same few instructions with no branch on the data. The first two levels are
     * the same few splits for every row: the root's key slot and threshold are read once per call, and level 1 picks
     * one of its two splits by the row's side of the root (a select, not a load that waits on the root's outcome).
     */
    void addLeaves(int t, int[] keys, int count, float[] acc, int a0) {
        if (count < 0 || count > BLOCK || keys.length < keysPerBlock() || a0 < 0 || a0 + count > acc.length) {
            throw new IllegalArgumentException(count + " rows, " + keys.length + " keys, accumulators " + a0 + ".."
                    + (a0 + count) + " of " + acc.length + ": a block holds at most " + BLOCK + " rows and needs "
                    + keysPerBlock() + " keys");
        }
        int r = depth[t] < 2 ? 0 : unchecked ? addEightsUnchecked(t, keys, count, acc, a0)
                : addEights(t, keys, count, acc, a0);
        final long[] sp = splits;
        final int sb = splitBase[t];
        final int d = depth[t];
        final int lb = leafBase[t] - ((1 << d) - 1);
        for (; r < count; r++) {
            int i = 0;
            for (int level = 0; level < d; level++) {
                i = step(sp[sb + i], keys, r, i);
            }
            acc[a0 + r] += leaves[lb + i];
        }
    }

    /**
     * The rows of {@link #addLeaves} eight at a time ({@code d >= 2}), through bounds-checked reads: the fallback when
     * {@link UncheckedArrays} is off. Returns the rows done.
     */
    private int addEights(int t, int[] keys, int count, float[] acc, int a0) {
        final long[] sp = splits;
        final int sb = splitBase[t];
        final int d = depth[t];
        final int lb = leafBase[t] - ((1 << d) - 1);
        final long root = sp[sb];
        final int rootSlot = (int) (root >>> 32);
        final int rootKey = (int) root;
        final int[] at = new int[8];
        int r = 0;
        for (; r + 8 <= count; r += 8) {
            for (int k = 0; k < 8; k++) {
                int below = (int) (((long) keys[rootSlot + r + k] - rootKey) >>> 63);
                at[k] = step(sp[sb + 2 - below], keys, r + k, 2 - below);
            }
            for (int level = 2; level < d; level++) {
                for (int k = 0; k < 8; k++) {
                    at[k] = step(sp[sb + at[k]], keys, r + k, at[k]);
                }
            }
            for (int k = 0; k < 8; k++) {
                acc[a0 + r + k] += leaves[lb + at[k]];
            }
        }
        return r;
    }

    /**
     * {@link #addEights} through {@link UncheckedArrays}. Every read is in range: a split position stays below
     * {@code 2^d - 1} and a leaf position below {@code 2^d} by the walk's construction (each level maps {@code i} to
     * {@code 2i + 1} or {@code 2i + 2}, starting at 0, for {@code d} levels), and a key index is a key slot below
     * {@code 2 * numFeatures} times {@link #BLOCK} plus a row below {@code count <= BLOCK}, in the
     * {@link #keysPerBlock()} ints {@link #addLeaves} has checked {@code keys} holds. The accumulator reads stay checked.
     */
    private int addEightsUnchecked(int t, int[] keys, int count, float[] acc, int a0) {
        final long[] sp = splits;
        final float[] lv = leaves;
        final int sb = splitBase[t];
        final int d = depth[t];
        final long so = UncheckedArrays.longOffset(sb);
        final long lo = UncheckedArrays.floatOffset(leafBase[t] - ((1 << d) - 1));
        final long root = sp[sb];
        final long rootSlot = root >>> 32;
        final int rootKey = (int) root;
        final long leftSplit = sp[sb + 1];
        final long rightSplit = sp[sb + 2];
        int r = 0;
        for (; r + 8 <= count; r += 8) {
            final long ko = UncheckedArrays.intOffset(r);
            final long rootOffset = ko + 4 * rootSlot;
            int i0 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 0) - rootKey) >>> 63);
            int i1 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 4) - rootKey) >>> 63);
            int i2 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 8) - rootKey) >>> 63);
            int i3 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 12) - rootKey) >>> 63);
            int i4 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 16) - rootKey) >>> 63);
            int i5 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 20) - rootKey) >>> 63);
            int i6 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 24) - rootKey) >>> 63);
            int i7 = 2 - (int) (((long) UncheckedArrays.get(keys, rootOffset + 28) - rootKey) >>> 63);
            i0 = stepUnchecked(i0 == 1 ? leftSplit : rightSplit, keys, ko, i0);
            i1 = stepUnchecked(i1 == 1 ? leftSplit : rightSplit, keys, ko + 4, i1);
            i2 = stepUnchecked(i2 == 1 ? leftSplit : rightSplit, keys, ko + 8, i2);
            i3 = stepUnchecked(i3 == 1 ? leftSplit : rightSplit, keys, ko + 12, i3);
            i4 = stepUnchecked(i4 == 1 ? leftSplit : rightSplit, keys, ko + 16, i4);
            i5 = stepUnchecked(i5 == 1 ? leftSplit : rightSplit, keys, ko + 20, i5);
            i6 = stepUnchecked(i6 == 1 ? leftSplit : rightSplit, keys, ko + 24, i6);
            i7 = stepUnchecked(i7 == 1 ? leftSplit : rightSplit, keys, ko + 28, i7);
            for (int level = 2; level < d; level++) {
                i0 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i0), keys, ko, i0);
                i1 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i1), keys, ko + 4, i1);
                i2 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i2), keys, ko + 8, i2);
                i3 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i3), keys, ko + 12, i3);
                i4 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i4), keys, ko + 16, i4);
                i5 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i5), keys, ko + 20, i5);
                i6 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i6), keys, ko + 24, i6);
                i7 = stepUnchecked(UncheckedArrays.get(sp, so + 8L * i7), keys, ko + 28, i7);
            }
            acc[a0 + r] += UncheckedArrays.get(lv, lo + 4L * i0);
            acc[a0 + r + 1] += UncheckedArrays.get(lv, lo + 4L * i1);
            acc[a0 + r + 2] += UncheckedArrays.get(lv, lo + 4L * i2);
            acc[a0 + r + 3] += UncheckedArrays.get(lv, lo + 4L * i3);
            acc[a0 + r + 4] += UncheckedArrays.get(lv, lo + 4L * i4);
            acc[a0 + r + 5] += UncheckedArrays.get(lv, lo + 4L * i5);
            acc[a0 + r + 6] += UncheckedArrays.get(lv, lo + 4L * i6);
            acc[a0 + r + 7] += UncheckedArrays.get(lv, lo + 4L * i7);
        }
        return r;
    }

    /** {@link #step} through {@link UncheckedArrays}: {@code rowOffset} is the offset of the row's key in slot 0. */
    private static int stepUnchecked(long split, int[] keys, long rowOffset, int i) {
        long below = ((long) UncheckedArrays.get(keys, rowOffset + 4 * (split >>> 32)) - (int) split) >>> 63;
        return 2 * i + 2 - (int) below;
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
