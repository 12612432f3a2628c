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
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The engine benchmark behind {@code ./scoring bench}: the java engine and xgboost4j on the same model and rows in one
 * run, each figure next to xgboost4j's and their ratio. A hand-rolled harness (warm-up, then System.nanoTime
 * percentiles, or throughput in rounds that alternate the two engines, each reporting its median round); the JMH
 * benchmarks in {@code bench/} measure the same operations. For all cores, the java engine scores slices of the rows
 * (four per core, cut before timing, as xgboost4j reads the rows in place) as a parallel stream.
 *
 * <p>xgboost4j is measured through its fastest paths: {@code inplace_predict} (no DMatrix) for single rows and
 * batches, with {@code nthread=1} unless stated; SHAP through {@code predictContrib} on a one-row DMatrix (it has no
 * in-place variant).
 */
public final class EngineBench {
    private final BenchFixture fx;
    private final PrintStream log;
    private final double seconds;
    private volatile float sink;

    public EngineBench(BenchFixture fx, PrintStream log, double secondsPerFigure) {
        this.fx = fx;
        this.log = log;
        this.seconds = secondsPerFigure;
    }

    public Map<String, Object> run() throws XGBoostError, IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        int nf = fx.numFeatures();
        float[][] rows = new float[fx.numRows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = fx.row(i);
        }
        JavaCompiledModel java = new JavaEngine().compile(new ModelArtifact("bench.ubj", fx.ubj()));
        Booster xgb = XGBoost.loadModel(fx.ubj());
        xgb.setParam("nthread", 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", Map.of("trees", java.numTrees(), "nodes", java.numNodes(), "max_depth", BenchFixture.DEPTH,
                "features", nf, "missing_rate", BenchFixture.MISSING, "rows", fx.numRows(), "seed", BenchFixture.SEED));
        out.put("cores", cores);
        out.put("max_abs_diff", maxAbsDiff(java, xgb));

        log.println("single row ...");
        float[] one = new float[1];
        // warm-up, then the two sides alternate in rounds (as for every other figure), each reporting the median of
        // its rounds' percentiles, so a burst of load on the shared machine falls on both
        Op javaRow = i -> java.predict(rows[i % rows.length], one);
        Op xgbRow = i -> sink += xgb.inplace_predict(rows[i % rows.length], 1, nf, Float.NaN)[0][0];
        latencies(javaRow, 200_000, 0);
        latencies(xgbRow, 5_000, 0);
        double[][] perRound = new double[4][SINGLE_ROW_ROUNDS];
        for (int k = 0; k < SINGLE_ROW_ROUNDS; k++) {
            long[] j = latencies(javaRow, 0, 300_000 / SINGLE_ROW_ROUNDS);
            long[] x = latencies(xgbRow, 0, 30_000 / SINGLE_ROW_ROUNDS);
            perRound[0][k] = pct(j, 50);
            perRound[1][k] = pct(x, 50);
            perRound[2][k] = pct(j, 99);
            perRound[3][k] = pct(x, 99);
        }
        putRatio(out, "single_row_p50_us", us((long) median(perRound[0])), us((long) median(perRound[1])),
                medianRatio(perRound[1], perRound[0]));
        putRatio(out, "single_row_p99_us", us((long) median(perRound[2])), us((long) median(perRound[3])),
                medianRatio(perRound[3], perRound[2]));

        log.println("batch ...");
        int n = fx.numRows();
        float[] batchOut = new float[n];
        double[] b1 = pairedThroughput(() -> java.predictBatch(fx.rows(), n, batchOut),
                () -> sink += xgb.inplace_predict(fx.rows(), n, nf, Float.NaN)[0][0], n, null);
        putRatio(out, "batch_rows_per_s_1thread", round(b1[0]), round(b1[1]), b1[2]);
        float[][] slices = slices(SLICES_PER_CORE * cores, n, nf);
        float[][] sliceOut = new float[slices.length][];
        for (int p = 0; p < slices.length; p++) {
            sliceOut[p] = new float[slices[p].length / nf];
        }
        double[] bc = pairedThroughput(() -> parallelBatch(java, slices, sliceOut),
                () -> sink += xgb.inplace_predict(fx.rows(), n, nf, Float.NaN)[0][0], n,
                threads -> xgb.setParam("nthread", threads ? cores : 1));
        putRatio(out, "batch_rows_per_s_all_cores", round(bc[0]), round(bc[1]), bc[2]);

        log.println("load ...");
        out.putAll(loadFigures());

        log.println("memory ...");
        out.put("heap_bytes_per_model", heapPerModel(false));
        out.put("heap_bytes_per_model_with_shap", heapPerModel(true));
        out.put("shap_table_bytes_per_model", java.treeShap().bytes());
        out.put("shap_scratch_bytes_per_thread", java.treeShap().scratchBytes());
        out.put("shap_block_scratch_bytes_per_thread", java.treeShap().blockScratchBytes());
        long rss = nativePerBooster();
        if (rss > 0) {
            out.put("native_bytes_per_model_xgboost4j", rss);
        }

        log.println("shap ...");
        out.putAll(shapFigures(java, xgb, rows));
        xgb.dispose();
        out.put("load_average_1m", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                * 100) / 100.0);
        return out;
    }

    private static final int LOAD_ROUNDS = 7;
    private static final int LOADS_PER_ROUND = 10;

    /**
     * Load time from the model's bytes: the java engine from UBJSON ({@code load_ms}) and from JSON
     * ({@code load_ms_json}), xgboost4j from UBJSON ({@code load_ms_xgboost4j}). The three alternate in
     * {@value #LOAD_ROUNDS} rounds of {@value #LOADS_PER_ROUND} loads, each round's figure the mean load, and each side
     * reports its median round, so load on the shared machine falls on all three rather than on whichever ran last.
     * Wall time ({@code load_ms*}), this thread's CPU time ({@code load_cpu_ms*}) and the whole process's CPU time
     * ({@code load_process_cpu_ms*}) side by side: a wall figure well above its CPU figures means the run queued behind
     * other work. Thread CPU leaves out work on other threads (GC for the java engine; xgboost4j's OpenMP threads,
     * which its load uses on every core); process CPU counts those (and anything else the JVM runs meanwhile). The
     * JSON speedups are against xgboost4j's UBJSON load.
     */
    private Map<String, Object> loadFigures() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Timing.Task ubj = () -> sink += new JavaEngine().compile(new ModelArtifact("b.ubj", fx.ubj())).numTrees();
        Timing.Task json = () -> sink += new JavaEngine().compile(new ModelArtifact("b.json", fx.json())).numTrees();
        Timing.Task xgbLoad = () -> {
            Booster b = XGBoost.loadModel(fx.ubj());
            sink += b.getNumBoostedRound();
            b.dispose();
        };
        Timing.Task[] sides = {ubj, xgbLoad, json};
        double[][] wall = new double[sides.length][LOAD_ROUNDS];
        double[][] cpu = new double[sides.length][LOAD_ROUNDS];
        double[][] proc = new double[sides.length][LOAD_ROUNDS];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            // warm-up: until the parsers are compiled (at least ten loads each, and a third of the measuring time),
            // as in a warm function that loads client models all month; the first load is the cold-start figure
            long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
            for (int i = 0; i < 10 || System.nanoTime() < warmEnd; i++) {
                ubj.run();
                json.run();
                xgbLoad.run();
            }
            for (int k = 0; k < LOAD_ROUNDS; k++) {
                for (int side = 0; side < sides.length; side++) {
                    long p0 = os.getProcessCpuTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    for (int i = 0; i < LOADS_PER_ROUND; i++) {
                        sides[side].run();
                    }
                    wall[side][k] = (System.nanoTime() - w0) / 1e6 / LOADS_PER_ROUND;
                    cpu[side][k] = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / LOADS_PER_ROUND;
                    proc[side][k] = (os.getProcessCpuTime() - p0) / 1e6 / LOADS_PER_ROUND;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        double jl = round2(median(wall[0]));
        double xl = round2(median(wall[1]));
        double jj = round2(median(wall[2]));
        put(out, "load_ms", jl, xl, true);
        out.put("load_ms_json", jj);
        out.put("load_ms_json_speedup", Math.round(xl / jj * 100) / 100.0);
        double jc = round2(median(cpu[0]));
        double xc = round2(median(cpu[1]));
        double jjc = round2(median(cpu[2]));
        put(out, "load_cpu_ms", jc, xc, true);
        out.put("load_cpu_ms_json", jjc);
        out.put("load_cpu_ms_json_speedup", Math.round(xc / jjc * 100) / 100.0);
        double jp = round2(median(proc[0]));
        double xp = round2(median(proc[1]));
        double jjp = round2(median(proc[2]));
        put(out, "load_process_cpu_ms", jp, xp, true);
        out.put("load_process_cpu_ms_json", jjp);
        out.put("load_process_cpu_ms_json_speedup", Math.round(xp / jjp * 100) / 100.0);
        out.put("load_rounds", LOAD_ROUNDS);
        out.put("loads_per_round", LOADS_PER_ROUND);
        return out;
    }

    /** Rows per call of the block SHAP figure. */
    static final int SHAP_BLOCK = 1_000;
    private static final int SHAP_ROUNDS = 5;

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * SHAP in margin space, both engines on one thread (xgboost4j's {@code nthread} is 1 here, as for every figure but
     * "all cores"), on the same rows. {@code shap_us_per_row}: one row per call ({@code contributions}), as the fraud
     * and salary functions explain; xgboost4j has no in-place SHAP, so its call includes building the one-row DMatrix
     * (timed alone as {@code shap_dmatrix_us_xgboost4j}). {@code shap_us_per_row_block}: {@value #SHAP_BLOCK} rows per
     * call ({@code contributionsBatch}), with xgboost4j's DMatrix built before timing, so only {@code predictContrib}
     * itself is timed against ours.
     */
    private Map<String, Object> shapFigures(JavaCompiledModel java, Booster xgb, float[][] rows) throws XGBoostError {
        Map<String, Object> out = new LinkedHashMap<>();
        int nf = fx.numFeatures();
        out.put("shap_threads", 1);
        out.put("shap_max_abs_diff", shapMaxAbsDiff(java, xgb, rows, 200));
        float[] phi = new float[nf + 1];
        // The two sides alternate, five rounds each, and each reports its median round: load on a shared machine
        // then falls on both rather than on whichever ran second.
        double[] js = new double[SHAP_ROUNDS];
        double[] xs = new double[SHAP_ROUNDS];
        // Both sides explain the same rows: xgboost4j's 400 calls a round once, ours five times over.
        int same = Math.min(400, rows.length);
        meanUs(i -> java.contributions(rows[i % same], phi), 2_000, 0);
        for (int k = 0; k < SHAP_ROUNDS; k++) {
            js[k] = meanUs(i -> java.contributions(rows[i % same], phi), 0, 5 * same);
            xs[k] = meanUs(i -> {
                DMatrix d = new DMatrix(rows[i % same], 1, nf, Float.NaN);
                sink += xgb.predictContrib(d, 0)[0][0];
                d.dispose();
            }, k == 0 ? 200 : 0, same);
        }
        putRatio(out, "shap_us_per_row", median(js), median(xs), medianRatio(xs, js));
        out.put("shap_dmatrix_us_xgboost4j", meanUs(i -> {
            DMatrix d = new DMatrix(rows[i % rows.length], 1, nf, Float.NaN);
            sink += d.rowNum();
            d.dispose();
        }, 300, 1_000));
        int block = Math.min(SHAP_BLOCK, rows.length);
        float[] blockRows = Arrays.copyOf(fx.rows(), block * nf);
        float[] blockPhi = new float[block * (nf + 1)];
        DMatrix d = new DMatrix(blockRows, block, nf, Float.NaN);
        try {
            double[] jb = new double[SHAP_ROUNDS];
            double[] xb = new double[SHAP_ROUNDS];
            for (int k = 0; k < SHAP_ROUNDS; k++) {
                jb[k] = meanUs(i -> {
                    java.contributionsBatch(blockRows, block, blockPhi);
                    sink += blockPhi[0];
                }, k == 0 ? 1 : 0, 1) / block;
                xb[k] = meanUs(i -> sink += xgb.predictContrib(d, 0)[0][0], k == 0 ? 1 : 0, 1) / block;
            }
            put(out, "shap_us_per_row_block", round2(median(jb)), round2(median(xb)), true);
        } finally {
            d.dispose();
        }
        return out;
    }

    /** Largest |java - predictContrib| over the first {@code count} rows, every feature and the bias. */
    private double shapMaxAbsDiff(JavaCompiledModel java, Booster xgb, float[][] rows, int count) throws XGBoostError {
        int nf = fx.numFeatures();
        int n = Math.min(count, rows.length);
        DMatrix d = new DMatrix(Arrays.copyOf(fx.rows(), n * nf), n, nf, Float.NaN);
        try {
            float[][] want = xgb.predictContrib(d, 0);
            float[] phi = new float[nf + 1];
            double worst = 0;
            for (int r = 0; r < n; r++) {
                java.contributions(rows[r], phi);
                for (int k = 0; k <= nf; k++) {
                    worst = Math.max(worst, Math.abs(phi[k] - want[r][k]));
                }
            }
            return worst;
        } finally {
            d.dispose();
        }
    }

    /**
     * Adds {@code key}, {@code key_xgboost4j} and {@code key_speedup}: how many times better the java engine is
     * (xgboost4j / java for times, java / xgboost4j for throughputs; above 1 means the java engine wins).
     */
    private static void put(Map<String, Object> out, String key, double java, double xgb, boolean lowerIsBetter) {
        putRatio(out, key, java, xgb, lowerIsBetter ? xgb / java : java / xgb);
    }

    /** {@link #put} with the speedup given: the median of the rounds' own ratios, for the figures taken in rounds. */
    private static void putRatio(Map<String, Object> out, String key, double java, double xgb, double speedup) {
        out.put(key, java);
        out.put(key + "_xgboost4j", xgb);
        out.put(key + "_speedup", Math.round(speedup * 100) / 100.0);
    }

    /** The median over rounds of {@code num[k] / den[k]}: each round's ratio of two figures taken side by side. */
    private static double medianRatio(double[] num, double[] den) {
        double[] r = new double[num.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = num[k] / den[k];
        }
        return median(r);
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    private long[] latencies(Op op, int warmup, int count) {
        try {
            for (int i = 0; i < warmup; i++) {
                op.run(i);
            }
            long[] t = new long[count];
            for (int i = 0; i < count; i++) {
                long s = System.nanoTime();
                op.run(i);
                t[i] = System.nanoTime() - s;
            }
            Arrays.sort(t);
            return t;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double meanUs(Op op, int warmup, int count) {
        try {
            for (int i = 0; i < warmup; i++) {
                op.run(i);
            }
            long s = System.nanoTime();
            for (int i = 0; i < count; i++) {
                op.run(i);
            }
            return count == 0 ? 0 : round2((System.nanoTime() - s) / 1e3 / count);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows per second, after a warm-up of a third of the measuring time. */
    /** Rounds of the single-row figures: the two sides alternate, each reporting the median of its rounds. */
    private static final int SINGLE_ROW_ROUNDS = 5;

    /** Rounds of the paired throughput figures: the two sides alternate, each reporting its median round. */
    private static final int THROUGHPUT_ROUNDS = 5;

    /** Switches xgboost4j between all cores (true) and one thread (false) around its rounds. */
    private interface XgbThreads {
        void set(boolean allCores) throws XGBoostError;
    }

    /**
     * Rows per second of {@code java} and of {@code xgb}, each warmed for a third of the measuring time, then
     * alternating in {@value #THROUGHPUT_ROUNDS} rounds of {@code seconds / rounds} each; each side reports its median
     * round, and the speedup is the median of the rounds' own ratios (each java round against the xgboost4j round right
     * after it), so load on the shared machine falls on both rather than on whichever ran second. Returns java's
     * median, xgboost4j's and the speedup.
     */
    private double[] pairedThroughput(Timing.Task java, Timing.Task xgb, int rowsPerCall, XgbThreads xgbThreads) {
        try {
            double[] j = new double[THROUGHPUT_ROUNDS];
            double[] x = new double[THROUGHPUT_ROUNDS];
            double round = seconds / THROUGHPUT_ROUNDS;
            throughput(java, rowsPerCall, seconds / 3, 0);
            if (xgbThreads != null) {
                xgbThreads.set(true);
            }
            throughput(xgb, rowsPerCall, seconds / 3, 0);
            for (int k = 0; k < THROUGHPUT_ROUNDS; k++) {
                if (xgbThreads != null) {
                    xgbThreads.set(false);
                }
                j[k] = throughput(java, rowsPerCall, 0, round);
                if (xgbThreads != null) {
                    xgbThreads.set(true);
                }
                x[k] = throughput(xgb, rowsPerCall, 0, round);
            }
            if (xgbThreads != null) {
                xgbThreads.set(false);
            }
            return new double[] {median(j), median(x), medianRatio(j, x)};
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows per second of {@code task} over {@code measure} seconds after {@code warm} seconds of warm-up. */
    private double throughput(Timing.Task task, int rowsPerCall, double warm, double measure) {
        try {
            long warmEnd = System.nanoTime() + (long) (warm * 1e9);
            while (System.nanoTime() < warmEnd) {
                task.run();
            }
            if (measure <= 0) {
                return 0;
            }
            long s = System.nanoTime();
            long[] done = Timing.callsUntil(task, s + (long) (measure * 1e9));
            return done[0] * (double) rowsPerCall / ((done[1] - s) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Slices of rows per core in the all-cores figure, for the threads to share out. */
    private static final int SLICES_PER_CORE = 4;

    /**
     * The bench rows cut into {@code parts} consecutive slices, made once before timing: xgboost4j's all-core figure
     * reads the rows in place, so the Java figure should not pay for copying them either.
     */
    private float[][] slices(int parts, int n, int nf) {
        float[][] out = new float[parts][];
        int per = (n + parts - 1) / parts;
        for (int p = 0; p < parts; p++) {
            int from = Math.min(n, p * per);
            int count = Math.min(per, n - from);
            out[p] = Arrays.copyOfRange(fx.rows(), from * nf, (from + count) * nf);
        }
        return out;
    }

    /**
     * Scores the slices on every core as a parallel stream: the common fork-join pool's workers and this thread take
     * slices until none are left (the usual way to put a loop on all cores in Java; a fixed pool that this thread only
     * waits on measured about 10% slower here, from waking its threads on every call).
     */
    private void parallelBatch(JavaCompiledModel m, float[][] slices, float[][] outs) {
        IntStream.range(0, slices.length).parallel().forEach(p -> m.predictBatch(slices[p], outs[p].length, outs[p]));
        sink += outs[0].length > 0 ? outs[0][0] : 0;
    }

    /** Heap retained per compiled model: used heap after GC with 20 copies alive, minus before, divided by 20. */
    private long heapPerModel(boolean withShap) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        int copies = 20;
        List<JavaCompiledModel> keep = new ArrayList<>(copies);
        float[] one = new float[1];
        long before = usedAfterGc(mem);
        for (int i = 0; i < copies; i++) {
            JavaCompiledModel m = new JavaEngine().compile(new ModelArtifact("copy.ubj", fx.ubj()));
            m.predictBatch(fx.rows(), 1, one); // builds the batch layout, which a load leaves to the first batch
            if (withShap) {
                m.treeShap();
            }
            keep.add(m);
        }
        long after = usedAfterGc(mem);
        sink += keep.size();
        long per = (after - before) / copies;
        keep.clear();
        return per;
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** xgboost4j keeps its trees in native memory: resident-set growth per loaded booster (Linux), or -1. */
    private long nativePerBooster() throws XGBoostError, IOException {
        long before = rssBytes();
        if (before < 0) {
            return -1;
        }
        List<Booster> keep = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Booster b = XGBoost.loadModel(fx.ubj());
            sink += b.inplace_predict(fx.row(0), 1, fx.numFeatures(), Float.NaN)[0][0];
            keep.add(b);
        }
        long after = rssBytes();
        keep.forEach(Booster::dispose);
        return Math.max(0, (after - before) / 20);
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private double maxAbsDiff(JavaCompiledModel java, Booster xgb) throws XGBoostError {
        int n = fx.numRows();
        float[] mine = new float[n];
        java.predictBatch(fx.rows(), n, mine);
        float[][] ref = xgb.inplace_predict(fx.rows(), n, fx.numFeatures(), Float.NaN);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(mine[i] - ref[i][0]));
        }
        return worst;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double us(long nanos) {
        return round2(nanos / 1e3);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round(double v) {
        return Math.round(v);
    }
}
