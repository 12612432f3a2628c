package com.anycompany.scoring.bench;

import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scaling table behind {@code ./scoring bench --scaling}: nanoseconds per tree per row, java {@code predictBatch}
 * against xgboost4j {@code inplace_predict} ({@code nthread=1}), for models of several depths and tree counts trained
 * in the run (binary:logistic, 30 features, 5% missing, fixed seed, as {@link BenchFixture}), first on numeric
 * features only, then with {@link BenchFixture#CATEGORIES categorical features} (one-hot and partition splits).
 *
 * <p>Each batch figure is thread CPU time (wall beside it), the two sides alternating in {@value #ROUNDS} rounds and
 * each side reporting its median round, so a burst of load on the shared machine falls on both. The java single-row
 * p50 (wall) is given per call and per tree. Every model is also checked: the largest |java - xgboost4j| over the
 * bench rows (and, for categorical models, xgboost4j's in-place result against its DMatrix {@code predict} with the
 * feature types set, so the baseline is known to read the codes as categories).
 */
public final class ScalingBench {
    /** A model shape of the table. */
    public record Shape(int depth, int trees) {
    }

    /** Depths 3, 6, 8 and 12 at 300 trees, and 20, 300 and 1,000 trees at depth 6. */
    public static final List<Shape> SHAPES = List.of(new Shape(3, 300), new Shape(6, 300), new Shape(8, 300),
            new Shape(12, 300), new Shape(6, 20), new Shape(6, 1000));
    static final int ROUNDS = 5;

    private final List<Shape> shapes;
    private final int trainRows;
    private final int rows;
    private final double seconds;
    private final PrintStream log;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private volatile float sink;

    /**
     * @param secondsPerSide measuring time per model and side, spread over the rounds (a round is at least one call)
     */
    public ScalingBench(List<Shape> shapes, int trainRows, int rows, double secondsPerSide, PrintStream log) {
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        this.shapes = List.copyOf(shapes);
        this.trainRows = trainRows;
        this.rows = rows;
        this.seconds = secondsPerSide;
        this.log = log;
    }

    public Map<String, Object> run() throws XGBoostError, IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows);
        out.put("train_rows", trainRows);
        out.put("features", BenchFixture.FEATURES);
        out.put("missing_rate", BenchFixture.MISSING);
        out.put("seed", BenchFixture.SEED);
        out.put("rounds", ROUNDS);
        out.put("seconds_per_side", seconds);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average_1m_start", loadAverage());
        List<Map<String, Object>> numeric = new ArrayList<>();
        for (Shape s : shapes) {
            log.printf("scaling: numeric, depth %d, %d trees: training ...%n", s.depth(), s.trees());
            numeric.add(measure(s, BenchFixture.create(trainRows, rows, s.depth(), s.trees()), false));
        }
        out.put("numeric", numeric);
        List<Map<String, Object>> categorical = new ArrayList<>();
        for (Shape s : shapes) {
            log.printf("scaling: categorical, depth %d, %d trees: training ...%n", s.depth(), s.trees());
            categorical.add(measure(s, BenchFixture.categorical(trainRows, rows, s.depth(), s.trees()), true));
        }
        out.put("categorical", categorical);
        out.put("categorical_features", Map.of("count", BenchFixture.CATEGORIES.length, "cardinalities",
                Arrays.stream(BenchFixture.CATEGORIES).boxed().toList(), "max_cat_to_onehot",
                BenchFixture.MAX_CAT_TO_ONEHOT));
        out.put("load_average_1m", loadAverage());
        return out;
    }

    private Map<String, Object> measure(Shape s, BenchFixture fx, boolean categorical)
            throws XGBoostError, IOException {
        int n = fx.numRows();
        int nf = fx.numFeatures();
        JavaCompiledModel java = new JavaEngine().compile(new ModelArtifact("scaling.ubj", fx.ubj()));
        Booster xgb = XGBoost.loadModel(fx.ubj());
        try {
            xgb.setParam("nthread", 1);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("depth", s.depth());
            m.put("trees", java.numTrees());
            m.put("nodes", java.numNodes());
            float[] mine = new float[n];
            java.predictBatch(fx.rows(), n, mine);
            float[][] ref = xgb.inplace_predict(fx.rows(), n, nf, Float.NaN);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(mine[i] - ref[i][0]));
            }
            m.put("max_abs_diff", worst);
            if (categorical) {
                long[] c = countCategoricalSplits(fx.json());
                m.put("categorical_splits", c[0]);
                m.put("categorical_splits_one_category", c[1]);
                m.put("categorical_splits_several_categories", c[2]);
                m.put("xgboost4j_inplace_vs_dmatrix_max_abs_diff", inplaceVsDMatrix(xgb, fx, ref));
            }
            log.printf("scaling:   %d nodes, max |java - xgboost4j| %s; measuring ...%n", java.numNodes(), worst);
            float[] batchOut = new float[n];
            Timing.Task j = () -> {
                java.predictBatch(fx.rows(), n, batchOut);
                sink += batchOut[0];
            };
            Timing.Task x = () -> sink += xgb.inplace_predict(fx.rows(), n, nf, Float.NaN)[0][0];
            double perRound = seconds / ROUNDS;
            warm(j, perRound);
            warm(x, perRound / 3);
            double[] jCpu = new double[ROUNDS];
            double[] jWall = new double[ROUNDS];
            double[] xCpu = new double[ROUNDS];
            double[] xWall = new double[ROUNDS];
            double perCall = (double) n * java.numTrees();
            for (int k = 0; k < ROUNDS; k++) {
                double[] a = round(j, perRound);
                jCpu[k] = a[0] / perCall;
                jWall[k] = a[1] / perCall;
                double[] b = round(x, perRound);
                xCpu[k] = b[0] / perCall;
                xWall[k] = b[1] / perCall;
            }
            double jc = median(jCpu);
            double xc = median(xCpu);
            m.put("ns_per_tree_row", round2(jc));
            m.put("ns_per_tree_row_xgboost4j", round2(xc));
            m.put("ns_per_tree_row_speedup", round2(xc / jc));
            m.put("ns_per_tree_row_wall", round2(median(jWall)));
            m.put("ns_per_tree_row_wall_xgboost4j", round2(median(xWall)));
            float[] one = new float[1];
            float[] row = new float[nf];
            int count = (int) Math.max(2_000, Math.min(50_000, seconds * 1e9 / 3 / Math.max(1, jc * java.numTrees())));
            long[] t = new long[count];
            for (int i = 0; i < count * 2; i++) { // the first half warms up
                System.arraycopy(fx.rows(), (i % n) * nf, row, 0, nf);
                long s0 = System.nanoTime();
                java.predict(row, one);
                long dt = System.nanoTime() - s0;
                sink += one[0];
                if (i >= count) {
                    t[i - count] = dt;
                }
            }
            Arrays.sort(t);
            long p50 = t[count / 2];
            m.put("single_row_p50_us", round2(p50 / 1e3));
            m.put("single_row_p50_ns_per_tree", round2((double) p50 / java.numTrees()));
            return m;
        } finally {
            xgb.dispose();
        }
    }

    /** Largest |inplace_predict - predict on a DMatrix with the feature types set|: the baseline reads categories. */
    private static double inplaceVsDMatrix(Booster xgb, BenchFixture fx, float[][] inplace) throws XGBoostError {
        DMatrix d = new DMatrix(fx.rows(), fx.numRows(), fx.numFeatures(), Float.NaN);
        try {
            d.setFeatureTypes(BenchFixture.featureTypes());
            float[][] want = xgb.predict(d);
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(want[i][0] - inplace[i][0]));
            }
            return worst;
        } finally {
            d.dispose();
        }
    }

    /**
     * Categorical splits in xgboost4j's own JSON save of the model: {@code [splits, with one category, with more]}
     * (one-hot splits send one category one way; partition splits may send several).
     */
    private static long[] countCategoricalSplits(byte[] json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = com.anycompany.scoring.records.Json.MAPPER.readTree(json);
        long[] c = new long[3];
        for (com.fasterxml.jackson.databind.JsonNode tree : root.path("learner").path("gradient_booster")
                .path("model").path("trees")) {
            for (com.fasterxml.jackson.databind.JsonNode t : tree.path("split_type")) {
                c[0] += t.asInt() == 1 ? 1 : 0;
            }
            for (com.fasterxml.jackson.databind.JsonNode size : tree.path("categories_sizes")) {
                c[size.asInt() == 1 ? 1 : 2]++;
            }
        }
        return c;
    }

    private void warm(Timing.Task task, double secs) {
        long end = System.nanoTime() + (long) (secs * 1e9);
        try {
            do {
                task.run();
            } while (System.nanoTime() < end);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One round: calls until {@code secs} of wall time have passed (at least one); CPU and wall ns per call. */
    private double[] round(Timing.Task task, double secs) {
        try {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            long[] done = Timing.callsUntil(task, w0 + (long) (secs * 1e9));
            long c1 = threads.getCurrentThreadCpuTime();
            return new double[]{(c1 - c0) / (double) done[0], (done[1] - w0) / (double) done[0]};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }
}
