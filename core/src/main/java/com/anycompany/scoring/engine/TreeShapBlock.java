package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * {@link TreeShap}'s walk for a block of up to {@link #BLOCK} rows at once: every row visits every node of a tree in
 * the linear-time algorithm, and everything but the hot/cold side of each split (the slots of repeated features, the
 * zero fractions, the quadrature factors {@code a_j(u_q)} and their inverses) depends on the tree alone. So one walk
 * per tree decodes each node once for the block, and the per-row work is a few multiply-adds over arrays of rows.
 *
 * <p>Same values as the one-row walk (the same formulas; the cold rows' {@code (1-u)} factors are folded into the
 * running product instead of a power table, which changes rounding in the last bits of a double only). Per-thread
 * scratch; allocates nothing per call.
 */
final class TreeShapBlock {
    /** Rows per walk. */
    static final int BLOCK = 64;

    private final Forest forest;
    private final int n;
    private final int numFeatures;
    private final double[] u;
    private final double[] om;
    private final double[] coldFactor;
    private final double[] omega;
    private final ThreadLocal<Scratch> scratch;

    TreeShapBlock(Forest forest, int maxDepth, int n, double[] u, double[] omega, int numFeatures) {
        this.forest = forest;
        this.n = n;
        this.numFeatures = numFeatures;
        this.u = u;
        this.omega = omega;
        this.om = new double[n];
        this.coldFactor = new double[n];
        for (int q = 0; q < n; q++) {
            om[q] = 1.0 - u[q];
            coldFactor[q] = -1.0 / om[q];
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxDepth, n, numFeatures));
    }

    /** Heap bytes of one thread's scratch. */
    long scratchBytes() {
        return scratch.get().bytes();
    }

    /**
     * SHAP values of {@code count} rows ({@code rows[from + r * nf]}) for the trees {@code roots}, added in double to
     * {@code acc[f * BLOCK + r]} (feature-major).
     */
    void walk(int[] roots, float[] rows, int from, int nf, int count, double[] acc) {
        Scratch s = scratch.get();
        float[] xt = s.xt;
        for (int r = 0; r < count; r++) { // feature-major copy: each split reads its feature's values contiguously
            int o = from + r * nf;
            for (int f = 0; f < nf; f++) {
                xt[f * BLOCK + r] = rows[o + f];
            }
        }
        s.count = count;
        s.acc = acc;
        for (int q = 0; q < n; q++) {
            Arrays.fill(s.prod, q * BLOCK, q * BLOCK + count, 1.0);
        }
        Arrays.fill(s.zc, 0, count, 1.0);
        for (int root : roots) {
            visit(s, root, 0, 0);
        }
        s.acc = null;
    }

    /** A zeroed per-thread accumulator of {@code numFeatures * BLOCK} doubles. */
    double[] accumulator() {
        double[] a = scratch.get().phi;
        Arrays.fill(a, 0.0);
        return a;
    }

    private void visit(Scratch s, int node, int level, int unique) {
        int f = forest.feature(node);
        int count = s.count;
        double[] sum = s.sum;
        double[] prod = s.prod;
        int lo = level * n * BLOCK;
        if (f < 0) {
            double v = forest.value(node);
            double[] zc = s.zc;
            int zo = level * BLOCK;
            for (int q = 0; q < n; q++) {
                double w = v * omega[q];
                int o = lo + q * BLOCK;
                for (int r = 0; r < count; r++) {
                    sum[o + r] = w * zc[zo + r] * prod[o + r];
                }
            }
            return;
        }
        double[] goL = s.goLeft;
        int go = level * BLOCK;
        float[] xt = s.xt;
        int xo = f * BLOCK;
        for (int r = 0; r < count; r++) {
            goL[go + r] = forest.goesLeft(node, xt[xo + r]) ? 1.0 : 0.0;
        }
        int left = forest.left(node);
        float[] cover = forest.cover;
        float c = cover[node];
        float zLeft = cover[left] / c;
        float zRight = cover[left + 1] / c;
        int slot = TreeShap.slotOf(s.feature, unique, f);
        int co = lo + n * BLOCK;
        edge(s, left, true, zLeft, f, slot, level, unique);
        System.arraycopy(sum, co, sum, lo, n * BLOCK);
        edge(s, left + 1, false, zRight, f, slot, level, unique);
        for (int q = 0; q < n; q++) {
            int o = q * BLOCK;
            for (int r = 0; r < count; r++) {
                sum[lo + o + r] += sum[co + o + r];
            }
        }
    }

    private void edge(Scratch s, int child, boolean leftSide, float zEdge, int f, int slot, int level, int unique) {
        int count = s.count;
        int po = level * n * BLOCK;
        int co = po + n * BLOCK;
        int zo = level * BLOCK;
        int zco = zo + BLOCK;
        double[] prod = s.prod;
        double[] zc = s.zc;
        double[] sum = s.sum;
        double[] excl = s.excluded;
        double[] goL = s.goLeft;
        double[] hot = s.hot;
        double[] a = s.a;
        double[] hotCoef = s.hotCoef;
        double[] acc = s.acc;
        int ao = f * BLOCK;
        if (slot < 0) {
            int sl = unique;
            s.feature[sl] = f;
            double z = zEdge;
            s.zero[sl] = z;
            for (int q = 0; q < n; q++) {
                double aq = z * om[q] + u[q];
                a[level * n + q] = aq;
                s.inv[sl * n + q] = 1.0 / aq;
                hotCoef[level * n + q] = (1.0 - z) / aq;
            }
            int ho = sl * BLOCK;
            double zm1 = 1.0 - z;
            for (int r = 0; r < count; r++) {
                double h = leftSide ? goL[zo + r] : 1.0 - goL[zo + r];
                hot[ho + r] = h;
                zc[zco + r] = zc[zo + r] * (z + h * zm1);
            }
            for (int q = 0; q < n; q++) {
                double oq = om[q];
                double d = a[level * n + q] - oq;
                int o = q * BLOCK;
                int eo = (sl * n + q) * BLOCK;
                for (int r = 0; r < count; r++) {
                    prod[co + o + r] = prod[po + o + r] * (oq + hot[ho + r] * d);
                    excl[eo + r] = 0;
                }
            }
            visit(s, child, level + 1, unique + 1);
            for (int q = 0; q < n; q++) {
                double cc = coldFactor[q];
                double d = hotCoef[level * n + q] - cc;
                int o = q * BLOCK;
                int eo = (sl * n + q) * BLOCK;
                for (int r = 0; r < count; r++) {
                    acc[ao + r] += (cc + hot[ho + r] * d) * (sum[co + o + r] - excl[eo + r]);
                }
            }
            return;
        }
        // A repeated feature: a new version of its slot for this subtree (see TreeShap).
        int ho = slot * BLOCK;
        double zOld = s.zero[slot];
        double z = zOld * zEdge;
        double[] savedHot = s.savedHot;
        double[] savedExcl = s.savedExcl;
        double[] savedInv = s.savedInv;
        for (int q = 0; q < n; q++) {
            double aq = z * om[q] + u[q];
            a[level * n + q] = aq;
            savedInv[level * n + q] = s.inv[slot * n + q];
            s.inv[slot * n + q] = 1.0 / aq;
            hotCoef[level * n + q] = (1.0 - z) / aq;
        }
        double zm1 = 1.0 - z;
        for (int r = 0; r < count; r++) {
            double was = hot[ho + r];
            double now = was * (leftSide ? goL[zo + r] : 1.0 - goL[zo + r]);
            savedHot[zo + r] = was;
            hot[ho + r] = now;
            zc[zco + r] = zc[zo + r] * (zEdge + was * (z + now * zm1 - zEdge));
        }
        for (int q = 0; q < n; q++) {
            double oq = om[q];
            double io = savedInv[level * n + q];
            double d = a[level * n + q] - oq;
            int o = q * BLOCK;
            int eo = (slot * n + q) * BLOCK;
            for (int r = 0; r < count; r++) {
                prod[co + o + r] = prod[po + o + r] * (1.0 + savedHot[zo + r] * (io * (oq + hot[ho + r] * d) - 1.0));
                savedExcl[po + o + r] = excl[eo + r];
                excl[eo + r] = 0;
            }
        }
        s.zero[slot] = z;
        visit(s, child, level + 1, unique);
        for (int q = 0; q < n; q++) {
            double cc = coldFactor[q];
            double d = hotCoef[level * n + q] - cc;
            int o = q * BLOCK;
            int eo = (slot * n + q) * BLOCK;
            for (int r = 0; r < count; r++) {
                acc[ao + r] += (cc + hot[ho + r] * d) * (sum[co + o + r] - excl[eo + r]);
                excl[eo + r] = savedExcl[po + o + r] + sum[co + o + r];
            }
        }
        s.zero[slot] = zOld;
        for (int q = 0; q < n; q++) {
            s.inv[slot * n + q] = savedInv[level * n + q];
        }
        System.arraycopy(savedHot, zo, hot, ho, count);
    }

    /** Per-thread buffers, row-minor ({@code [... * BLOCK + row]}). */
    private static final class Scratch {
        final int[] feature;
        final double[] zero;
        final double[] inv;
        final double[] savedInv;
        final double[] a;
        final double[] hotCoef;
        final double[] hot;
        final double[] savedHot;
        final double[] goLeft;
        final double[] excluded;
        final double[] savedExcl;
        final double[] prod;
        final double[] zc;
        final double[] sum;
        final double[] phi;
        final float[] xt;
        int count;
        double[] acc;

        Scratch(int maxDepth, int n, int numFeatures) {
            int slots = maxDepth + 1;
            int levels = maxDepth + 2;
            feature = new int[slots];
            zero = new double[slots];
            inv = new double[slots * n];
            savedInv = new double[levels * n];
            a = new double[levels * n];
            hotCoef = new double[levels * n];
            hot = new double[slots * BLOCK];
            savedHot = new double[levels * BLOCK];
            goLeft = new double[levels * BLOCK];
            excluded = new double[slots * n * BLOCK];
            savedExcl = new double[levels * n * BLOCK];
            prod = new double[levels * n * BLOCK];
            zc = new double[levels * BLOCK];
            sum = new double[levels * n * BLOCK];
            phi = new double[numFeatures * BLOCK];
            xt = new float[numFeatures * BLOCK];
        }

        long bytes() {
            return 20 * 16L + 4L * feature.length + 8L * (zero.length + inv.length + savedInv.length + a.length
                    + hotCoef.length + excluded.length + savedExcl.length + prod.length + zc.length + sum.length
                    + phi.length + hot.length + savedHot.length + goLeft.length) + 4L * xt.length;
        }
    }
}
