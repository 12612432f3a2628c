package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * {@link TreeShap}'s walk for a block of up to {@link #BLOCK} rows at once: every row visits every node of a tree in
 * the linear-time algorithm, and everything but the hot/cold side of each split (the slots of repeated features, the
 * zero fractions, the quadrature factors {@code a_j(u_q)} and their inverses) depends on the tree alone. So one walk
 * per tree decodes each node once for the block, and the per-row work is a few multiply-adds over arrays of rows.
 *
 * <p>Layout: every per-row quantity is its own array of {@link #BLOCK} doubles (per level, per quadrature point, per
 * feature), and every loop runs over the rows with the same index into each of its arrays, which is what HotSpot's
 * auto-vectoriser needs (JDK 21 and later vectorise these loops; JDK 17 runs them scalar).
 *
 * <p>Same values as the one-row walk (the same formulas; the cold rows' {@code (1-u)} factors are folded into the
 * running product instead of a power table, which changes rounding in the last bits of a double only). Per-thread
 * scratch; allocates nothing per call.
 */
final class TreeShapBlock {
    /** Rows per walk. */
    static final int BLOCK = 64;
    /**
     * Quadrature points of the fused walk (trees up to depth 6): a rule with fewer points is padded to it with
     * zero-weight points, which add nothing to any integral.
     */
    private static final int FUSED = 3;

    private final Forest forest;
    /** Quadrature points walked (the rule's, padded to {@link #FUSED}). */
    private final int n;
    private final int numFeatures;
    private final double[] u;
    private final double[] om;
    private final double[] coldFactor;
    private final double[] omega;
    /** Per node: bit 0 when its split feature appears again below its left child, bit 1 below its right child. */
    private final byte[] repeats;
    private final ThreadLocal<Scratch> scratch;

    TreeShapBlock(Forest forest, int maxDepth, int points, double[] nodes, double[] weights, int numFeatures,
            byte[] repeats) {
        this.forest = forest;
        this.repeats = repeats;
        this.n = Math.max(points, FUSED);
        this.numFeatures = numFeatures;
        this.u = new double[n];
        this.omega = new double[n];
        this.om = new double[n];
        this.coldFactor = new double[n];
        for (int q = 0; q < n; q++) {
            u[q] = q < points ? nodes[q] : 0.5;
            omega[q] = q < points ? weights[q] : 0.0;
            om[q] = 1.0 - u[q];
            coldFactor[q] = -1.0 / om[q];
        }
        int quadrature = n;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxDepth, quadrature, numFeatures));
    }

    /** Heap bytes of one thread's scratch. */
    long scratchBytes() {
        return scratch.get().bytes();
    }

    /**
     * SHAP values of {@code count} rows ({@code rows[from + r * nf]}) for the trees {@code roots}, added in double to
     * {@code acc[f][r]}.
     */
    void walk(int[] roots, float[] rows, int from, int nf, int count, double[][] acc) {
        Scratch s = scratch.get();
        float[][] xt = s.xt;
        int[][] high = s.keyHigh;
        int[][] low = s.keyLow;
        for (int r = 0; r < count; r++) { // feature-major copy: each split reads its feature's values contiguously
            int o = from + r * nf;
            for (int f = 0; f < nf; f++) {
                float x = rows[o + f];
                xt[f][r] = x;
                int key = CompleteTrees.key(x);
                boolean missing = x != x;
                high[f][r] = missing ? Integer.MAX_VALUE : key;
                low[f][r] = missing ? Integer.MIN_VALUE : key;
            }
        }
        s.count = count;
        s.acc = acc;
        for (int q = 0; q < n; q++) {
            Arrays.fill(s.prod[q], 0, count, 1.0);
        }
        Arrays.fill(s.zc[0], 0, count, 1.0);
        for (int root : roots) {
            visit(s, root, 0, 0);
        }
        s.acc = null;
    }

    /** A zeroed per-thread accumulator: {@code numFeatures} arrays of {@link #BLOCK} doubles. */
    double[][] accumulator() {
        double[][] a = scratch.get().phi;
        for (double[] f : a) {
            Arrays.fill(f, 0.0);
        }
        return a;
    }

    private void visit(Scratch s, int node, int level, int unique) {
        int f = forest.feature(node);
        int count = s.count;
        int lq = level * n;
        if (f < 0) {
            double v = forest.value(node);
            double[] zc = s.zc[level];
            if (n == FUSED) {
                double w0 = v * omega[0];
                double w1 = v * omega[1];
                double w2 = v * omega[2];
                double[] p0 = s.prod[lq];
                double[] p1 = s.prod[lq + 1];
                double[] p2 = s.prod[lq + 2];
                double[] s0 = s.sum[lq];
                double[] s1 = s.sum[lq + 1];
                double[] s2 = s.sum[lq + 2];
                for (int r = 0; r < count; r++) {
                    double z = zc[r];
                    s0[r] = w0 * z * p0[r];
                    s1[r] = w1 * z * p1[r];
                    s2[r] = w2 * z * p2[r];
                }
                return;
            }
            for (int q = 0; q < n; q++) {
                double w = v * omega[q];
                double[] pq = s.prod[lq + q];
                double[] sq = s.sum[lq + q];
                for (int r = 0; r < count; r++) {
                    sq[r] = w * zc[r] * pq[r];
                }
            }
            return;
        }
        double[] goL = s.goLeft[level];
        if (forest.isCategorical(node) || Float.isNaN(forest.value(node))) { // the keys order non-NaN thresholds
            float[] x = s.xt[f];
            for (int r = 0; r < count; r++) {
                goL[r] = forest.goesLeft(node, x[r]) ? 1.0 : 0.0;
            }
        } else {
            // x < threshold, or missing and the default is left: on order-preserving keys (see CompleteTrees) where a
            // missing value is below every threshold when it goes left, above every one when it goes right; no branch
            int[] k = forest.defaultLeft(node) ? s.keyLow[f] : s.keyHigh[f];
            long t = CompleteTrees.key(forest.value(node));
            for (int r = 0; r < count; r++) {
                goL[r] = (double) ((k[r] - t) >>> 63);
            }
        }
        int left = forest.left(node);
        float[] zf = forest.zeroFraction;
        float zLeft = zf[left];
        float zRight = zf[left + 1];
        int slot = s.slotOfFeature[f];
        int rep = repeats[node];
        edge(s, left, true, zLeft, f, slot, level, unique, (rep & 1) != 0);
        edge(s, left + 1, false, zRight, f, slot, level, unique, (rep & 2) != 0);
    }

    /**
     * Writes the quadrature factors {@code a_q = z (1 - u_q) + u_q} of zero fraction {@code z} to
     * {@code a[at + q]} and their inverses to {@code inv[at + q]}, with one division for all of them
     * ({@code 1/a_q = (Π_{p≠q} a_p) / Π_p a_p}).
     */
    private void factors(double z, double[] a, double[] inv, int at) {
        double p = 1.0;
        for (int q = 0; q < n; q++) {
            double aq = z * om[q] + u[q];
            a[at + q] = aq;
            inv[at + q] = p; // product of the factors before q
            p *= aq;
        }
        double rest = 1.0 / p;
        for (int q = n - 1; q >= 0; q--) {
            inv[at + q] *= rest;
            rest *= a[at + q];
        }
    }

    /**
     * One edge for the block: walks the child's subtree, pays feature {@code f} its share of the leaves below, and
     * adds the child's leaf-vector sum into its parent's ({@code leftSide}: the first edge, which sets it).
     * {@code repeated} tells whether the child's subtree splits on {@code f} again; when it does not, no lower version
     * of the feature's slot exists, so its exclusion sum stays zero and is neither cleared nor subtracted.
     */
    private void edge(Scratch s, int child, boolean leftSide, float zEdge, int f, int slot, int level, int unique,
            boolean repeated) {
        if (n == FUSED) {
            if (slot < 0) {
                fusedEdge(s, child, leftSide, zEdge, f, level, unique, repeated);
            } else {
                fusedRepeat(s, child, leftSide, zEdge, f, slot, level, unique, repeated);
            }
            return;
        }
        int count = s.count;
        int lq = level * n;
        int cq = lq + n;
        double[][] prod = s.prod;
        double[][] sum = s.sum;
        double[][] excl = s.excluded;
        double[] zp = s.zc[level];
        double[] zq = s.zc[level + 1];
        double[] goL = s.goLeft[level];
        double[] a = s.a;
        double[] hotCoef = s.hotCoef;
        double[] acc = s.acc[f];
        if (slot < 0) {
            int sl = unique;
            double z = zEdge;
            s.zero[sl] = z;
            factors(z, a, hotCoef, lq);
            for (int q = 0; q < n; q++) {
                s.inv[sl * n + q] = hotCoef[lq + q];
                hotCoef[lq + q] *= 1.0 - z;
            }
            double[] hot = s.hot[sl];
            double zm1 = 1.0 - z;
            for (int r = 0; r < count; r++) {
                double h = leftSide ? goL[r] : 1.0 - goL[r];
                hot[r] = h;
                zq[r] = zp[r] * (z + h * zm1);
            }
            for (int q = 0; q < n; q++) {
                double oq = om[q];
                double d = a[lq + q] - oq;
                double[] pp = prod[lq + q];
                double[] pc = prod[cq + q];
                for (int r = 0; r < count; r++) {
                    pc[r] = pp[r] * (oq + hot[r] * d);
                }
            }
            if (repeated) {
                for (int q = 0; q < n; q++) {
                    Arrays.fill(excl[sl * n + q], 0, count, 0.0);
                }
            }
            visitNew(s, child, f, level, sl);
            for (int q = 0; q < n; q++) {
                double cc = coldFactor[q];
                double d = hotCoef[lq + q] - cc;
                double[] sc = sum[cq + q];
                if (repeated) {
                    double[] eq = excl[sl * n + q];
                    for (int r = 0; r < count; r++) {
                        acc[r] += (cc + hot[r] * d) * (sc[r] - eq[r]);
                    }
                } else {
                    for (int r = 0; r < count; r++) {
                        acc[r] += (cc + hot[r] * d) * sc[r];
                    }
                }
                addSum(sum[lq + q], sc, count, leftSide);
            }
            return;
        }
        // A repeated feature: a new version of its slot for this subtree (see TreeShap).
        double[] hot = s.hot[slot];
        double zOld = s.zero[slot];
        double z = zOld * zEdge;
        double[] savedHot = s.savedHot[level];
        double[] savedInv = s.savedInv;
        for (int q = 0; q < n; q++) {
            savedInv[lq + q] = s.inv[slot * n + q];
        }
        factors(z, a, hotCoef, lq);
        for (int q = 0; q < n; q++) {
            s.inv[slot * n + q] = hotCoef[lq + q];
            hotCoef[lq + q] *= 1.0 - z;
        }
        double zm1 = 1.0 - z;
        for (int r = 0; r < count; r++) {
            double was = hot[r];
            double now = was * (leftSide ? goL[r] : 1.0 - goL[r]);
            savedHot[r] = was;
            hot[r] = now;
            zq[r] = zp[r] * (zEdge + was * (z + now * zm1 - zEdge));
        }
        for (int q = 0; q < n; q++) {
            double oq = om[q];
            double io = savedInv[lq + q];
            double d = a[lq + q] - oq;
            double[] pp = prod[lq + q];
            double[] pc = prod[cq + q];
            double[] eq = excl[slot * n + q];
            double[] sv = s.savedExcl[lq + q];
            for (int r = 0; r < count; r++) {
                pc[r] = pp[r] * (1.0 + savedHot[r] * (io * (oq + hot[r] * d) - 1.0));
                sv[r] = eq[r];
                eq[r] = 0;
            }
        }
        s.zero[slot] = z;
        visit(s, child, level + 1, unique);
        for (int q = 0; q < n; q++) {
            double cc = coldFactor[q];
            double d = hotCoef[lq + q] - cc;
            double[] sc = sum[cq + q];
            double[] eq = excl[slot * n + q];
            double[] sv = s.savedExcl[lq + q];
            for (int r = 0; r < count; r++) {
                acc[r] += (cc + hot[r] * d) * (sc[r] - eq[r]);
                eq[r] = sv[r] + sc[r];
            }
            addSum(sum[lq + q], sc, count, leftSide);
        }
        s.zero[slot] = zOld;
        for (int q = 0; q < n; q++) {
            s.inv[slot * n + q] = savedInv[lq + q];
        }
        System.arraycopy(savedHot, 0, hot, 0, count);
    }

    /**
     * {@link #edge} for a feature new on the path, fused over the three quadrature points: the walk down (zero-fraction
     * product, the three hot products) and back up (the feature's share, the parent's leaf-vector sums) are one pass
     * over the rows each. Each row's hot/cold side is read from the split's decisions (still in place below).
     */
    private void fusedEdge(Scratch s, int child, boolean leftSide, float zEdge, int f, int level, int unique,
            boolean repeated) {
        if (repeated) {
            fusedNewRepeated(s, child, leftSide, zEdge, f, level, unique);
            return;
        }
        int count = s.count;
        Factors k = s.factors[level];
        k.set(zEdge, om, u, coldFactor);
        double hs = leftSide ? 0.0 : 1.0; // the row is hot when it goes this way: h = hs + hm * goLeft
        double hm = leftSide ? 1.0 : -1.0;
        Level at = s.levels[level];
        down(at, s.levels[level + 1], count, hs, hm, zEdge, k, null);
        visitNew(s, child, f, level, unique);
        double[] acc = s.acc[f];
        Level below = s.levels[level + 1];
        for (int r = 0; r < count; r++) { // leftSide is loop-invariant: HotSpot unswitches the loop on it
            double h = hs + hm * at.goLeft[r];
            double v0 = below.s0[r];
            double v1 = below.s1[r];
            double v2 = below.s2[r];
            acc[r] += (k.c0 + h * k.e0) * v0 + (k.c1 + h * k.e1) * v1 + (k.c2 + h * k.e2) * v2;
            at.s0[r] = leftSide ? v0 : at.s0[r] + v0;
            at.s1[r] = leftSide ? v1 : at.s1[r] + v1;
            at.s2[r] = leftSide ? v2 : at.s2[r] + v2;
        }
    }

    /** Walks {@code child}'s subtree with feature {@code f} at path slot {@code unique}. */
    private void visitNew(Scratch s, int child, int f, int level, int unique) {
        s.slotOfFeature[f] = unique;
        visit(s, child, level + 1, unique + 1);
        s.slotOfFeature[f] = -1;
    }

    /**
     * The walk down an edge of a feature new on the path: each row's zero-fraction product takes {@code z} when it is
     * cold, and each hot product {@code a_q} (hot) or {@code 1 - u_q} (cold); {@code hot}, when not null, keeps the
     * rows' sides for lower versions of the feature.
     */
    private void down(Level at, Level below, int count, double hs, double hm, double z, Factors k, double[] hot) {
        double zm1 = 1.0 - z;
        double o0 = om[0];
        double o1 = om[1];
        double o2 = om[2];
        for (int r = 0; r < count; r++) {
            double h = hs + hm * at.goLeft[r];
            below.zc[r] = at.zc[r] * (z + h * zm1);
            below.p0[r] = at.p0[r] * (o0 + h * k.d0);
            below.p1[r] = at.p1[r] * (o1 + h * k.d1);
            below.p2[r] = at.p2[r] * (o2 + h * k.d2);
        }
        if (hot != null) {
            for (int r = 0; r < count; r++) {
                hot[r] = hs + hm * at.goLeft[r];
            }
        }
    }

    /** {@link #fusedEdge} when the subtree splits on the feature again: the slot's state and exclusion sums are kept. */
    private void fusedNewRepeated(Scratch s, int child, boolean leftSide, float zEdge, int f, int level, int unique) {
        int count = s.count;
        Factors k = s.factors[level];
        k.set(zEdge, om, u, coldFactor);
        double hs = leftSide ? 0.0 : 1.0;
        double hm = leftSide ? 1.0 : -1.0;
        s.zero[unique] = zEdge;
        int e = unique * FUSED;
        s.inv[e] = k.i0;
        s.inv[e + 1] = k.i1;
        s.inv[e + 2] = k.i2;
        double[] hot = s.hot[level]; // this version's hot rows (see fusedRepeat)
        s.hotOf[unique] = level;
        Level at = s.levels[level];
        down(at, s.levels[level + 1], count, hs, hm, zEdge, k, hot);
        double[] x0 = s.excluded[e];
        double[] x1 = s.excluded[e + 1];
        double[] x2 = s.excluded[e + 2];
        Arrays.fill(x0, 0, count, 0.0);
        Arrays.fill(x1, 0, count, 0.0);
        Arrays.fill(x2, 0, count, 0.0);
        visitNew(s, child, f, level, unique);
        double[] acc = s.acc[f];
        Level below = s.levels[level + 1];
        for (int r = 0; r < count; r++) {
            double h = hot[r];
            acc[r] += (k.c0 + h * k.e0) * (below.s0[r] - x0[r]) + (k.c1 + h * k.e1) * (below.s1[r] - x1[r])
                    + (k.c2 + h * k.e2) * (below.s2[r] - x2[r]);
        }
        addSums(s, level * FUSED, count, leftSide);
    }

    /**
     * {@link #edge} for a feature already on the path (at {@code slot}), fused over the three quadrature points: a new
     * version of the slot for this subtree, whose leaves are then excluded from the upper version's sum (see
     * {@link TreeShap}). {@code repeated}: the subtree splits on the feature yet again.
     */
    private void fusedRepeat(Scratch s, int child, boolean leftSide, float zEdge, int f, int slot, int level,
            int unique, boolean repeated) {
        int count = s.count;
        int e = slot * FUSED;
        double zOld = s.zero[slot];
        double z = zOld * zEdge;
        double zm1 = 1.0 - z;
        double[] inv = s.inv;
        double w0 = inv[e]; // the upper version's inverses
        double w1 = inv[e + 1];
        double w2 = inv[e + 2];
        Factors k = s.factors[level];
        k.set(z, om, u, coldFactor);
        double hs = leftSide ? 0.0 : 1.0;
        double hm = leftSide ? 1.0 : -1.0;
        // Per row, with was (hot above) and now (hot here too) each 0 or 1: the zero-fraction product takes
        // zEdge + was ((z - zEdge) + now (1 - z)), and hot product q takes 1 + was (b_q + now g_q), which swaps the
        // upper version's factor 1/a_q(old) for this version's a_q (hot) or (1 - u_q) (cold).
        double zd = z - zEdge;
        double b0 = w0 * om[0] - 1.0;
        double b1 = w1 * om[1] - 1.0;
        double b2 = w2 * om[2] - 1.0;
        double g0 = w0 * k.d0;
        double g1 = w1 * k.d1;
        double g2 = w2 * k.d2;
        int upper = s.hotOf[slot];
        double[] above = s.hot[upper];
        double[] hot = s.hot[level]; // this version's hot rows; the upper version's stay in place for its siblings
        s.hotOf[slot] = level;
        Level at = s.levels[level];
        Level below = s.levels[level + 1];
        for (int r = 0; r < count; r++) {
            double was = above[r];
            double now = was * (hs + hm * at.goLeft[r]);
            hot[r] = now;
            below.zc[r] = at.zc[r] * (zEdge + was * (zd + now * zm1));
            below.p0[r] = at.p0[r] * (1.0 + was * (b0 + now * g0));
            below.p1[r] = at.p1[r] * (1.0 + was * (b1 + now * g1));
            below.p2[r] = at.p2[r] * (1.0 + was * (b2 + now * g2));
        }
        double[] x0 = s.excluded[e];
        double[] x1 = s.excluded[e + 1];
        double[] x2 = s.excluded[e + 2];
        double[] acc = s.acc[f];
        s.zero[slot] = z;
        int lq = level * FUSED;
        double[] y0 = s.savedExcl[lq];
        double[] y1 = s.savedExcl[lq + 1];
        double[] y2 = s.savedExcl[lq + 2];
        if (repeated) { // lower versions read this one's inverses and report their leaves in its exclusion sums
            inv[e] = k.i0;
            inv[e + 1] = k.i1;
            inv[e + 2] = k.i2;
            System.arraycopy(x0, 0, y0, 0, count);
            System.arraycopy(x1, 0, y1, 0, count);
            System.arraycopy(x2, 0, y2, 0, count);
            Arrays.fill(x0, 0, count, 0.0);
            Arrays.fill(x1, 0, count, 0.0);
            Arrays.fill(x2, 0, count, 0.0);
        }
        visit(s, child, level + 1, unique);
        for (int r = 0; r < count; r++) { // repeated and leftSide are loop-invariant: HotSpot unswitches on them
            double h = hot[r];
            double v0 = below.s0[r];
            double v1 = below.s1[r];
            double v2 = below.s2[r];
            if (repeated) {
                acc[r] += (k.c0 + h * k.e0) * (v0 - x0[r]) + (k.c1 + h * k.e1) * (v1 - x1[r])
                        + (k.c2 + h * k.e2) * (v2 - x2[r]);
                x0[r] = y0[r] + v0;
                x1[r] = y1[r] + v1;
                x2[r] = y2[r] + v2;
            } else { // nothing below wrote this version's exclusion sums: the upper version's just grow
                acc[r] += (k.c0 + h * k.e0) * v0 + (k.c1 + h * k.e1) * v1 + (k.c2 + h * k.e2) * v2;
                x0[r] += v0;
                x1[r] += v1;
                x2[r] += v2;
            }
            at.s0[r] = leftSide ? v0 : at.s0[r] + v0;
            at.s1[r] = leftSide ? v1 : at.s1[r] + v1;
            at.s2[r] = leftSide ? v2 : at.s2[r] + v2;
        }
        if (repeated) {
            inv[e] = w0;
            inv[e + 1] = w1;
            inv[e + 2] = w2;
        }
        s.zero[slot] = zOld;
        s.hotOf[slot] = upper;
    }

    /** The fused walk's constants of one edge with zero fraction {@code z}, for three quadrature points. */
    private static final class Factors {
        /** {@code a_q = z (1 - u_q) + u_q}: a hot row's factor. */
        double a0;
        double a1;
        double a2;
        /** {@code 1 / a_q}. */
        double i0;
        double i1;
        double i2;
        /** {@code a_q - (1 - u_q)}: a hot row's factor minus a cold row's. */
        double d0;
        double d1;
        double d2;
        /** {@code -1 / (1 - u_q)}: a cold row's share coefficient. */
        double c0;
        double c1;
        double c2;
        /** {@code (1 - z) / a_q - coldFactor_q}: a hot row's share coefficient minus a cold row's. */
        double e0;
        double e1;
        double e2;

        void set(double z, double[] om, double[] u, double[] cold) {
            a0 = z * om[0] + u[0];
            a1 = z * om[1] + u[1];
            a2 = z * om[2] + u[2];
            double all = 1.0 / (a0 * a1 * a2); // one division for the three inverses
            i0 = a1 * a2 * all;
            i1 = a0 * a2 * all;
            i2 = a0 * a1 * all;
            d0 = a0 - om[0];
            d1 = a1 - om[1];
            d2 = a2 - om[2];
            c0 = cold[0];
            c1 = cold[1];
            c2 = cold[2];
            double zm1 = 1.0 - z;
            e0 = zm1 * i0 - cold[0];
            e1 = zm1 * i1 - cold[1];
            e2 = zm1 * i2 - cold[2];
        }
    }

    /** One level's rows in the fused walk: its three hot products and leaf sums, zero-fraction product, decisions. */
    private static final class Level {
        final double[] p0;
        final double[] p1;
        final double[] p2;
        final double[] s0;
        final double[] s1;
        final double[] s2;
        final double[] zc;
        final double[] goLeft;

        Level(Scratch s, int level) {
            int lq = level * FUSED;
            p0 = s.prod[lq];
            p1 = s.prod[lq + 1];
            p2 = s.prod[lq + 2];
            s0 = s.sum[lq];
            s1 = s.sum[lq + 1];
            s2 = s.sum[lq + 2];
            zc = s.zc[level];
            goLeft = s.goLeft[level];
        }
    }

    /** Every quadrature point's parent sum (at level offset {@code lq}) from the child's ({@link #addSum}). */
    private void addSums(Scratch s, int lq, int count, boolean first) {
        for (int q = 0; q < n; q++) {
            addSum(s.sum[lq + q], s.sum[lq + n + q], count, first);
        }
    }

    /** A parent's leaf-vector sum {@code to}: set from its first child's {@code from}, or added to. */
    private static void addSum(double[] to, double[] from, int count, boolean first) {
        if (first) {
            System.arraycopy(from, 0, to, 0, count);
        } else {
            for (int r = 0; r < count; r++) {
                to[r] += from[r];
            }
        }
    }

    /** Per-thread buffers: one array of {@link #BLOCK} doubles per level (and quadrature point), slot or feature. */
    private static final class Scratch {
        /** Per feature: its slot on the current path, or -1. */
        final int[] slotOfFeature;
        final double[] zero;
        final double[] inv;
        final double[] savedInv;
        final double[] a;
        final double[] hotCoef;
        /**
         * Hot rows of each feature version: per slot in the general walk (with {@link #savedHot}), per level where the
         * version began in the fused walk (with {@link #hotOf}).
         */
        final double[][] hot;
        /** Fused walk: the level whose {@link #hot} row holds each slot's current version. */
        final int[] hotOf;
        /** Per level. */
        final double[][] savedHot;
        final double[][] goLeft;
        final double[][] zc;
        /** Per slot and quadrature point. */
        final double[][] excluded;
        /** Per level and quadrature point. */
        final double[][] savedExcl;
        final double[][] prod;
        final double[][] sum;
        /** Per feature. */
        final double[][] phi;
        final float[][] xt;
        /** Fused walk (three quadrature points): per level, views of its rows and its edge's constants; else empty. */
        final Level[] levels;
        final Factors[] factors;
        /** Per feature: the rows' order-preserving keys, a missing value as the largest key or the smallest. */
        final int[][] keyHigh;
        final int[][] keyLow;
        int count;
        double[][] acc;

        Scratch(int maxDepth, int n, int numFeatures) {
            int slots = maxDepth + 1;
            int levels = maxDepth + 2;
            slotOfFeature = new int[numFeatures];
            Arrays.fill(slotOfFeature, -1);
            zero = new double[slots];
            inv = new double[slots * n];
            savedInv = new double[levels * n];
            a = new double[levels * n];
            hotCoef = new double[levels * n];
            hot = new double[levels][BLOCK];
            hotOf = new int[slots];
            savedHot = new double[levels][BLOCK];
            goLeft = new double[levels][BLOCK];
            zc = new double[levels][BLOCK];
            excluded = new double[slots * n][BLOCK];
            savedExcl = new double[levels * n][BLOCK];
            prod = new double[levels * n][BLOCK];
            sum = new double[levels * n][BLOCK];
            phi = new double[numFeatures][BLOCK];
            xt = new float[numFeatures][BLOCK];
            keyHigh = new int[numFeatures][BLOCK];
            keyLow = new int[numFeatures][BLOCK];
            this.levels = new Level[n == FUSED ? levels : 0];
            factors = new Factors[this.levels.length];
            for (int l = 0; l < this.levels.length; l++) {
                this.levels[l] = new Level(this, l);
                factors[l] = new Factors();
            }
        }

        long bytes() {
            long rowArray = 16 + 8L * BLOCK;
            long rowArrays = (long) hot.length + savedHot.length + goLeft.length + zc.length + excluded.length
                    + savedExcl.length + prod.length + sum.length + phi.length;
            long tables = 10 * 16L + 4L * (hot.length + savedHot.length + goLeft.length + zc.length + excluded.length
                    + savedExcl.length + prod.length + sum.length + phi.length + xt.length);
            return 20 * 16L + 4L * slotOfFeature.length + 8L * (zero.length + inv.length + savedInv.length + a.length
                    + hotCoef.length) + rowArrays * rowArray + 3L * xt.length * (16 + 4L * BLOCK) + tables;
        }
    }
}
