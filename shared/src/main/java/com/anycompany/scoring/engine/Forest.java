package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * All trees of a model in one packed {@code int[]}, four ints per node so that a node is one contiguous read:
 * <pre>
 *   nodes[4i]     split feature &lt;&lt; 1 | default-left bit, or -1 for a leaf
 *   nodes[4i + 1] offset (4 × index) of the left child
 *   nodes[4i + 2] offset of the right child
 *   nodes[4i + 3] float bits of the split threshold (go left when x &lt; threshold), or of the leaf value
 * </pre>
 * A missing value (NaN) follows the default direction. Child indices are global, so a tree is just its root index.
 * Immutable once built.
 */
final class Forest {
    private static final int STRIDE = 4;

    private final int[] nodes;
    /** Training cover (sum of hessians) of each node, for TreeSHAP; null when the artifact has no sum_hessian. */
    final float[] cover;
    /** Global index of each tree's root. */
    final int[] treeRoot;
    /** Output group (class or target) of each tree. */
    final int[] treeGroup;
    /** Trees of iteration {@code i} are {@code [iterationIndptr[i], iterationIndptr[i+1])}. */
    final int[] iterationIndptr;

    private Forest(int[] nodes, float[] cover, int[] treeRoot, int[] treeGroup, int[] iterationIndptr) {
        this.nodes = nodes;
        this.cover = cover;
        this.treeRoot = treeRoot;
        this.treeGroup = treeGroup;
        this.iterationIndptr = iterationIndptr;
    }

    int numTrees() {
        return treeRoot.length;
    }

    int numIterations() {
        return iterationIndptr.length - 1;
    }

    /** Heap bytes of the arrays (array headers included). */
    long estimatedBytes() {
        return bytes() + 5 * 16L;
    }

    int numNodes() {
        return nodes.length / STRIDE;
    }

    /** Split feature of node {@code i}, or -1 for a leaf. */
    int feature(int i) {
        int fd = nodes[i * STRIDE];
        return fd < 0 ? -1 : fd >>> 1;
    }

    /** Split threshold, or leaf value, of node {@code i}. */
    float value(int i) {
        return Float.intBitsToFloat(nodes[i * STRIDE + 3]);
    }

    int left(int i) {
        return nodes[i * STRIDE + 1] / STRIDE;
    }

    int right(int i) {
        return nodes[i * STRIDE + 2] / STRIDE;
    }

    boolean defaultLeft(int i) {
        return (nodes[i * STRIDE] & 1) != 0;
    }

    /** Bytes held by the node arrays (for cache budgets and the heap figure). */
    long bytes() {
        return 4L * nodes.length + (cover == null ? 0 : 4L * cover.length) + 4L * (treeRoot.length + treeGroup.length
                + iterationIndptr.length);
    }

    /** The leaf value that {@code row} reaches in the tree rooted at {@code root}. */
    float leaf(int root, float[] row, int rowOffset) {
        final int[] nd = nodes;
        int i = root * STRIDE;
        int fd;
        while ((fd = nd[i]) >= 0) {
            float x = row[rowOffset + (fd >>> 1)];
            float t = Float.intBitsToFloat(nd[i + 3]);
            if (x < t) {
                i = nd[i + 1];
            } else if (x >= t) {
                i = nd[i + 2];
            } else { // NaN: missing
                i = nd[i + 2 - (fd & 1)];
            }
        }
        return Float.intBitsToFloat(nd[i + 3]);
    }

    /** Accumulates trees, renumbering their nodes into one global index space. */
    static final class Builder {
        private int[] feature = new int[1024];
        private float[] value = new float[1024];
        private int[] left = new int[1024];
        private int[] right = new int[1024];
        private boolean[] defaultLeft = new boolean[1024];
        private float[] cover = new float[1024];
        private boolean hasCover = true;
        private final int[] roots;
        private int trees;
        private int size;

        Builder(int numTrees) {
            roots = new int[numTrees];
        }

        /** Adds one tree; {@code c} (per-node cover) may be null when the artifact has none. */
        void addTree(int[] l, int[] r, int[] f, float[] v, boolean[] d, float[] c) {
            hasCover &= c != null;
            int n = l.length;
            if ((long) size + n > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than 2^31 nodes");
            }
            ensure(size + n);
            roots[trees++] = size;
            for (int i = 0; i < n; i++) {
                int g = size + i;
                boolean leaf = l[i] < 0;
                feature[g] = leaf ? -1 : f[i];
                value[g] = v[i];
                left[g] = leaf ? -1 : size + l[i];
                right[g] = leaf ? -1 : size + r[i];
                defaultLeft[g] = d[i];
                cover[g] = c == null ? 0f : c[i];
            }
            size += n;
        }

        private void ensure(int capacity) {
            if (capacity <= feature.length) {
                return;
            }
            int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, (long) feature.length * 2));
            feature = Arrays.copyOf(feature, c);
            value = Arrays.copyOf(value, c);
            left = Arrays.copyOf(left, c);
            right = Arrays.copyOf(right, c);
            defaultLeft = Arrays.copyOf(defaultLeft, c);
            cover = Arrays.copyOf(cover, c);
        }

        Forest build(int[] treeGroup, int[] iterationIndptr) {
            int[] packed = new int[size * STRIDE];
            for (int i = 0; i < size; i++) {
                int o = i * STRIDE;
                boolean leaf = feature[i] < 0;
                packed[o] = leaf ? -1 : (feature[i] << 1) | (defaultLeft[i] ? 1 : 0);
                packed[o + 1] = leaf ? -1 : left[i] * STRIDE;
                packed[o + 2] = leaf ? -1 : right[i] * STRIDE;
                packed[o + 3] = Float.floatToRawIntBits(value[i]);
            }
            return new Forest(packed, hasCover ? Arrays.copyOf(cover, size) : null, roots.clone(), treeGroup.clone(),
                    iterationIndptr.clone());
        }
    }
}
