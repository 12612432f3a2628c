package com.anycompany.scoring.advisor;

import java.util.ArrayList;
import java.util.List;

import static com.anycompany.scoring.advisor.Needs.fmt;

/**
 * Picks the Lambda memory size and reserved concurrency. Every candidate memory size that holds the model
 * (JVM base + model size x factor) gets an estimated mean and p99 duration ({@link LambdaDurationModel}) and a cost per
 * record; the cheapest size whose p99 meets the profile's latency need wins. Sizes within 2% of the cheapest count as
 * equal and the faster one is taken (more memory, up to one full vCPU). Batch shards are sized to run about
 * {@code shard_target_seconds} each.
 */
public final class LambdaSizer {
    private static final double TIE = 1.02;
    private static final String ARCH = "x86_64";

    private final Limits limits;
    private final PriceBook prices;
    private final LambdaDurationModel durations;

    public LambdaSizer(Limits limits, PriceBook prices) {
        this.limits = limits;
        this.prices = prices;
        this.durations = new LambdaDurationModel(limits.lambdaCpu());
    }

    public LambdaSizing size(ModelProfile p, Workload w, Measurement m, InferenceMode mode) {
        Limits.Policy policy = limits.policy();
        int batch = mode == InferenceMode.LAMBDA_SQS ? policy.sqsBatchSize() : 1;
        double io = p.processing().ioMsPerInvocation();
        double cpuPerRecordMs = m.cpuMsPerRecord();
        // p99 of an invocation: measured over invocations of the same batch size when the measurement matches
        double p99CpuMs = m.recordsPerInvocation() == batch ? m.invocationP99Ms() : cpuPerRecordMs * batch;
        double meanCpuMs = cpuPerRecordMs * batch;
        double price = prices.lambda().gbSecond(ARCH);
        double requestPrice = prices.lambda().requestPerMillion() / 1e6;

        List<LambdaSizing.Point> points = new ArrayList<>();
        for (int mem : policy.memoryCandidatesMb()) {
            if (mem > limits.aws().lambdaMaxMemoryMb()) {
                continue;
            }
            int records = batch;
            double mean;
            double p99;
            if (mode == InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH) {
                double fixed = shardMs(mem, 0, m, io);
                double perRecord = shardMs(mem, 1, m, io) - fixed;
                records = (int) Math.max(1, Math.min(10_000_000, Math.floor(
                        (policy.shardTargetSeconds() * 1000 - fixed) / Math.max(perRecord, 1e-6))));
                mean = shardMs(mem, records, m, io);
                p99 = mean;
            } else {
                mean = durations.durationMs(mem, ARCH, meanCpuMs, io);
                p99 = durations.durationMs(mem, ARCH, p99CpuMs, io);
            }
            double gb = mem / 1024.0;
            double perRecordUsd = (gb * LambdaDurationModel.billedMs(mean) / 1000 * price + requestPrice) / records;
            boolean holds = mem >= Math.max(policy.minMemoryMb(), w.memoryNeedMb());
            boolean inTime = p99 <= limits.aws().lambdaMaxTimeoutS() * 1000.0;
            points.add(new LambdaSizing.Point(mem, records, mean, p99, perRecordUsd * 1e6, holds && inTime));
        }
        double budget = p.latencyP99Ms().filter(x -> mode == InferenceMode.LAMBDA_SQS
                || mode == InferenceMode.LAMBDA_URL).orElse(Double.POSITIVE_INFINITY);
        List<LambdaSizing.Point> eligible = points.stream().filter(LambdaSizing.Point::eligible).toList();
        if (eligible.isEmpty()) {
            LambdaSizing.Point last = points.get(points.size() - 1);
            return sizing(p, w, m, mode, last, false, "no memory size holds the model (needs "
                    + fmt("%s MB", w.memoryNeedMb()) + ")", points);
        }
        List<LambdaSizing.Point> meeting = eligible.stream().filter(pt -> pt.p99Ms() <= budget).toList();
        boolean latencyMet = !meeting.isEmpty();
        LambdaSizing.Point chosen;
        String rule;
        if (!latencyMet) {
            chosen = eligible.stream().min((a, b) -> Double.compare(a.p99Ms(), b.p99Ms())).orElseThrow();
            rule = fmt("no size meets p99 %s ms; the fastest (%s MB, p99 %s ms) is shown", budget, chosen.memoryMb(),
                    chosen.p99Ms());
        } else {
            double cheapest = meeting.stream().mapToDouble(LambdaSizing.Point::usdPerMillionRecords).min().orElseThrow();
            chosen = meeting.stream().filter(pt -> pt.usdPerMillionRecords() <= cheapest * TIE
                            && pt.memoryMb() <= limits.lambdaCpu().fullVcpuMemoryMb())
                    .max((a, b) -> Integer.compare(a.memoryMb(), b.memoryMb()))
                    .orElseGet(() -> meeting.stream().min((a, b) -> Double.compare(a.usdPerMillionRecords(),
                            b.usdPerMillionRecords())).orElseThrow());
            rule = fmt("cheapest size that holds the model (needs %s MB) and meets %s: $%s per million records at p99"
                            + " %s ms", w.memoryNeedMb(), Double.isInfinite(budget) ? "the 900 s limit"
                            : fmt("p99 %s ms", budget), chosen.usdPerMillionRecords(), chosen.p99Ms());
        }
        return sizing(p, w, m, mode, chosen, latencyMet, rule, points);
    }

    /**
     * One batch shard: the runtime overhead, the shard's I/O, loading its model (CPU, so it scales with memory) and
     * {@code records} records.
     */
    public double shardMs(int memoryMb, long records, Measurement m, double ioMs) {
        double slow = durations.slowdown(memoryMb) / limits.lambdaCpu().speed(ARCH);
        return limits.lambdaCpu().invokeOverheadMs() + ioMs + (m.modelLoadMs() + m.cpuMsPerRecord() * records) * slow;
    }

    private LambdaSizing sizing(ModelProfile p, Workload w, Measurement m, InferenceMode mode,
                                LambdaSizing.Point chosen, boolean latencyMet, String rule,
                                List<LambdaSizing.Point> points) {
        Limits.Policy policy = limits.policy();
        int records = chosen.recordsPerInvocation();
        double meanMs = chosen.meanMs();
        double p99Ms = chosen.p99Ms();
        double invocations;
        long shards = 0;
        int reserved;
        int timeout;
        if (mode == InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH) {
            int runs = p.traffic().runsPerMonth();
            double perRun = w.requestsPerMonth() / runs;
            shards = Math.max(p.model().count(), (long) Math.ceil(perRun / records));
            records = (int) Math.ceil(perRun / shards);
            meanMs = shardMs(chosen.memoryMb(), records, m, p.processing().ioMsPerInvocation());
            p99Ms = meanMs;
            invocations = (double) shards * runs;
            reserved = (int) Math.min(shards, policy.batchMaxConcurrency());
            timeout = (int) Math.min(limits.aws().lambdaMaxTimeoutS(), Math.max(60, Math.ceil(meanMs * 2 / 1000)));
        } else {
            invocations = w.requestsPerMonth() / records;
            double peakInvocationsPerSecond = w.peakRps() / records;
            reserved = (int) Math.ceil(peakInvocationsPerSecond * chosen.p99Ms() / 1000
                    * policy.reservedConcurrencyHeadroom());
            reserved = Math.max(policy.minReservedConcurrency(), reserved);
            timeout = (int) Math.min(limits.aws().lambdaMaxTimeoutS(), Math.max(10, Math.ceil(chosen.p99Ms() * 10 / 1000)));
        }
        return new LambdaSizing(mode, chosen.memoryMb(), records, invocations, meanMs, p99Ms,
                latencyMet, reserved, timeout, shards, rule, points);
    }
}
