package com.anycompany.scoring.engine;

import java.util.Arrays;
import java.util.stream.IntStream;

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
 * non-missing value. Deeper trees and trees with a NaN threshold keep the {@link Forest} walk.
 *
 * <p>A tree with categorical splits is stored complete too, its categorical splits marked by the sign bit and naming
 * a third copy of the block's values: each row's category code (the category, or missing, or invalid). Such a tree
 * takes {@link #stepMixed}, which decides numeric and categorical splits alike without a branch.
 *
 * <p>The batch loop takes a block of rows per tree, levels outer and rows inner, so the rows' chains are independent
 * and the CPU overlaps them. Immutable once built.
 */
final class CompleteTrees {
    /** Deepest tree stored complete (2^8 leaves, about 3 KB). */
    static final int MAX_DEPTH = 8;
    /** Rows per block: {@link #keys} lays a block out key slot by key slot, {@code BLOCK} rows each. */
    static final int BLOCK = 64;
    /** Marks a categorical split in {@link #splits} (the sign bit: numeric splits are never negative). */
    private static final long CATEGORY_SPLIT = 1L << 63;
    /** In a categorical split: a missing value goes left. */
    private static final long DEFAULT_LEFT = 1L << 62;
    /** A row's category code when its value is missing. */
    private static final int MISSING_CODE = -1;
    /** A row's category code when its value is no category (negative, or 2^24 and above). */
    private static final int INVALID_CODE = -2;
    /** Categories from 2^24 on are invalid (XGBoost: beyond a float's exact integers). */
    private static final float OUT_OF_RANGE_CAT = 16777216f;

    /**
     * Per tree: {@code 2^D - 1} splits, breadth first, each {@code key slot << 32 | threshold key}, or for a categorical
     * split {@link #CATEGORY_SPLIT} (the sign bit), {@link #DEFAULT_LEFT} when missing goes left, the code slot (of
     * {@link #keys}' category codes) in bits 32-61 and the offset of its set in the forest's category sets.
     */
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
    /** Per tree: whether it has categorical splits (walked by {@link #addMixed}); null when no tree has. */
    private final boolean[] categorical;
    /** The forest's category sets ({@code [words, bits...]} each) and one int of padding, or null. */
    private final int[] catBits;
    /** XGBoost 1.6's rule for a category beyond a split's set: the default way (1; else left, 0). */
    private final int unknownDefaultBit;
    /** The features that categorical splits of stored trees test (their codes are made per block), or null. */
    private final int[] categoryFeatures;

    private CompleteTrees(long[] splits, float[] leaves, int[] splitBase, int[] leafBase, int[] depth, int numFeatures,
            boolean unchecked, boolean[] categorical, int[] catBits, boolean unknownCategoryDefault,
            int[] categoryFeatures) {
        this.splits = splits;
        this.leaves = leaves;
        this.splitBase = splitBase;
        this.leafBase = leafBase;
        this.depth = depth;
        this.numFeatures = numFeatures;
        this.unchecked = unchecked;
        this.categorical = categorical;
        this.catBits = catBits;
        this.unknownDefaultBit = unknownCategoryDefault ? 1 : 0;
        this.categoryFeatures = categoryFeatures;
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
        int numFeatures = numFeatures(forest);
        int[] splitBase = new int[n];
        int[] leafBase = new int[n];
        long nSplits = 0;
        long nLeaves = 0;
        for (int t = 0; t < n; t++) {
            int d = forest.treeDepth[t];
            if (!fits(forest, t, numFeatures)) {
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
        boolean[] categorical = null;
        for (int t = 0; t < n; t++) {
            if (splitBase[t] >= 0 && forest.treeCategorical(t)) {
                categorical = categorical == null ? new boolean[n] : categorical;
                categorical[t] = true;
            }
        }
        int[] categoryFeatures = categorical == null ? null : categoryFeatures(forest, numFeatures);
        return new CompleteTrees(splits, leaves, splitBase, leafBase, forest.treeDepth.clone(), numFeatures,
                unchecked && UncheckedArrays.ENABLED, categorical,
                categorical == null ? null : Arrays.copyOf(forest.catBits, forest.catBits.length + 1),
                forest.unknownCategoryDefault(), categoryFeatures);
    }

    /** The heap bytes {@link #of} will hold for {@code forest} ({@link #bytes()}), without building it. */
    static long bytesFor(Forest forest) {
        int n = forest.numTrees();
        long nSplits = 0;
        long nLeaves = 0;
        boolean anyCategorical = false;
        int numFeatures = forest.categorical() ? numFeatures(forest) : 0; // only categorical trees' fit depends on it
        for (int t = 0; t < n; t++) {
            if (fits(forest, t, numFeatures)) {
                int d = forest.treeDepth[t];
                nSplits += (1 << d) - 1;
                nLeaves += 1 << d;
                anyCategorical |= forest.treeCategorical(t);
            }
        }
        return 8L * nSplits + 4L * (nLeaves + 3L * n) + 5 * 16L
                + (anyCategorical ? n + 16L + 4L * (forest.catBits.length + 1) + 16L
                        + 4L * categoryFeatures(forest, numFeatures).length + 16L : 0);
    }

    /** The features some categorical split of {@code forest} tests, ascending. */
    private static int[] categoryFeatures(Forest forest, int numFeatures) {
        boolean[] tested = new boolean[numFeatures];
        for (int i = 0; i < forest.numNodes(); i++) {
            if (forest.feature(i) >= 0 && forest.isCategorical(i)) {
                tested[forest.feature(i)] = true;
            }
        }
        return IntStream.range(0, numFeatures).filter(f -> tested[f]).toArray();
    }

    /** Features read: one past the highest split feature. */
    private static int numFeatures(Forest forest) {
        int numFeatures = 1;
        for (int i = 0; i < forest.numNodes(); i++) {
            numFeatures = Math.max(numFeatures, forest.feature(i) + 1);
        }
        return numFeatures;
    }

    /**
     * Whether tree {@code t} is stored complete: shallow enough, no NaN threshold, and with categorical splits only
     * when the category codes' slots fit a split's 30 bits.
     */
    private static boolean fits(Forest forest, int t, int numFeatures) {
        if (forest.treeDepth[t] > MAX_DEPTH
                || forest.treeCategorical(t) && 3L * numFeatures * BLOCK > CODE_SLOT_BITS) {
            return false;
        }
        int root = forest.treeRoot[t];
        int end = t + 1 < forest.numTrees() ? forest.treeRoot[t + 1] : forest.numNodes();
        for (int i = root; i < end; i++) {
            if (forest.feature(i) >= 0 && !forest.isCategorical(i) && Float.isNaN(forest.value(i))) {
                return false;
            }
        }
        return true;
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
        if (forest.isCategorical(node)) {
            long codeSlot = (2L * numFeatures + f) * BLOCK;
            splits[sb + pos] = CATEGORY_SPLIT | (forest.defaultLeft(node) ? DEFAULT_LEFT : 0) | codeSlot << 32
                    | (forest.categorySet(node) & 0xffffffffL);
        } else {
            long slot = (forest.defaultLeft(node) ? numFeatures + f : f) * (long) BLOCK;
            splits[sb + pos] = slot << 32 | (key(forest.value(node)) & 0xffffffffL);
        }
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
        return 8L * splits.length + 4L * (leaves.length + splitBase.length + leafBase.length + depth.length) + 5 * 16L
                + (categorical == null ? 0 : categorical.length + 16L + 4L * catBits.length + 16L
                        + 4L * categoryFeatures.length + 16L);
    }

    /**
     * Ints of keys per block of rows: two copies of each feature (NaN high, NaN low) for {@link #BLOCK} rows, and a third
     * (the category codes) when a tree with categorical splits is stored complete.
     */
    int keysPerBlock() {
        return (categorical == null ? 2 : 3) * numFeatures * BLOCK;
    }

    /**
     * Writes the keys of {@code count <= BLOCK} rows ({@code rows[from + r * rowStride]}) to {@code keys}, slot-major:
     * feature f of row r at {@code f * BLOCK + r} with NaN as {@code Integer.MAX_VALUE}, and at
     * {@code (numFeatures + f) * BLOCK + r} with NaN as {@code Integer.MIN_VALUE}, and (when a stored tree has
     * categorical splits) its category code at {@code (2 * numFeatures + f) * BLOCK + r}.
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
        if (categoryFeatures != null) {
            int codes = 2 * low;
            for (int r = 0; r < count; r++) {
                int o = from + r * rowStride;
                for (int f : categoryFeatures) {
                    keys[codes + f * BLOCK + r] = code(rows[o + f]);
                }
            }
        }
    }

    /** A value's category code: the category (truncated), {@link #MISSING_CODE} or {@link #INVALID_CODE}. */
    private static int code(float x) {
        if (x != x) {
            return MISSING_CODE;
        }
        return x < 0 || x >= OUT_OF_RANGE_CAT ? INVALID_CODE : (int) x;
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
        if (categorical != null && categorical[t]) {
            addMixed(t, keys, count, acc, a0);
            return;
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
     * {@link #addLeaves} for a tree with categorical splits: eight rows together, each level {@link #stepMixed}
     * (bounds-checked reads), then the rest one row at a time.
     */
    private void addMixed(int t, int[] keys, int count, float[] acc, int a0) {
        final long[] sp = splits;
        final int sb = splitBase[t];
        final int d = depth[t];
        final int lb = leafBase[t] - ((1 << d) - 1);
        int r = 0;
        for (; r + 8 <= count; r += 8) {
            int j0 = 0, j1 = 0, j2 = 0, j3 = 0, j4 = 0, j5 = 0, j6 = 0, j7 = 0;
            for (int level = 0; level < d; level++) {
                j0 = stepMixed(sp[sb + j0], keys, r, j0);
                j1 = stepMixed(sp[sb + j1], keys, r + 1, j1);
                j2 = stepMixed(sp[sb + j2], keys, r + 2, j2);
                j3 = stepMixed(sp[sb + j3], keys, r + 3, j3);
                j4 = stepMixed(sp[sb + j4], keys, r + 4, j4);
                j5 = stepMixed(sp[sb + j5], keys, r + 5, j5);
                j6 = stepMixed(sp[sb + j6], keys, r + 6, j6);
                j7 = stepMixed(sp[sb + j7], keys, r + 7, j7);
            }
            acc[a0 + r] += leaves[lb + j0];
            acc[a0 + r + 1] += leaves[lb + j1];
            acc[a0 + r + 2] += leaves[lb + j2];
            acc[a0 + r + 3] += leaves[lb + j3];
            acc[a0 + r + 4] += leaves[lb + j4];
            acc[a0 + r + 5] += leaves[lb + j5];
            acc[a0 + r + 6] += leaves[lb + j6];
            acc[a0 + r + 7] += leaves[lb + j7];
        }
        for (; r < count; r++) {
            int i = 0;
            for (int level = 0; level < d; level++) {
                i = stepMixed(sp[sb + i], keys, r, i);
            }
            acc[a0 + r] += leaves[lb + i];
        }
    }

    /**
     * One level of a tree that may have categorical splits, with no branch on the split's kind or the row's value (both
     * are unpredictable: about a third of such a tree's splits are categorical): the same slot read gives the row's key
     * for a numeric split and its category code for a categorical one, and both decisions are computed and one picked.
     * Numeric: right when the key is not below the threshold key ({@link #step}). Categorical, XGBoost's Decision: a
     * category in the split's set goes right and one outside it left; missing goes the default way; an invalid category
     * or one beyond the set's bits goes left (XGBoost 1.6: the default way). For a numeric split the set read is set 0,
     * and for a code outside the set's bits the bit read is its first word (the sets end with a padding int); both are
     * then discarded.
     */
    private int stepMixed(long split, int[] keys, int r, int i) {
        int v = keys[((int) (split >>> 32) & CODE_SLOT_BITS) + r];
        int numericRight = 1 - (int) (((long) v - (int) split) >>> 63);
        int isCategorical = (int) (split >>> 63);
        int set = (int) split & -isCategorical;
        final int[] sets = catBits;
        // 1 when 0 <= v < 32 * words, in integer arithmetic so that the JIT emits no branch
        int inBits = (int) ((((long) v - 32L * sets[set]) & ~(long) v) >>> 63);
        int code = v & -inBits;
        int inSet = (sets[set + 1 + (code >>> 5)] >>> (code & 31)) & 1;
        int missing = 1 - (int) (((long) v - MISSING_CODE | (long) MISSING_CODE - v) >>> 63);
        int defaultRight = 1 - ((int) (split >>> 62) & 1);
        int otherRight = defaultRight & (missing | unknownDefaultBit);
        int categoricalRight = inSet & inBits | otherRight & (inBits ^ 1);
        return 2 * i + 1 + (numericRight ^ (numericRight ^ categoricalRight) & isCategorical);
    }

    /** The code slot's bits in a categorical split's high half. */
    private static final int CODE_SLOT_BITS = (1 << 30) - 1;

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
