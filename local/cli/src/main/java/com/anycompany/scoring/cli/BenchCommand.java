package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.bench.BenchFixture;
import com.anycompany.scoring.bench.EndpointBench;
import com.anycompany.scoring.bench.EngineBench;
import com.anycompany.scoring.bench.ScalingBench;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks the java engine against xgboost4j on the same model and rows, in one run.",
                "The model (300 trees, depth 6, 30 features, 5%% missing) is trained in the run with a fixed seed. "
                        + "Reports single-row p50/p99, batch rows/s on 1 thread and on all cores, load time from "
                        + "UBJSON bytes, heap per loaded model and SHAP time per row, each with xgboost4j's figure "
                        + "and the speedup (xgboost4j / java for times, java / xgboost4j for throughputs)."})
public final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = Json.MAPPER;

    @Option(names = "--json", description = "print the figures as one JSON object")
    boolean json;

    @Option(names = "--seconds", defaultValue = "2", description = "measuring time per throughput figure "
            + "(default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--rows", defaultValue = "10000", description = "rows scored per batch (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--train-rows", defaultValue = "20000", description = "training rows (default ${DEFAULT-VALUE})")
    int trainRows;

    @Option(names = "--cold-start", description = "instead: time from JVM start to the first fraud decision, in "
            + "fresh JVMs running the handler against the local S3/SQS, with and without SnapStart priming")
    boolean coldStart;

    @Option(names = "--endpoint", description = "instead: the salary endpoint's handler latency for one record "
            + "with top-3 reasons (p50/p99, warm), beside the model server (the container: SageMaker /invocations "
            + "and the Open Inference Protocol over loopback HTTP), against xgboost4j scoring + contributions of the same row, in one "
            + "run (target p99 <= 20 ms)")
    boolean endpoint;

    @Option(names = "--runs", defaultValue = "3", description = "JVMs per cold-start figure (median; default "
            + "${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--attrition", description = "instead: the monthly attrition run (50,000 employees, 1,000 client "
            + "models) end to end, then the same rows scored alone by the java engine and by xgboost4j, and the cost "
            + "of a model-cache miss per client model")
    boolean attrition;

    @Option(names = "--month", defaultValue = "2026-01", description = "with --attrition: the month (default "
            + "${DEFAULT-VALUE})")
    String month;

    @Option(names = "--scaling", description = "instead: the scaling table, ns per tree per row (thread CPU time) of "
            + "java predictBatch against xgboost4j inplace_predict (1 thread) on --rows rows, for depths 3, 6, 8 and 12 "
            + "(300 trees) and 20, 300 and 1,000 trees (depth 6), on numeric models and on models with categorical "
            + "splits, plus java single-row p50 and max |java - xgboost4j| per model; --seconds is the measuring time "
            + "per model and side (suggested 1)")
    boolean scaling;

    @Option(names = "--shapes", split = ",", paramLabel = "DEPTHxTREES", description = "with --scaling: the model "
            + "shapes (default 3x300,6x300,8x300,12x300,6x20,6x1000)")
    List<String> shapes;

    @picocli.CommandLine.Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || rows < 100 || trainRows < 1000) {
            throw new IllegalArgumentException("need --seconds > 0, --rows >= 100 and --train-rows >= 1000");
        }
        PrintStream out = HandlerStdout.realOut();
        if (coldStart) {
            try (com.anycompany.scoring.runtime.LocalRuntime rt = runtime.open()) {
                Map<String, Object> f = new com.anycompany.scoring.bench.coldstart.ColdStartBench(rt,
                        RuntimeOptions.projectDir().resolve("events/sqs-fraud-transaction.json"), Math.max(1, runs))
                        .run();
                out.println(json ? JSON.writeValueAsString(f) : f.toString().replace(", ", "\n  "));
            }
            return 0;
        }
        if (scaling) {
            Map<String, Object> f = scalingFigures();
            if (json) {
                out.println(JSON.writeValueAsString(f));
            } else {
                printScaling(out, f);
            }
            return 0;
        }
        if (attrition) {
            Map<String, Object> f = attritionFigures();
            out.println(json ? JSON.writeValueAsString(f) : f.toString().replace(", ", "\n  "));
            return 0;
        }
        if (endpoint) {
            Map<String, Object> f = new EndpointBench(seconds, System.err, RuntimeOptions.projectDir(),
                    SalaryDemo.FUNCTION, (rt, progress) -> SalaryDemo.publish(rt, 20261125L, progress)).run();
            if (json) {
                out.println(JSON.writeValueAsString(f));
            } else {
                out.printf("%-28s %10s %10s %12s %12s%n", "salary endpoint, 1 record", "p50 ms", "p99 ms",
                        "cpu p50 ms", "cpu p99 ms");
                for (String k : new String[]{"handler", "invoke", "model_server_invocations", "model_server_v2_infer",
                        "core_explain", "xgboost4j_predict_contrib"}) {
                    out.printf("%-28s %10s %10s %12s %12s%n", k, f.get(k + "_p50_ms"), f.get(k + "_p99_ms"),
                            f.get(k + "_cpu_p50_ms"), f.get(k + "_cpu_p99_ms"));
                }
                out.printf("baseline / handler: wall p50 %sx, p99 %sx; cpu p50 %sx, p99 %sx%n",
                        f.get("handler_p50_vs_xgboost4j"), f.get("handler_p99_vs_xgboost4j"),
                        f.get("handler_cpu_p50_vs_xgboost4j"), f.get("handler_cpu_p99_vs_xgboost4j"));
                out.printf("baseline / model server (/invocations, loopback HTTP): wall p50 %sx, p99 %sx%n",
                        f.get("model_server_invocations_p50_vs_xgboost4j"),
                        f.get("model_server_invocations_p99_vs_xgboost4j"));
                out.printf("target handler p99 <= %s ms (wall): %s; model %s, %s cores, load average %s%n",
                        f.get("target_p99_ms"), Boolean.TRUE.equals(f.get("target_met")) ? "met" : "MISSED",
                        f.get("model"), f.get("cores"), f.get("load_average_1m"));
            }
            return 0;
        }
        System.err.println("bench: training the model (fixed seed) ...");
        BenchFixture fx = BenchFixture.create(trainRows, rows);
        Map<String, Object> figures = new EngineBench(fx, System.err, seconds).run();
        if (json) {
            out.println(JSON.writeValueAsString(figures));
        } else {
            out.printf("%-34s %14s %14s %9s%n", "figure", "java", "xgboost4j", "speedup");
            row(out, figures, "single_row_p50_us", "single_row_p50_us_speedup");
            row(out, figures, "single_row_p99_us", "single_row_p99_us_speedup");
            row(out, figures, "batch_rows_per_s_1thread", "batch_rows_per_s_1thread_speedup");
            row(out, figures, "batch_rows_per_s_all_cores", "batch_rows_per_s_all_cores_speedup");
            row(out, figures, "load_ms", "load_ms_speedup");
            row(out, figures, "load_cpu_ms", "load_cpu_ms_speedup");
            row(out, figures, "load_process_cpu_ms", "load_process_cpu_ms_speedup");
            row(out, figures, "shap_us_per_row", "shap_us_per_row_speedup");
            row(out, figures, "shap_us_per_row_block", "shap_us_per_row_block_speedup");
            out.printf("%-34s %14s %14s %8sx%n", "load_ms_json (vs xgboost4j UBJSON)", figures.get("load_ms_json"),
                    figures.get("load_ms_xgboost4j"), figures.get("load_ms_json_speedup"));
            out.printf("%-34s %14s %14s %8sx%n", "load_cpu_ms_json", figures.get("load_cpu_ms_json"),
                    figures.get("load_cpu_ms_xgboost4j"), figures.get("load_cpu_ms_json_speedup"));
            out.printf("%-34s %14s %14s%n", "heap_bytes_per_model", figures.get("heap_bytes_per_model"),
                    figures.getOrDefault("native_bytes_per_model_xgboost4j", "n/a") + " (native)");
            out.printf("%-34s %14s%n", "heap_bytes_per_model_with_shap", figures.get("heap_bytes_per_model_with_shap"));
            out.printf("%-34s %14s%n", "shap_table_bytes_per_model", figures.get("shap_table_bytes_per_model"));
            out.printf("model %s, %s cores, max |java - xgboost4j| = %s, load average %s%n", figures.get("model"),
                    figures.get("cores"), figures.get("max_abs_diff"), figures.get("load_average_1m"));
        }
        return 0;
    }

    /** The --scaling figures for the parsed options. */
    Map<String, Object> scalingFigures() throws Exception {
        List<ScalingBench.Shape> list = ScalingBench.SHAPES;
        if (shapes != null && !shapes.isEmpty()) {
            list = shapes.stream().map(BenchCommand::shape).toList();
        }
        return new ScalingBench(list, trainRows, rows, seconds, System.err).run();
    }

    private static ScalingBench.Shape shape(String s) {
        String[] dt = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (dt.length == 2) {
                int depth = Integer.parseInt(dt[0]);
                int trees = Integer.parseInt(dt[1]);
                if (depth >= 1 && depth <= 20 && trees >= 1) {
                    return new ScalingBench.Shape(depth, trees);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--shapes: \"" + s + "\" is not DEPTHxTREES with depth 1-20 and at least "
                + "one tree (e.g. 6x300)");
    }

    @SuppressWarnings("unchecked")
    private static void printScaling(PrintStream out, Map<String, Object> f) {
        for (String kind : new String[]{"numeric", "categorical"}) {
            out.printf("%s: ns per tree per row, thread CPU time (median of %s alternating rounds), %s rows%n", kind,
                    f.get("rounds"), f.get("rows"));
            out.printf("%5s %6s %8s %9s %10s %8s %13s %11s%n", "depth", "trees", "nodes", "java", "xgboost4j",
                    "speedup", "java 1-row µs", "max |diff|");
            for (Map<String, Object> m : (java.util.List<Map<String, Object>>) f.get(kind)) {
                out.printf("%5s %6s %8s %9s %10s %7sx %13s %11s%n", m.get("depth"), m.get("trees"), m.get("nodes"),
                        m.get("ns_per_tree_row"), m.get("ns_per_tree_row_xgboost4j"), m.get("ns_per_tree_row_speedup"),
                        m.get("single_row_p50_us"), m.get("max_abs_diff"));
            }
        }
        out.printf("categorical features %s; %s cores, load average %s (start %s)%n", f.get("categorical_features"),
                f.get("cores"), f.get("load_average_1m"), f.get("load_average_1m_start"));
    }

    private static void row(PrintStream out, Map<String, Object> f, String key, String ratio) {
        Object speed = f.get(ratio);
        out.printf("%-34s %14s %14s %8sx%n", key, f.get(key), f.get(key + "_xgboost4j"), speed);
    }

    /** The 50K monthly run end to end, then scoring alone and cache-miss cost on the same rows and models. */
    private Map<String, Object> attritionFigures() throws Exception {
        long seed = 20260101L;
        int clients = 1000;
        int employees = 50_000;
        try (com.anycompany.scoring.runtime.LocalRuntime rt = runtime.open()) {
            com.anycompany.scoring.local.demo.MonthlyAttritionData.prepare(rt, month, seed, clients, employees, 0.002,
                    m -> System.err.println("bench: " + m));
            System.err.println("bench: the monthly run end to end (plan, shards through the ASL, finalize) ...");
            Map<String, Object> input = new java.util.LinkedHashMap<>();
            input.put("kind", "monthly");
            input.put("model", "attrition");
            input.put("modelVersion", "1");
            input.put("month", month);
            long t0 = System.nanoTime();
            com.anycompany.scoring.batch.BatchSummary s = BatchCommand.execute(rt, JSON.writeValueAsString(input), 4,
                    false);
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> f = new java.util.LinkedHashMap<>();
            f.put("end_to_end_rows", s.rows());
            f.put("end_to_end_scored", s.scored());
            f.put("end_to_end_quarantined", s.quarantined());
            f.put("end_to_end_wall_s", Math.round(wall * 100) / 100.0);
            f.put("end_to_end_rows_per_s", Math.round(s.rows() / wall));
            f.putAll(endToEndBreakdown(rt, s));
            // The same run again in this JVM: what the run costs once the JIT has compiled S3Proxy, the SDK, Jackson
            // and the functions (in AWS each function is its own SnapStart-restored JVM and S3 is a service, so
            // neither this JVM's compile of the local S3 server nor its cold start is part of a run there). The first
            // run above stays the headline figure.
            System.err.println("bench: the same monthly run again, in the now warm JVM ...");
            long t1 = System.nanoTime();
            com.anycompany.scoring.batch.BatchSummary again = BatchCommand.execute(rt,
                    JSON.writeValueAsString(input), 4, false);
            double wallAgain = (System.nanoTime() - t1) / 1e9;
            f.put("end_to_end_second_run_wall_s", Math.round(wallAgain * 100) / 100.0);
            f.put("end_to_end_second_run_plan_ms", again.planMillis());
            f.put("end_to_end_second_run_scored", again.scored());
            f.putAll(new com.anycompany.scoring.bench.AttritionBench(
                    new com.anycompany.scoring.model.S3ModelStore(rt.aws().s3Client(), rt.bucketName("ModelBucket")),
                    new com.anycompany.scoring.local.demo.SyntheticWorkforce(seed, clients, employees), month, "1",
                    seconds, System.err).run());
            f.put("cores", Runtime.getRuntime().availableProcessors());
            f.put("load_average_1m", Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage() * 100) / 100.0);
            return f;
        }
    }

    /**
     * Where the end-to-end time went, from the run's own records: Plan's time, and per shard (from each shard's
     * result) the input reads, the scoring (model loading, prefetched or in line, plus parsing and scoring rows) and
     * the writes, summed over shards and for the slowest shard.
     */
    private static Map<String, Object> endToEndBreakdown(com.anycompany.scoring.runtime.LocalRuntime rt,
                                                         com.anycompany.scoring.batch.BatchSummary s) {
        var storage = new com.anycompany.scoring.batch.S3BatchStorage(rt.aws().s3Client());
        String bucket = rt.bucketName("DataBucket");
        String planKey = s.outputPrefix() + "_manifest/plan.json";
        var plan = com.anycompany.scoring.batch.BatchJson.read(storage.read(bucket, planKey).orElseThrow(),
                com.anycompany.scoring.batch.BatchPlan.class, planKey);
        long read = 0;
        long score = 0;
        long write = 0;
        long slowest = 0;
        for (var shard : plan.shards()) {
            var r = com.anycompany.scoring.batch.BatchJson.read(storage.read(bucket, shard.resultKey()).orElseThrow(),
                    com.anycompany.scoring.batch.ShardResult.class, shard.resultKey());
            read += r.readMillis();
            score += r.scoreMillis();
            write += r.writeMillis();
            slowest = Math.max(slowest, r.totalMillis());
        }
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("end_to_end_plan_ms", s.planMillis());
        f.put("end_to_end_shards", plan.shards().size());
        f.put("end_to_end_shard_read_ms_sum", read);
        f.put("end_to_end_shard_models_and_score_ms_sum", score);
        f.put("end_to_end_shard_write_ms_sum", write);
        f.put("end_to_end_shard_ms_max", slowest);
        f.put("end_to_end_model_cache_misses", s.cacheMisses());
        return f;
    }
}
