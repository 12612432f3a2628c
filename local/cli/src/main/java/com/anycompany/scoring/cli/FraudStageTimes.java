package com.anycompany.scoring.cli;

import com.anycompany.scoring.batch.BatchJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fraud handler's own per-batch figures, read back as an operator would from CloudWatch: the EMF lines the
 * function wrote to its log ({@code BatchScoringTime}, {@code BatchReasonsTime}, measured inside the core around the
 * model's predict and around the contributions and top-3 reasons, in wall-clock time, and {@code BatchScoringCpuTime},
 * {@code BatchReasonsCpuTime}, the same in the thread's CPU time, and {@code TransactionsScored}), from a byte offset
 * of the function log on. Percentiles are nearest-rank over batches.
 */
final class FraudStageTimes {
    /** The demo model's bound for scoring plus reasons, per batch of 10 transactions. */
    static final double TARGET_MS_PER_10 = 1.0;

    // {scoring ms, reasons ms, transactions, scoring CPU ms, reasons CPU ms}; CPU -1 when not reported
    private final List<double[]> batches = new ArrayList<>();

    static FraudStageTimes read(Path log, long from, String function) throws IOException {
        FraudStageTimes t = new FraudStageTimes();
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(Math.min(from, f.length()));
            byte[] rest = new byte[(int) (f.length() - f.getFilePointer())];
            f.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (!line.contains("\"BatchScoringTime\"") || !line.contains("\"_aws\"")) {
                    continue;
                }
                JsonNode n = BatchJson.MAPPER.readTree(line);
                if (!function.equals(n.path("function").asText())) {
                    continue;
                }
                double tx = first(n.get("TransactionsScored"));
                if (tx > 0) {
                    boolean cpu = n.has("BatchScoringCpuTime") && n.has("BatchReasonsCpuTime");
                    t.batches.add(new double[]{first(n.get("BatchScoringTime")), first(n.get("BatchReasonsTime")), tx,
                            cpu ? first(n.get("BatchScoringCpuTime")) : -1,
                            cpu ? first(n.get("BatchReasonsCpuTime")) : -1});
                }
            }
        }
        return t;
    }

    private static double first(JsonNode v) {
        if (v == null) {
            return 0;
        }
        return v.isArray() ? v.path(0).asDouble() : v.asDouble();
    }

    int batches() {
        return batches.size();
    }

    /** Adds the figures to the fraud stage's JSON. */
    void into(ObjectNode s) {
        ObjectNode o = s.putObject("per_batch");
        o.put("batches", batches.size());
        o.put("transactions_per_batch_mean", round(batches.stream().mapToDouble(b -> b[2]).average().orElse(0)));
        o.put("scoring_ms_p50", pct(0, 50));
        o.put("scoring_ms_p99", pct(0, 99));
        o.put("reasons_ms_p50", pct(1, 50));
        o.put("reasons_ms_p99", pct(1, 99));
        o.put("scoring_and_reasons_ms_per_10_p50", per10(50));
        o.put("scoring_and_reasons_ms_per_10_p99", per10(99));
        o.put("target_ms_per_10", TARGET_MS_PER_10);
        o.put("target_met_p50", !batches.isEmpty() && per10(50) <= TARGET_MS_PER_10);
        if (!batches.isEmpty() && batches.stream().allMatch(b -> b[3] >= 0)) {
            // the same in the function thread's CPU time: the code's own cost, without the machine's queueing
            o.put("scoring_cpu_ms_p50", pct(3, 50));
            o.put("reasons_cpu_ms_p50", pct(4, 50));
            o.put("reasons_cpu_ms_p99", pct(4, 99));
            o.put("scoring_and_reasons_cpu_ms_per_10_p50", per10Cpu(50));
            o.put("scoring_and_reasons_cpu_ms_per_10_p99", per10Cpu(99));
            o.put("target_met_p50_cpu", per10Cpu(50) <= TARGET_MS_PER_10);
        }
        o.put("load_average_1m", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
        o.put("cores", Runtime.getRuntime().availableProcessors());
    }

    private double pct(int i, double p) {
        return percentile(batches.stream().mapToDouble(b -> b[i]).toArray(), p);
    }

    /** (scoring + reasons) scaled to a batch of 10 transactions. */
    private double per10(double p) {
        return percentile(batches.stream().mapToDouble(b -> (b[0] + b[1]) * 10 / b[2]).toArray(), p);
    }

    /** (scoring + reasons) CPU time scaled to a batch of 10 transactions. */
    private double per10Cpu(double p) {
        return percentile(batches.stream().mapToDouble(b -> (b[3] + b[4]) * 10 / b[2]).toArray(), p);
    }

    private static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100 * v.length) - 1;
        return round(v[Math.max(0, Math.min(v.length - 1, rank))]);
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
