package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * All trees of a model in flat primitive arrays: node {@code i} splits on {@code feature[i]} at {@code value[i]}
 * (go left when {@code x < value}, NaN follows {@code defaultLeft}), or is a leaf ({@code feature[i] < 0}) worth
 * {@code value[i]}. Child indices are global, so a tree is just its root index. Immutable once built.
 */
final class Forest {
    final int[] feature;
    final float[] value;
    final int[] left;
    final int[] right;
    final boolean[] defaultLeft;
    /** Global index of each tree's root. */
    final int[] treeRoot;
    /** Output group (class or target) of each tree. */
    final int[] treeGroup;
    /** Trees of iteration {@code i} are {@code [iterationIndptr[i], iterationIndptr[i+1])}. */
    final int[] iterationIndptr;

    private Forest(int[] feature, float[] value, int[] left, int[] right, boolean[] defaultLeft, int[] treeRoot,
            int[] treeGroup, int[] iterationIndptr) {
        this.feature = feature;
        this.value = value;
        this.left = left;
        this.right = right;
        this.defaultLeft = defaultLeft;
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
        long nodes = feature.length;
        return nodes * (4 + 4 + 4 + 4 + 1) + 4L * (treeRoot.length + treeGroup.length + iterationIndptr.length)
                + 8 * 16L;
    }

    int numNodes() {
        return feature.length;
    }

    /** The leaf value that {@code row} reaches in the tree rooted at {@code node}. */
    float leaf(int node, float[] row, int rowOffset) {
        int n = node;
        int f;
        while ((f = feature[n]) >= 0) {
            float x = row[rowOffset + f];
            if (x < value[n]) {
                n = left[n];
            } else if (x >= value[n]) {
                n = right[n];
            } else { // NaN: missing
                n = defaultLeft[n] ? left[n] : right[n];
            }
        }
        return value[n];
    }

    /** Accumulates trees, renumbering their nodes into one global index space. */
    static final class Builder {
        private int[] feature = new int[1024];
        private float[] value = new float[1024];
        private int[] left = new int[1024];
        private int[] right = new int[1024];
        private boolean[] defaultLeft = new boolean[1024];
        private final int[] roots;
        private int trees;
        private int size;

        Builder(int numTrees) {
            roots = new int[numTrees];
        }

        void addTree(int[] l, int[] r, int[] f, float[] v, boolean[] d) {
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
        }

        Forest build(int[] treeGroup, int[] iterationIndptr) {
            return new Forest(Arrays.copyOf(feature, size), Arrays.copyOf(value, size), Arrays.copyOf(left, size),
                    Arrays.copyOf(right, size), Arrays.copyOf(defaultLeft, size), roots.clone(), treeGroup.clone(),
                    iterationIndptr.clone());
        }
    }
}
