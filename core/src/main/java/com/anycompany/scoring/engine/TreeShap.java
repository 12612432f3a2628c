package com.anycompany.scoring.engine;

import java.util.Arrays;

/**
 * Exact TreeSHAP over a {@link Forest}, the same values as XGBoost's {@code predict_contribs} (xgboost4j's
 * {@code Booster.predictContrib}, Lundberg et al.'s path-dependent Algorithm 2) computed in O(L·D) per tree instead of
 * O(L·D²): a linear-time variant in the spirit of Linear TreeShap (Bifet, Read and Xu, NeurIPS 2022).
 *
 * <p>Output layout per row, like XGBoost: for each output group {@code g}, {@code numFeatures + 1} values at
 * {@code g * (numFeatures + 1)}: one contribution per feature, then the bias (the tree ensemble's expected margin plus
 * the base margin). Each group's values sum to that group's margin (before the objective's transform).
 *
 * <h2>The algorithm</h2>
 * On a root-to-leaf path, merge repeated features: each unique feature {@code j} has a zero fraction {@code z_j} (the
 * product of its splits' cover ratios) and a one fraction that is 1 when the row follows all of its splits ("hot") and
 * 0 otherwise ("cold"). With {@code d} unique features and {@code H} the hot ones, TreeSHAP's path weights are Beta
 * integrals, {@code k!(d-1-k)!/d! = ∫₀¹ u^k (1-u)^(d-1-k) du}, so the path's share of a feature is
 * <pre>
 *   hot i:  (1 - z_i) · v · Zc · ∫₀¹ Π_{j∈H, j≠i} a_j(u) · (1-u)^(d-h) du      a_j(u) = z_j (1-u) + u
 *   cold i:           - v · Zc · ∫₀¹ Π_{j∈H} a_j(u)     · (1-u)^(d-1-h) du    Zc = Π_{cold j} z_j,  h = |H|
 * </pre>
 * The integrands are polynomials of degree at most {@code d - 1}, so Gauss-Legendre quadrature with
 * {@code n = ceil(maxDepth / 2)} points is exact (up to rounding, in double, nodes in (0, 1) so {@code a_j > 0}). Every
 * leaf then yields one n-vector {@code S_q = ω_q · v · Zc · Π_H a_j(u_q) · (1-u_q)^(d-h)}; a feature's share is that
 * vector, summed over the leaves below the edge where the feature entered the path, dotted with {@code (1-z_i)/a_i(u_q)}
 * (hot) or {@code -1/(1-u_q)} (cold). One depth-first walk per tree sums the vectors bottom-up, so each node costs
 * O(n). A feature repeated lower on a path starts a new "version" of its slot for that subtree, whose leaves are
 * excluded from the upper version's sum.
 *
 * <p>The bias does not depend on the row: it is the cover-weighted mean leaf of each tree, summed in float in XGBoost's
 * order, plus the base margin, computed once. Contributions are accumulated in double and rounded to float at the end,
 * so they agree with XGBoost's float32 arithmetic to its rounding error (tested within 1e-5 of {@code predictContrib}).
 *
 * <p>Memory: a few small tables (the quadrature rule, the per-group bias), nothing per node or per leaf; see
 * {@link #bytes()}. Per row, the work uses a per-thread scratch buffer and allocates nothing. Immutable and thread-safe.
 */
public final class TreeShap {
    private final Forest forest;
    private final int[][] groupRoots;
    /** Per group: the trees' expected values summed in float in tree order, plus the base margin. */
    private final float[] bias;
    private final int numFeatures;
    private final int maxDepth;
    /** Quadrature points. */
    private final int n;
    /** Gauss-Legendre nodes on (0, 1), and 1 - node. */
    private final double[] u;
    private final double[] oneMinusU;
    /** -1 / (1 - u_q): a cold feature's factor. */
    private final double[] coldFactor;
    /** {@code [k * n + q]}: ω_q (1 - u_q)^k for k in 0..maxDepth. */
    private final double[] weightPow;
    private final ThreadLocal<Scratch> scratch;
    /**
     * Per node: bit 0 when the node's split feature is split on again in its left child's subtree, bit 1 in its right
     * child's. Where it is not (most edges), the walk skips the bookkeeping of a repeated feature's lower versions.
     * Also {@link #LEAF} and {@link #LAST_LEVEL}, so the one-row walk knows a node's kind from this byte alone.
     */
    private final byte[] repeats;
    /** Bit of {@link #repeats} set on a leaf (for the one-row walk, which reads its node kinds there). */
    static final byte LEAF = 4;
    /** Bit of {@link #repeats} set on a split whose two children are leaves. */
    static final byte LAST_LEVEL = 8;
    private final TreeShapBlock block;
    /** The fused one-row walk when three quadrature points suffice (trees up to depth 6), else null. */
    private final TreeShapRow row;

    TreeShap(Forest forest, int[][] groupRoots, float[] baseMargin, int numFeatures, String source) {
        if (forest.zeroFraction == null) {
            throw new UnsupportedModelException(source + ": the artifact has no node cover (sum_hessian), which"
                    + " TreeSHAP needs; re-save the model with XGBoost >= 1.0 as JSON or UBJSON");
        }
        this.forest = forest;
        this.groupRoots = groupRoots;
        this.numFeatures = numFeatures;
        this.bias = new float[groupRoots.length];
        int deepest = 0;
        for (int g = 0; g < groupRoots.length; g++) {
            float b = 0f;
            for (int root : groupRoots[g]) {
                b += forest.treeMean(root);
                deepest = Math.max(deepest, depth(root));
            }
            bias[g] = b + baseMargin[g];
        }
        this.maxDepth = deepest;
        this.n = Math.max(1, (deepest + 1) / 2);
        double[][] rule = gaussLegendre01(n);
        this.u = rule[0];
        this.oneMinusU = new double[n];
        this.coldFactor = new double[n];
        for (int q = 0; q < n; q++) {
            oneMinusU[q] = 1.0 - u[q];
            coldFactor[q] = -1.0 / oneMinusU[q];
        }
        this.weightPow = new double[(deepest + 1) * n];
        for (int q = 0; q < n; q++) {
            double p = rule[1][q];
            for (int k = 0; k <= deepest; k++) {
                weightPow[k * n + q] = p;
                p *= oneMinusU[q];
            }
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxDepth, n, numFeatures));
        this.repeats = new byte[forest.numNodes()];
        for (int[] roots : groupRoots) {
            for (int root : roots) {
                markRepeats(root);
            }
        }
        this.block = new TreeShapBlock(forest, deepest, n, u, rule[1], numFeatures, repeats);
        this.row = n <= 3 ? new TreeShapRow(forest, deepest, n, u, rule[1], numFeatures, repeats) : null;
    }

    /**
     * Up to this many rows, {@link #contributions(float[], int, float[])} walks them one at a time: the block walk's
     * per-node work is shared by fewer rows than it costs (measured on the fraud demo model: one row 110 us, a block
     * of 1 row 264 us, of 2 rows 336 us, of 4 rows 427 us, in thread CPU time).
     */
    static final int ROW_WALK_MAX_ROWS = 3;

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

    /** Quadrature points per node (ceil(max depth / 2)). */
    public int quadraturePoints() {
        return n;
    }

    /** Heap bytes this explainer adds to its model (tables and headers; per-thread scratch not included). */
    public long bytes() {
        return 64 + 16 + 4L * bias.length + 4 * 16 + 8L * (u.length + oneMinusU.length + coldFactor.length
                + weightPow.length) + 48 + 4 * 16 + 8L * 4 * n + 16 + repeats.length;
    }

    /** Heap bytes of one thread's block scratch (allocated once per thread that calls the block form). */
    public long blockScratchBytes() {
        return block.scratchBytes();
    }

    /**
     * The SHAP values of {@code nRows} rows laid out row-major in {@code rows} ({@code numFeatures} values each) into
     * {@code phi}, {@code numGroups() * width()} values per row, the same values as {@link #contributions(float[],
     * float[])} for each row: each tree is walked once per block of {@value TreeShapBlock#BLOCK} rows.
     */
    public void contributions(float[] rows, int nRows, float[] phi) {
        int nf = numFeatures;
        int w = nf + 1;
        int per = groupRoots.length * w;
        if (nRows < 0 || (long) nRows * nf > rows.length) {
            throw new IllegalArgumentException(nRows + " rows of " + nf + " features need " + ((long) nRows * nf)
                    + " values but rows has " + rows.length);
        }
        if ((long) nRows * per > phi.length) {
            throw new IllegalArgumentException(nRows + " rows need " + ((long) nRows * per)
                    + " contribution values but phi has " + phi.length);
        }
        if (row != null && nRows <= ROW_WALK_MAX_ROWS) { // too few rows to share a block walk's per-node work
            float[] one = new float[nf];
            float[] out = new float[per];
            for (int r = 0; r < nRows; r++) {
                System.arraycopy(rows, r * nf, one, 0, nf);
                contributions(one, out);
                System.arraycopy(out, 0, phi, r * per, per);
            }
            return;
        }
        int b = TreeShapBlock.BLOCK;
        for (int r0 = 0; r0 < nRows; r0 += b) {
            int count = Math.min(b, nRows - r0);
            for (int g = 0; g < groupRoots.length; g++) {
                double[][] acc = block.accumulator();
                block.walk(groupRoots[g], rows, r0 * nf, nf, count, acc);
                for (int r = 0; r < count; r++) {
                    int off = (r0 + r) * per + g * w;
                    for (int f = 0; f < nf; f++) {
                        phi[off + f] = (float) acc[f][r];
                    }
                    phi[off + nf] = bias[g];
                }
            }
        }
    }

    /** Heap bytes of one thread's scratch buffer (allocated once per thread that explains). */
    public long scratchBytes() {
        if (row != null) {
            return row.scratchBytes();
        }
        int slots = maxDepth + 1;
        return 7 * 16 + 4L * slots + 8L * slots + slots + 8L * (4L * slots * n + 2L * (slots + 1) * n)
                + 8L * numFeatures;
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
        if (this.row != null) {
            for (int g = 0; g < groupRoots.length; g++) {
                double[] acc = this.row.accumulator();
                this.row.walk(groupRoots[g], row, acc);
                int off = g * w;
                for (int i = 0; i < numFeatures; i++) {
                    phi[off + i] = (float) acc[i];
                }
                phi[off + numFeatures] = bias[g];
            }
            return;
        }
        Scratch s = scratch.get();
        double[] acc = s.phi;
        for (int q = 0; q < n; q++) {
            s.prod[q] = 1.0;
        }
        for (int g = 0; g < groupRoots.length; g++) {
            Arrays.fill(acc, 0.0);
            for (int root : groupRoots[g]) {
                visit(s, row, root, 0, 0, 0, 1.0);
            }
            int off = g * w;
            for (int i = 0; i < numFeatures; i++) {
                phi[off + i] = (float) acc[i];
            }
            phi[off + numFeatures] = bias[g];
        }
    }

    /**
     * Walks the subtree at {@code node} (at {@code level}, with {@code unique} features on the path so far, {@code hot}
     * of them hot, {@code zc} the product of the cold ones' zero fractions, and the hot product at
     * {@code prod[level * n]}); leaves the subtree's leaf-vector sum at {@code sum[level * n]}.
     */
    private void visit(Scratch s, float[] x, int node, int level, int unique, int hot, double zc) {
        int f = forest.feature(node);
        int lo = level * n;
        double[] sum = s.sum;
        if (f < 0) {
            double vz = forest.value(node) * zc;
            double[] prod = s.prod;
            int wo = (unique - hot) * n;
            for (int q = 0; q < n; q++) {
                sum[lo + q] = vz * prod[lo + q] * weightPow[wo + q];
            }
            return;
        }
        int left = forest.left(node);
        int right = left + 1;
        boolean goesLeft = forest.goesLeft(node, x[f]);
        int hotChild = goesLeft ? left : right;
        int coldChild = goesLeft ? right : left;
        // Zero fractions in float32, as XGBoost computes them (cover over the parent's cover).
        float[] zf = forest.zeroFraction;
        float zHot = zf[hotChild];
        float zCold = zf[coldChild];
        int slot = slotOf(s.feature, unique, f);
        int co = lo + n;
        edge(s, x, hotChild, true, zHot, f, slot, level, unique, hot, zc);
        for (int q = 0; q < n; q++) {
            sum[lo + q] = sum[co + q];
        }
        edge(s, x, coldChild, false, zCold, f, slot, level, unique, hot, zc);
        for (int q = 0; q < n; q++) {
            sum[lo + q] += sum[co + q];
        }
    }

    /**
     * Follows one edge (to {@code child}, hot or cold for the row) whose split feature {@code f} is new on the path
     * ({@code slot < 0}) or merges with the path's {@code slot}; adds the feature's share from the leaves below.
     */
    private void edge(Scratch s, float[] x, int child, boolean isHot, float zEdge, int f, int slot, int level,
            int unique, int hot, double zc) {
        int po = level * n;
        int co = po + n;
        double[] prod = s.prod;
        double[] inv = s.invA;
        double[] excl = s.excluded;
        double[] sum = s.sum;
        double share = 0;
        if (slot < 0) {
            int so = unique * n;
            s.feature[unique] = f;
            double z = zEdge;
            s.zero[unique] = z;
            s.hot[unique] = isHot;
            for (int q = 0; q < n; q++) {
                excl[so + q] = 0;
            }
            if (isHot) {
                for (int q = 0; q < n; q++) {
                    double a = z * oneMinusU[q] + u[q];
                    inv[so + q] = 1.0 / a;
                    prod[co + q] = prod[po + q] * a;
                }
                visit(s, x, child, level + 1, unique + 1, hot + 1, zc);
                for (int q = 0; q < n; q++) {
                    share += inv[so + q] * (sum[co + q] - excl[so + q]);
                }
                share *= 1.0 - z;
            } else {
                for (int q = 0; q < n; q++) {
                    prod[co + q] = prod[po + q];
                }
                visit(s, x, child, level + 1, unique + 1, hot, zc * z);
                for (int q = 0; q < n; q++) {
                    share += coldFactor[q] * (sum[co + q] - excl[so + q]);
                }
            }
            s.phi[f] += share;
            return;
        }
        // The feature is already on the path: a new version of its slot for this subtree.
        int so = slot * n;
        double[] savedInv = s.savedInv;
        double[] savedExcl = s.savedExcl;
        double oldZ = s.zero[slot];
        boolean oldHot = s.hot[slot];
        double z = oldZ * zEdge;
        boolean nowHot = oldHot && isHot;
        for (int q = 0; q < n; q++) {
            savedInv[po + q] = inv[so + q];
            savedExcl[po + q] = excl[so + q];
            excl[so + q] = 0;
        }
        int h = hot;
        double zcChild = zc;
        if (oldHot && nowHot) {
            for (int q = 0; q < n; q++) {
                double a = z * oneMinusU[q] + u[q];
                inv[so + q] = 1.0 / a;
                prod[co + q] = prod[po + q] * savedInv[po + q] * a;
            }
        } else if (oldHot) {
            for (int q = 0; q < n; q++) {
                prod[co + q] = prod[po + q] * savedInv[po + q];
            }
            h--;
            zcChild = zc * z;
        } else {
            for (int q = 0; q < n; q++) {
                prod[co + q] = prod[po + q];
            }
            zcChild = zc * zEdge;
        }
        s.zero[slot] = z;
        s.hot[slot] = nowHot;
        visit(s, x, child, level + 1, unique, h, zcChild);
        if (nowHot) {
            for (int q = 0; q < n; q++) {
                share += inv[so + q] * (sum[co + q] - excl[so + q]);
            }
            share *= 1.0 - z;
        } else {
            for (int q = 0; q < n; q++) {
                share += coldFactor[q] * (sum[co + q] - excl[so + q]);
            }
        }
        s.phi[f] += share;
        s.zero[slot] = oldZ;
        s.hot[slot] = oldHot;
        for (int q = 0; q < n; q++) {
            inv[so + q] = savedInv[po + q];
            excl[so + q] = savedExcl[po + q] + sum[co + q];
        }
    }

    /** Sets {@link #repeats} for the subtree at {@code node}. */
    private void markRepeats(int node) {
        int f = forest.feature(node);
        if (f < 0) {
            repeats[node] = LEAF;
            return;
        }
        int left = forest.left(node);
        int right = forest.right(node);
        repeats[node] = (byte) ((splitsOn(left, f) ? 1 : 0) | (splitsOn(right, f) ? 2 : 0)
                | (forest.isLeaf(left) && forest.isLeaf(right) ? LAST_LEVEL : 0));
        markRepeats(left);
        markRepeats(right);
    }

    /** Whether the subtree at {@code node} has a split on feature {@code f}. */
    private boolean splitsOn(int node, int f) {
        int g = forest.feature(node);
        return g >= 0 && (g == f || splitsOn(forest.left(node), f) || splitsOn(forest.right(node), f));
    }

    private int depth(int node) {
        if (forest.feature(node) < 0) {
            return 0;
        }
        return 1 + Math.max(depth(forest.left(node)), depth(forest.right(node)));
    }

    /**
     * Gauss-Legendre rule with {@code points} nodes mapped to [0, 1]: {@code {nodes, weights}}, exact for polynomials of
     * degree up to {@code 2 * points - 1}. Nodes by Newton's method on the Legendre polynomial.
     */
    static double[][] gaussLegendre01(int points) {
        double[] x = new double[points];
        double[] w = new double[points];
        for (int i = 0; i < points; i++) {
            double t = Math.cos(Math.PI * (i + 0.75) / (points + 0.5));
            for (int iter = 0; iter < 100; iter++) {
                double[] p = legendre(points, t);
                double step = p[0] / p[1];
                t -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            double dp = legendre(points, t)[1];
            x[i] = (1 - t) / 2;
            w[i] = 1.0 / ((1 - t * t) * dp * dp);
        }
        return new double[][]{x, w};
    }

    /** The Legendre polynomial of degree {@code degree} at {@code t} and its derivative, by the three-term recurrence. */
    private static double[] legendre(int degree, double t) {
        double p0 = 1;
        double p1 = t;
        for (int k = 2; k <= degree; k++) {
            double p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        return new double[]{p1, degree * (t * p1 - p0) / (t * t - 1)};
    }

    /** The slot of feature {@code f} among the path's first {@code unique} slots, or -1 when it is not on the path. */
    static int slotOf(int[] feature, int unique, int f) {
        for (int j = 0; j < unique; j++) {
            if (feature[j] == f) {
                return j;
            }
        }
        return -1;
    }

    /** Per-thread buffers: the path's unique-feature slots, the per-level products and sums, one row's shares. */
    private static final class Scratch {
        final int[] feature;
        final double[] zero;
        final boolean[] hot;
        final double[] invA;
        final double[] excluded;
        final double[] savedInv;
        final double[] savedExcl;
        final double[] prod;
        final double[] sum;
        final double[] phi;

        Scratch(int maxDepth, int n, int numFeatures) {
            int slots = maxDepth + 1;
            feature = new int[slots];
            zero = new double[slots];
            hot = new boolean[slots];
            invA = new double[slots * n];
            excluded = new double[slots * n];
            savedInv = new double[slots * n];
            savedExcl = new double[slots * n];
            prod = new double[(slots + 1) * n];
            sum = new double[(slots + 1) * n];
            phi = new double[numFeatures];
        }
    }
}
