package com.anycompany.scoring.bench;

import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.ModelNotFoundException;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.model.StoredModel;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring-only half of {@code ./scoring bench --attrition}: the same month's rows as the end-to-end run (every
 * client's snapshot, each with its own model or the global one, as the shard scorer resolves them), scored per client
 * by the java engine ({@code predictBatch}) and by xgboost4j ({@code inplace_predict}, nthread 1, its fastest batch
 * path) in the same JVM; and what a model-cache miss costs per client model: the S3 GETs of card and artifact from the
 * local S3Proxy, then the java engine's parse and compile, against xgboost4j's {@code loadModel} of the same bytes.
 */
public final class AttritionBench {
    private final S3ModelStore store;
    private final SyntheticWorkforce workforce;
    private final String month;
    private final String version;
    private final double seconds;
    private final PrintStream log;
    private volatile float sink;

    public AttritionBench(S3ModelStore store, SyntheticWorkforce workforce, String month, String version,
                          double secondsPerFigure, PrintStream log) {
        this.store = store;
        this.workforce = workforce;
        this.month = month;
        this.version = version;
        this.seconds = secondsPerFigure;
        this.log = log;
    }

    /** One client's rows (row-major, model feature order) and the two engines' compiled forms of its model. */
    private record Work(int rows, float[] x, JavaCompiledModel java, Booster xgb) {
    }

    public Map<String, Object> run() throws XGBoostError, java.io.IOException {
        int nf = SyntheticWorkforce.FEATURES.size();
        log.println("bench: fetching and compiling " + workforce.clients().size() + " client models ...");
        Map<ModelRef, JavaCompiledModel> javaModels = new LinkedHashMap<>();
        Map<ModelRef, Booster> boosters = new LinkedHashMap<>();
        List<Double> getMs = new ArrayList<>();
        List<Double> compileMs = new ArrayList<>();
        List<Double> xgbLoadMs = new ArrayList<>();
        List<Double> shaMs = new ArrayList<>();
        List<Work> work = new ArrayList<>();
        long rows = 0;
        for (SyntheticWorkforce.Client c : workforce.clients()) {
            ModelRef ref = new ModelRef(AttritionModels.NAME, version, c.id());
            // resolved as the shard scorer does: the client's model, else the global one
            StoredModel stored;
            long t0 = System.nanoTime();
            try {
                stored = store.fetch(ref);
            } catch (ModelNotFoundException e) {
                ref = ModelRef.of(AttritionModels.NAME, version);
                stored = javaModels.containsKey(ref) ? null : store.fetch(ref);
            }
            long t1 = System.nanoTime();
            long fetched = t1;
            if (stored != null) {
                long s0 = System.nanoTime();
                com.anycompany.scoring.model.Hashing.sha256Hex(stored.artifact().bytes()); // the fetch's verify step
                shaMs.add((System.nanoTime() - s0) / 1e6);
                t1 += System.nanoTime() - s0; // not counted in the compile below
                JavaCompiledModel j = new JavaEngine().compile(stored.artifact());
                long t2 = System.nanoTime();
                Booster b = XGBoost.loadModel(stored.artifact().bytes());
                b.setParam("nthread", 1);
                long t3 = System.nanoTime();
                getMs.add((fetched - t0) / 1e6);
                compileMs.add((t2 - t1) / 1e6);
                xgbLoadMs.add((t3 - t2) / 1e6);
                javaModels.put(ref, j);
                boosters.put(ref, b);
            }
            List<SyntheticWorkforce.Employee> snapshot = workforce.snapshot(c, month);
            float[] x = new float[snapshot.size() * nf];
            for (int i = 0; i < snapshot.size(); i++) {
                System.arraycopy(snapshot.get(i).features(), 0, x, i * nf, nf);
            }
            work.add(new Work(snapshot.size(), x, javaModels.get(ref), boosters.get(ref)));
            rows += snapshot.size();
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clients", work.size());
        out.put("models", javaModels.size());
        out.put("rows", rows);
        out.put("max_abs_diff", maxAbsDiff(work));

        log.println("bench: scoring alone, java engine vs xgboost4j, same rows ...");
        float[] buf = new float[work.stream().mapToInt(Work::rows).max().orElse(1)];
        long total = rows;
        double java = throughput(() -> {
            for (Work w : work) {
                w.java().predictBatch(w.x(), w.rows(), buf);
                sink += buf[0];
            }
        }, total);
        double xgb = throughput(() -> {
            for (Work w : work) {
                try {
                    sink += w.xgb().inplace_predict(w.x(), w.rows(), nf, Float.NaN)[0][0];
                } catch (XGBoostError e) {
                    throw new IllegalStateException(e);
                }
            }
        }, total);
        out.put("scoring_rows_per_s", Math.round(java));
        out.put("scoring_rows_per_s_xgboost4j", Math.round(xgb));
        out.put("scoring_rows_per_s_speedup", round2(java / xgb));

        double get = median(getMs);
        double compile = median(compileMs);
        double xload = median(xgbLoadMs);
        out.put("cache_miss_ms_per_model", round3(get + compile));
        out.put("cache_miss_s3_get_ms", round3(get));
        out.put("cache_miss_sha256_ms", round3(median(shaMs))); // part of the GET figure: the fetch verifies it
        out.put("cache_miss_compile_ms", round3(compile));
        out.put("cache_miss_compile_ms_xgboost4j", round3(xload));
        out.put("cache_miss_compile_ms_speedup", round2(xload / compile));
        out.put("cache_miss_ms_p99", round3(percentile(sum(getMs, compileMs), 99)));
        out.put("cache_misses_measured", getMs.size());
        boosters.values().forEach(Booster::dispose);
        return out;
    }

    private static double maxAbsDiff(List<Work> work) throws XGBoostError {
        double max = 0;
        for (Work w : work) {
            float[] j = new float[w.rows()];
            w.java().predictBatch(w.x(), w.rows(), j);
            float[][] x = w.xgb().inplace_predict(w.x(), w.rows(), w.x().length / w.rows(), Float.NaN);
            for (int i = 0; i < w.rows(); i++) {
                max = Math.max(max, Math.abs(j[i] - x[i][0]));
            }
        }
        return max;
    }

    /** Rows per second over {@link #seconds} after a warm-up of the same length / 2. */
    private double throughput(Runnable pass, long rowsPerPass) {
        long warm = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < warm) {
            pass.run();
        }
        long start = System.nanoTime();
        try {
            long[] done = Timing.callsUntil(pass::run, start + (long) (seconds * 1e9));
            return done[0] * rowsPerPass / ((done[1] - start) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Double> sum(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) + b.get(i));
        }
        return out;
    }

    private static double median(List<Double> v) {
        return percentile(v, 50);
    }

    private static double percentile(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int rank = (int) Math.ceil(p / 100 * a.length) - 1; // nearest rank
        return a[Math.max(0, Math.min(a.length - 1, rank))];
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
