package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * {@link TreeShap}'s walk for one row when three quadrature points suffice (trees up to depth 6; a shorter rule is
 * padded with zero-weight points): the same algorithm and values as {@link TreeShapBlock} for a block of one row, with
 * every per-row quantity in a local variable instead of an array. The hot products travel down the recursion as
 * arguments (a cold edge multiplies them by {@code 1 - u_q}, a hot one by {@code a_q}), each subtree hands its three
 * leaf sums back in the scratch, and a repeated feature's upper version is saved in the caller's locals, so nothing is
 * copied or restored through arrays. Per-thread scratch; allocates nothing per call.
 *
 * <p>The hot products start at the quadrature weights (a leaf's sums are its value times them). A node's kind (leaf,
 * split whose two children are leaves) is read from its byte in the repeat table ({@link TreeShap#LEAF},
 * {@link TreeShap#LAST_LEVEL}) rather than from its children's nodes. A split whose two children are leaves takes no
 * call: {@code lastLevel} for a feature new on the path, {@code lastLevelOnPath} for one already on it (both in
 * closed form). An edge whose subtree does not split on its feature again opens no version of it. On the bench
 * model (300 trees, depth 6) one row costs 235-242 us in thread CPU time against 293-303 us before these changes and
 * the one-compare {@link Forest#side} (docs/engine-performance.md, "One row").
 */
final class TreeShapRow {
    private final Forest forest;
    private final byte[] repeats;
    private final double u0;
    private final double u1;
    private final double u2;
    private final double o0;
    private final double o1;
    private final double o2;
    private final double w0;
    private final double w1;
    private final double w2;
    private final double c0;
    private final double c1;
    private final double c2;
    private final ThreadLocal<Scratch> scratch;

    /** {@code points} (at most 3) Gauss-Legendre nodes and weights on (0, 1). */
    TreeShapRow(Forest forest, int maxDepth, int points, double[] nodes, double[] weights, int numFeatures,
            byte[] repeats) {
        if (points > 3) {
            throw new IllegalArgumentException("the one-row walk takes at most three quadrature points");
        }
        this.forest = forest;
        this.repeats = repeats;
        double[] u = new double[3];
        double[] w = new double[3];
        for (int q = 0; q < 3; q++) {
            u[q] = q < points ? nodes[q] : 0.5;
            w[q] = q < points ? weights[q] : 0.0;
        }
        u0 = u[0];
        u1 = u[1];
        u2 = u[2];
        o0 = 1.0 - u0;
        o1 = 1.0 - u1;
        o2 = 1.0 - u2;
        w0 = w[0];
        w1 = w[1];
        w2 = w[2];
        c0 = -1.0 / o0;
        c1 = -1.0 / o1;
        c2 = -1.0 / o2;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxDepth, numFeatures));
    }

    /** Heap bytes of one thread's scratch. */
    long scratchBytes() {
        return scratch.get().bytes();
    }

    /** A zeroed per-thread accumulator of one value per feature, for {@link #walk}. */
    double[] accumulator() {
        double[] a = scratch.get().phi;
        Arrays.fill(a, 0.0);
        return a;
    }

    /** Adds the SHAP values of {@code x} for the trees {@code roots} to {@code acc} (from {@link #accumulator()}). */
    void walk(int[] roots, float[] x, double[] acc) {
        Scratch s = scratch.get();
        s.acc = acc;
        for (int root : roots) {
            visit(s, x, root, 0, w0, w1, w2, 1.0);
        }
        s.acc = null;
    }

    /**
     * Walks the subtree at {@code node} with {@code unique} features on the path, hot products {@code p0..p2} (each
     * starting at its quadrature weight {@code w_q}, so a leaf's sums are {@code v p_q}) and
     * cold zero-fraction product {@code zc}; leaves its three leaf sums in {@code s.r0..r2}.
     */
    private void visit(Scratch s, float[] x, int node, int unique, double p0, double p1, double p2, double zc) {
        int kind = repeats[node];
        if ((kind & TreeShap.LEAF) != 0) {
            leafSums(s, forest.leafValue(node) * zc, p0, p1, p2);
            return;
        }
        int f = forest.splitFeature(node);
        int left = forest.splitLeft(node);
        float[] zf = forest.zeroFraction;
        int slot = s.slotOfFeature[f];
        int rep = kind & 3;
        if (slot < 0 && rep == 0) { // the common case, in line: a feature new on the path and not split on below
            if ((kind & TreeShap.LAST_LEVEL) != 0) {
                lastLevel(s, x, node, f, left, p0, p1, p2, zc);
                return;
            }
            int side = forest.side(node, x[f]);
            int hotChild = left + side;
            int coldChild = left + 1 - side;
            double z = zf[hotChild];
            double a0 = z * o0 + u0;
            double a1 = z * o1 + u1;
            double a2 = z * o2 + u2;
            // no slot for f: nothing below splits on it again (rep == 0), so nothing below looks it up
            child(s, x, hotChild, unique + 1, p0 * a0, p1 * a1, p2 * a2, zc);
            double h0 = s.r0;
            double h1 = s.r1;
            double h2 = s.r2;
            child(s, x, coldChild, unique + 1, p0 * o0, p1 * o1, p2 * o2, zc * zf[coldChild]);
            share(s, f, z, a0, a1, a2, h0, h1, h2);
            return;
        }
        int side = forest.side(node, x[f]);
        boolean goesLeft = side == 0;
        edge(s, x, left, zf[left], goesLeft, f, slot, unique, p0, p1, p2, zc, (rep & 1) != 0);
        double t0 = s.r0;
        double t1 = s.r1;
        double t2 = s.r2;
        edge(s, x, left + 1, zf[left + 1], !goesLeft, f, slot, unique, p0, p1, p2, zc, (rep & 2) != 0);
        s.r0 += t0;
        s.r1 += t1;
        s.r2 += t2;
    }

    /** A leaf's three sums: its value {@code v} (times the cold zero fractions) per quadrature point. */
    private void leafSums(Scratch s, double v, double p0, double p1, double p2) {
        s.r0 = v * p0;
        s.r1 = v * p1;
        s.r2 = v * p2;
    }

    /**
     * {@link #visit} of a child: a leaf, or a split on a feature new on the path whose children are both leaves (half
     * the splits of a full tree, {@link #lastLevel}), in line without the recursive call.
     */
    private void child(Scratch s, float[] x, int node, int unique, double p0, double p1, double p2, double zc) {
        int kind = repeats[node];
        if ((kind & TreeShap.LEAF) != 0) {
            leafSums(s, forest.leafValue(node) * zc, p0, p1, p2);
            return;
        }
        if ((kind & TreeShap.LAST_LEVEL) != 0) {
            int left = forest.splitLeft(node);
            int f = forest.splitFeature(node);
            int slot = s.slotOfFeature[f];
            if (slot < 0) {
                lastLevel(s, x, node, f, left, p0, p1, p2, zc);
            } else {
                lastLevelOnPath(s, x, node, f, slot, left, p0, p1, p2, zc);
            }
            return;
        }
        visit(s, x, node, unique, p0, p1, p2, zc);
    }

    /**
     * Pays feature {@code f} its share at a split whose hot child (zero fraction {@code z}, factors {@code a_q}) left
     * the leaf sums {@code h_q} and whose cold child left its sums in {@code s.r0..r2}; leaves the split's sums there.
     */
    private void share(Scratch s, int f, double z, double a0, double a1, double a2, double h0, double h1,
            double h2) {
        double k0 = s.r0;
        double k1 = s.r1;
        double k2 = s.r2;
        s.acc[f] += (1.0 - z) / (a0 * a1 * a2) * (a1 * a2 * h0 + a0 * a2 * h1 + a0 * a1 * h2)
                + c0 * k0 + c1 * k1 + c2 * k2;
        s.r0 = h0 + k0;
        s.r1 = h1 + k1;
        s.r2 = h2 + k2;
    }

    /**
     * {@link #visit}'s common case for a split on a feature new on the path whose children {@code left} and
     * {@code left + 1} are both leaves: the same sums, computed in line.
     */
    private void lastLevel(Scratch s, float[] x, int node, int f, int left, double p0, double p1, double p2,
            double zc) {
        float[] zf = forest.zeroFraction;
        int hot = left + forest.side(node, x[f]);
        int cold = 2 * left + 1 - hot;
        double v = forest.leafValue(hot) * zc;
        double vc = forest.leafValue(cold) * (zc * zf[cold]);
        double z = zf[hot];
        double a0 = z * o0 + u0;
        double a1 = z * o1 + u1;
        double a2 = z * o2 + u2;
        // visit's sums with both children's leaf sums written out: h_q = v p_q a_q and k_q = vc p_q o_q, so
        // the hot share (1 - z) / (a0 a1 a2) (a1 a2 h0 + a0 a2 h1 + a0 a1 h2) is (1 - z) v W and the cold share
        // sum_q c_q k_q (c_q = -1 / o_q) is -vc W, with W = sum_q p_q
        s.acc[f] += ((1.0 - z) * v - vc) * (p0 + p1 + p2);
        s.r0 = p0 * (v * a0 + vc * o0);
        s.r1 = p1 * (v * a1 + vc * o1);
        s.r2 = p2 * (v * a2 + vc * o2);
    }

    /**
     * {@link #lastLevel} for a split on a feature already on the path (at {@code slot}): the two {@link #oldSlot}
     * edges to leaves written out. A cold upper version ({@code !was}) keeps the feature cold, each leaf's sums are
     * {@code p_q z_edge v} and its share {@code sum_q c_q} of them; a hot one swaps its factor for the merged
     * one's ({@code 1 / a_q} of the upper version is {@code s.inv}), so the hot leaf's sums are
     * {@code p_q inv_q a_q(z) v} with share {@code (1 - z) v sum_q p_q inv_q}, and the cold leaf's
     * {@code p_q inv_q (1 - u_q) z v_c} with share {@code -z v_c sum_q p_q inv_q}. Both leaves' sums join the
     * upper version's exclusion sums.
     */
    private void lastLevelOnPath(Scratch s, float[] x, int node, int f, int slot, int left, double p0, double p1,
            double p2, double zc) {
        float[] zf = forest.zeroFraction;
        int hot = left + forest.side(node, x[f]);
        int cold = 2 * left + 1 - hot;
        double v = forest.leafValue(hot) * zc;
        double vc = forest.leafValue(cold) * zc;
        int e = slot * 3;
        double r0;
        double r1;
        double r2;
        if (!s.hot[slot]) {
            double sum = zf[hot] * v + zf[cold] * vc;
            r0 = p0 * sum;
            r1 = p1 * sum;
            r2 = p2 * sum;
            s.acc[f] += c0 * r0 + c1 * r1 + c2 * r2;
        } else {
            double zOld = s.zero[slot];
            double z = zOld * zf[hot];
            double zColdV = zOld * zf[cold] * vc;
            double i0 = p0 * s.inv[e];
            double i1 = p1 * s.inv[e + 1];
            double i2 = p2 * s.inv[e + 2];
            s.acc[f] += ((1.0 - z) * v - zColdV) * (i0 + i1 + i2);
            r0 = i0 * ((z * o0 + u0) * v + o0 * zColdV);
            r1 = i1 * ((z * o1 + u1) * v + o1 * zColdV);
            r2 = i2 * ((z * o2 + u2) * v + o2 * zColdV);
        }
        s.excl[e] += r0;
        s.excl[e + 1] += r1;
        s.excl[e + 2] += r2;
        s.r0 = r0;
        s.r1 = r1;
        s.r2 = r2;
    }

    /**
     * One edge to {@code child} (hot when the row goes that way) on feature {@code f}, new on the path
     * ({@code slot < 0}) or a new version of its {@code slot}; {@code repeated}: the child's subtree splits on
     * {@code f} again. Pays the feature its share and leaves the child's leaf sums in {@code s.r0..r2}.
     */
    private void edge(Scratch s, float[] x, int child, float zEdge, boolean isHot, int f, int slot, int unique,
            double p0, double p1, double p2, double zc, boolean repeated) {
        double[] acc = s.acc;
        if (slot < 0) {
            double z = zEdge;
            if (!repeated) { // nothing below looks the feature up
                edgePlain(s, x, child, z, isHot, f, unique, p0, p1, p2, zc, acc);
                return;
            }
            s.slotOfFeature[f] = unique;
            edgeNew(s, x, child, z, isHot, f, unique, p0, p1, p2, zc, repeated, acc);
            s.slotOfFeature[f] = -1;
            return;
        }
        oldSlot(s, x, child, zEdge, isHot, f, slot, unique, p0, p1, p2, zc, acc, repeated);
    }

    /**
     * {@link #edgeNew} for a feature whose subtree below does not split on it again, with the hot and cold factors
     * and share multipliers selected rather than branched on (the side follows the data).
     */
    private void edgePlain(Scratch s, float[] x, int child, double z, boolean isHot, int f, int unique, double p0,
            double p1, double p2, double zc, double[] acc) {
        double a0 = z * o0 + u0;
        double a1 = z * o1 + u1;
        double a2 = z * o2 + u2;
        double inv = (1.0 - z) / (a0 * a1 * a2);
        double g0 = isHot ? a0 : o0;
        double g1 = isHot ? a1 : o1;
        double g2 = isHot ? a2 : o2;
        double zcc = isHot ? zc : zc * z;
        double m0 = isHot ? inv * (a1 * a2) : c0;
        double m1 = isHot ? inv * (a0 * a2) : c1;
        double m2 = isHot ? inv * (a0 * a1) : c2;
        child(s, x, child, unique + 1, p0 * g0, p1 * g1, p2 * g2, zcc);
        acc[f] += m0 * s.r0 + m1 * s.r1 + m2 * s.r2;
    }

    /** {@link #edge} for a feature new on the path (now at slot {@code unique}). */
    private void edgeNew(Scratch s, float[] x, int child, double z, boolean isHot, int f, int unique, double p0,
            double p1, double p2, double zc, boolean repeated, double[] acc) {
        if (isHot) {
            double a0 = z * o0 + u0;
            double a1 = z * o1 + u1;
            double a2 = z * o2 + u2;
            double inv = (1.0 - z) / (a0 * a1 * a2);
            if (!repeated) {
                child(s, x, child, unique + 1, p0 * a0, p1 * a1, p2 * a2, zc);
                acc[f] += inv * (a1 * a2 * s.r0 + a0 * a2 * s.r1 + a0 * a1 * s.r2);
                return;
            }
            int e = unique * 3;
            s.zero[unique] = z;
            s.hot[unique] = true;
            openVersion(s, e, a0, a1, a2);
            child(s, x, child, unique + 1, p0 * a0, p1 * a1, p2 * a2, zc);
            acc[f] += inv * (a1 * a2 * (s.r0 - s.excl[e]) + a0 * a2 * (s.r1 - s.excl[e + 1])
                    + a0 * a1 * (s.r2 - s.excl[e + 2]));
            return;
        }
        if (!repeated) {
            child(s, x, child, unique + 1, p0 * o0, p1 * o1, p2 * o2, zc * z);
            acc[f] += c0 * s.r0 + c1 * s.r1 + c2 * s.r2;
            return;
        }
        int e = unique * 3;
        s.zero[unique] = z;
        s.hot[unique] = false;
        s.excl[e] = 0;
        s.excl[e + 1] = 0;
        s.excl[e + 2] = 0;
        child(s, x, child, unique + 1, p0 * o0, p1 * o1, p2 * o2, zc * z);
        acc[f] += c0 * (s.r0 - s.excl[e]) + c1 * (s.r1 - s.excl[e + 1]) + c2 * (s.r2 - s.excl[e + 2]);
    }

    /**
     * {@link #edge} for a feature already on the path: a new version of its slot for this subtree, whose leaves the
     * upper version then excludes (see TreeShap); the upper version's state is kept in these locals.
     */
    private void oldSlot(Scratch s, float[] x, int child, float zEdge, boolean isHot, int f, int slot, int unique,
            double p0, double p1, double p2, double zc, double[] acc, boolean repeated) {
        int e = slot * 3;
        double zOld = s.zero[slot];
        boolean was = s.hot[slot];
        double v0 = s.inv[e];
        double v1 = s.inv[e + 1];
        double v2 = s.inv[e + 2];
        double y0 = s.excl[e];
        double y1 = s.excl[e + 1];
        double y2 = s.excl[e + 2];
        double z = zOld * zEdge;
        boolean now = was && isHot;
        double a0 = z * o0 + u0;
        double a1 = z * o1 + u1;
        double a2 = z * o2 + u2;
        double q0 = p0;
        double q1 = p1;
        double q2 = p2;
        double zcChild = zc;
        if (!was) { // cold above: the merged feature stays cold, its zero fraction gains this edge's
            zcChild = zc * zEdge;
        } else if (now) { // hot above and here: swap the upper version's factor a_q for this one's
            q0 = p0 * v0 * a0;
            q1 = p1 * v1 * a1;
            q2 = p2 * v2 * a2;
        } else { // hot above, cold here: the upper factor becomes the cold (1 - u_q), the merged fraction goes to zc
            q0 = p0 * v0 * o0;
            q1 = p1 * v1 * o1;
            q2 = p2 * v2 * o2;
            zcChild = zc * z;
        }
        if (!repeated) { // nothing below reads this version: no version to open, no exclusions to subtract
            child(s, x, child, unique, q0, q1, q2, zcChild);
            double r0 = s.r0;
            double r1 = s.r1;
            double r2 = s.r2;
            if (now) {
                acc[f] += (1.0 - z) / (a0 * a1 * a2) * (a1 * a2 * r0 + a0 * a2 * r1 + a0 * a1 * r2);
            } else {
                acc[f] += c0 * r0 + c1 * r1 + c2 * r2;
            }
            s.excl[e] = y0 + r0;
            s.excl[e + 1] = y1 + r1;
            s.excl[e + 2] = y2 + r2;
            return;
        }
        s.zero[slot] = z;
        s.hot[slot] = now;
        openVersion(s, e, a0, a1, a2);
        child(s, x, child, unique, q0, q1, q2, zcChild);
        double r0 = s.r0;
        double r1 = s.r1;
        double r2 = s.r2;
        double d0 = r0 - s.excl[e];
        double d1 = r1 - s.excl[e + 1];
        double d2 = r2 - s.excl[e + 2];
        if (now) {
            acc[f] += (1.0 - z) / (a0 * a1 * a2) * (a1 * a2 * d0 + a0 * a2 * d1 + a0 * a1 * d2);
        } else {
            acc[f] += c0 * d0 + c1 * d1 + c2 * d2;
        }
        s.zero[slot] = zOld;
        s.hot[slot] = was;
        s.inv[e] = v0;
        s.inv[e + 1] = v1;
        s.inv[e + 2] = v2;
        s.excl[e] = y0 + r0;
        s.excl[e + 1] = y1 + r1;
        s.excl[e + 2] = y2 + r2;
    }

    /**
     * Opens a version of the feature at slot offset {@code e}: its inverse factors {@code 1 / a_q} (for lower versions
     * of the same feature) and its exclusion sums, empty until a lower version reports its leaves.
     */
    private static void openVersion(Scratch s, int e, double a0, double a1, double a2) {
        double all = 1.0 / (a0 * a1 * a2);
        s.inv[e] = a1 * a2 * all;
        s.inv[e + 1] = a0 * a2 * all;
        s.inv[e + 2] = a0 * a1 * all;
        s.excl[e] = 0;
        s.excl[e + 1] = 0;
        s.excl[e + 2] = 0;
    }

    /** Per-thread state: the path's feature slots and the leaf sums a subtree hands back. */
    private static final class Scratch {
        /** Per feature: its slot on the current path, or -1. */
        final int[] slotOfFeature;
        final double[] zero;
        final boolean[] hot;
        final double[] inv;
        final double[] excl;
        final double[] phi;
        double[] acc;
        double r0;
        double r1;
        double r2;

        Scratch(int maxDepth, int numFeatures) {
            int slots = maxDepth + 1;
            slotOfFeature = new int[numFeatures];
            Arrays.fill(slotOfFeature, -1);
            zero = new double[slots];
            hot = new boolean[slots];
            inv = new double[slots * 3];
            excl = new double[slots * 3];
            phi = new double[numFeatures];
        }

        long bytes() {
            return 16 + 6 * 16L + 3 * 8 + 4L * slotOfFeature.length + 8L * zero.length + hot.length
                    + 8L * (inv.length + excl.length + phi.length);
        }
    }
}
