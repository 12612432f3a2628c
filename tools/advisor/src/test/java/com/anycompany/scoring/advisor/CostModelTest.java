package com.anycompany.scoring.advisor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.anycompany.scoring.advisor.Profiles.base;
import static com.anycompany.scoring.advisor.Profiles.cpu;
import static com.anycompany.scoring.advisor.Profiles.map;
import static com.anycompany.scoring.advisor.Profiles.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cost arithmetic on cases small enough to check by hand, at the prices in the data file. */
class CostModelTest {
    private static final Limits LIMITS = Limits.defaults();
    private static final PriceBook PRICES = PriceBook.usEast1();
    private static final CostModel COSTS = new CostModel(LIMITS, PRICES);
    private static final double CENT = 0.005;

    /** 1,000,000 requests a month, 24x7. */
    private static Map<String, Object> million() {
        return set(base(), "traffic", map("requests_per_month", 1_000_000, "peak_factor", 1, "hours", "24x7"));
    }

    private static LambdaSizing sizing(InferenceMode mode, int memoryMb, int records) {
        return new LambdaSizing(mode, memoryMb, records, 0, 0, 0, true, 1, 30, 0, "test", List.of());
    }

    @Test
    void pricesComeFromTheDataFileWithTheirDate() {
        assertEquals("us-east-1", PRICES.region());
        assertTrue(PRICES.retrieved().matches("\\d{4}-\\d{2}-\\d{2}"), PRICES.retrieved());
        assertFalse(PRICES.sources().isEmpty());
        assertEquals(0.0000166667, PRICES.lambda().gbSecond("x86_64"), 1e-12);
        assertEquals(0.20, PRICES.lambda().requestPerMillion(), 1e-12);
        assertEquals(0.115, PRICES.sagemaker().instances().get("ml.m5.large").hourly(), 1e-12);
    }

    @Test
    void lambdaDurationScalesWithMemoryBelowOneVcpuOnly() {
        LambdaDurationModel d = new LambdaDurationModel(LIMITS.lambdaCpu());
        assertEquals(1.0, d.slowdown(1769), 1e-12);
        assertEquals(2.0, d.slowdown(1769 / 2.0 > 884 ? 884 : 885), 0.01);
        assertEquals(1.0, d.slowdown(3538), 1e-12);
        // 1 ms runtime overhead + 10 ms I/O + 5 ms CPU x (1769/512)
        assertEquals(1 + 10 + 5 * 1769 / 512.0, d.durationMs(512, "x86_64", 5, 10), 1e-9);
        assertEquals(13, LambdaDurationModel.billedMs(12.01));
        assertEquals(12, LambdaDurationModel.billedMs(12.0));
    }

    @Test
    void lambdaUrlIsGigabyteSecondsPlusRequests() {
        // 99 ms CPU at 1,024 MB: 1 + 99 x 1769/1024 = 172.03 ms -> billed 173 ms
        ModelProfile p = Profiles.read(million());
        Measurement m = cpu(99, 1);
        Workload w = Workload.of(p, m, LIMITS);
        CostLine line = COSTS.lambda("x", "x86_64", p, w, m, sizing(InferenceMode.LAMBDA_URL, 1024, 1));
        double expected = 1_000_000 * 1.0 * 0.173 * 0.0000166667 + 1_000_000 * 0.20 / 1e6;   // $2.8833 + $0.20
        assertEquals(expected, line.monthlyUsd(), 1e-9);
        assertEquals(3.08, line.monthlyUsd(), CENT);
        // arm64 is the same duration at the arm64 price
        CostLine arm = COSTS.lambda("x", "arm64", p, w, m, sizing(InferenceMode.LAMBDA_URL, 1024, 1));
        assertEquals(1_000_000 * 0.173 * 0.0000133334 + 0.20, arm.monthlyUsd(), 1e-9);
    }

    @Test
    void lambdaSqsPaysPerBatchAndTheQueueIsListedApart() {
        Map<String, Object> t = set(million(), "source", "sqs");
        set(t, "response.caller_waits", false);
        set(t, "processing.io_ms_per_invocation", 10);
        ModelProfile p = Profiles.read(t);
        Measurement m = cpu(0.1, 10);
        Workload w = Workload.of(p, m, LIMITS);
        // 100,000 batches x (1 + 10 + 1 x 1769/512 = 14.45 -> 15 ms) x 0.5 GB
        CostLine line = COSTS.lambda("x", "x86_64", p, w, m, sizing(InferenceMode.LAMBDA_SQS, 512, 10));
        assertEquals(100_000 * 0.5 * 0.015 * 0.0000166667 + 100_000 * 0.20 / 1e6, line.monthlyUsd(), 1e-9);
        // the queue: 100,000 batches x (1 receive of 10 KB + 1 delete + 1 send) x $0.40 per million = $0.12
        CostLine queue = COSTS.queue(p, w);
        assertTrue(queue.shared());
        assertEquals(0.12, queue.monthlyUsd(), 1e-9);
    }

    @Test
    void sageMakerRealtimeKeepsOneInstanceAlwaysOnAndTwoForHighCriticality() {
        ModelProfile p = Profiles.read(million());
        Workload w = Workload.of(p, cpu(1, 1), LIMITS);
        double data = 1_000_000 * (2 + 1) / (1024.0 * 1024.0) * 0.016;   // 2 KB in, 1 KB out
        CostLine one = COSTS.realtime(p, w).get(0);
        assertEquals("SageMaker real-time ml.m5.large", one.option());
        assertEquals(730 * 0.115 + data, one.monthlyUsd(), 1e-9);   // $83.95 + $0.05
        ModelProfile high = Profiles.read(set(million(), "criticality", "high"));
        assertEquals(2 * 730 * 0.115 + data, COSTS.realtime(high, w).get(0).monthlyUsd(), 1e-9);
        // business hours: a real-time endpoint cannot scale to zero, so still 730 hours
        ModelProfile office = Profiles.read(set(million(), "traffic.hours", "business"));
        Workload ow = Workload.of(office, cpu(1, 1), LIMITS);
        assertEquals(730 * 0.115 + data, COSTS.realtime(office, ow).get(0).monthlyUsd(), 1e-9);
    }

    @Test
    void sageMakerRealtimeAddsInstancesForSustainedLoadAndPeaks() {
        // 10 requests/s average x 0.5 s = 5 busy workers; ml.m5.large has 2 at 70% -> 4 instances; peak x2 -> 8,
        // for 100 peak hours: 1 x 730 + 3 x 730 + 4 x 100 = 3,320 instance-hours
        Map<String, Object> t = set(base(), "traffic", map("requests_per_month", 10 * 730 * 3600, "peak_factor", 2,
                "peak_hours_per_month", 100, "hours", "24x7"));
        set(t, "latency.p99_ms", 2000);
        ModelProfile p = Profiles.read(t);
        Workload w = Workload.of(p, cpu(500, 1), LIMITS);
        CostLine line = COSTS.realtime(p, w).get(0);
        double data = 10 * 730 * 3600 * 3 / (1024.0 * 1024.0) * 0.016;
        assertEquals(3320 * 0.115 + data, line.monthlyUsd(), 1e-6);
        assertEquals(1 - (10 * 730 * 3600 * 0.5) / (3320 * 3600 * 2.0), line.idleFraction().orElseThrow(), 1e-9);
    }

    @Test
    void serverlessIsMemoryTimesDurationAtItsOwnPrice() {
        // 1 GB (model needs 259 MB); 1 + 1 x 1769/1024 = 2.73 -> 3 ms; 1M x 3 ms x 1 GB = 3,000 GB-s x $0.00002
        ModelProfile p = Profiles.read(million());
        Workload w = Workload.of(p, cpu(1, 1), LIMITS);
        double data = 1_000_000 * 3 / (1024.0 * 1024.0) * 0.016;
        assertEquals(3000 * 0.00002 + data, COSTS.serverless(p, w, cpu(1, 1)).monthlyUsd(), 1e-9);
        ModelProfile gpu = Profiles.read(set(set(million(), "accelerator", "gpu"), "processing.seconds_per_request", 1));
        assertFalse(COSTS.serverless(gpu, w, cpu(1, 1)).feasible());
    }

    @Test
    void batchTransformPaysStartupPerJobPlusComputeTime() {
        // 1 run, 1 job: 5 min startup + 1M records x 10 ms / 2 workers = 5,000 s -> 1.4722 h x $0.115 = $0.1693
        Map<String, Object> t = set(million(), "response", map("per_request", false));
        set(t, "latency", null);
        ModelProfile p = Profiles.read(t);
        Workload w = Workload.of(p, cpu(10, 1), LIMITS);
        CostLine line = COSTS.batchTransform(p, w);
        assertEquals((5 / 60.0 + 5000 / 3600.0) * 0.115, line.monthlyUsd(), 1e-9);
        // 100 per-client models: 100 jobs, each with its startup
        ModelProfile clients = Profiles.read(set(t, "model.count", 100));
        assertEquals((100 * 5 / 60.0 + 5000 / 3600.0) * 0.115, COSTS.batchTransform(clients, w).monthlyUsd(), 1e-9);
        // a response per request: not possible
        assertFalse(COSTS.batchTransform(Profiles.read(million()), w).feasible());
    }

    @Test
    void stepFunctionsBatchPaysShardsAndTransitions() {
        Map<String, Object> t = set(million(), "response", map("per_request", false));
        set(t, "latency", null);
        set(t, "model.count", 10);
        ModelProfile p = Profiles.read(t);
        Measurement m = cpu(0.05, 1);
        Workload w = Workload.of(p, m, LIMITS);
        LambdaSizing s = new LambdaSizer(LIMITS, PRICES).size(p, w, m, InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH);
        // one shard per client model at least; 1M records / 10 shards
        assertEquals(10, s.shardsPerRun());
        assertEquals(100_000, s.recordsPerInvocation());
        assertEquals(10, s.reservedConcurrency());
        LambdaDurationModel d = new LambdaDurationModel(LIMITS.lambdaCpu());
        double shardMs = LambdaDurationModel.billedMs(d.durationMs(s.memoryMb(), "x86_64", 10 + 0.05 * 100_000, 0));
        double transitions = 10 + 4 * 10;
        double expected = 10 * s.memoryMb() / 1024.0 * shardMs / 1000 * 0.0000166667 + 10 * 0.20 / 1e6
                + transitions * 0.025 / 1000;
        assertEquals(expected, COSTS.lambda("x", "x86_64", p, w, m, s).monthlyUsd(), 1e-12);
    }

    @Test
    void reservedConcurrencyIsPeakRateTimesP99WithHeadroom() {
        // 100 requests/s average, x5 peak = 500/s; 99 ms CPU at the chosen memory
        Map<String, Object> t = set(base(), "traffic", map("requests_per_month", 100 * 730 * 3600, "peak_factor", 5,
                "hours", "24x7"));
        ModelProfile p = Profiles.read(t);
        Measurement m = cpu(99, 1);
        Workload w = Workload.of(p, m, LIMITS);
        LambdaSizing s = new LambdaSizer(LIMITS, PRICES).size(p, w, m, InferenceMode.LAMBDA_URL);
        assertEquals((int) Math.ceil(500 * s.p99Ms() / 1000 * 1.5), s.reservedConcurrency());
        // memory: 99 ms at 512 MB is 343 ms > 200 ms. Meeting 200 ms: 1,024 MB 173 ms x 1 GB = 173 GB-ms,
        // 1,536 MB 116 ms x 1.5 = 174, 1,769 MB 100 ms x 1.73 = 172.75: within 2% of each other, the fastest wins
        assertEquals(1769, s.memoryMb());
        assertEquals(100, s.p99Ms(), 1e-9);
        LambdaSizing tight = new LambdaSizer(LIMITS, PRICES).size(Profiles.read(set(t, "latency.p99_ms", 150)), w, m,
                InferenceMode.LAMBDA_URL);
        assertEquals(1769, tight.memoryMb());
        // with 120 ms of network wait per invocation the CPU share matters less: the smallest size meeting p99 wins
        Map<String, Object> io = set(set(base(), "processing.io_ms_per_invocation", 120), "latency.p99_ms", 1000);
        LambdaSizing waits = new LambdaSizer(LIMITS, PRICES).size(Profiles.read(io), w, cpu(5, 1),
                InferenceMode.LAMBDA_URL);
        assertEquals(512, waits.memoryMb());
    }

    @Test
    void memoryHoldsTheModel() {
        // 1,000 MB model: 256 + 3 x 1,000 = 3,256 MB needed; 4,096 MB is the smallest candidate holding it
        ModelProfile p = Profiles.read(set(million(), "model.size_mb", 1000));
        Measurement m = cpu(1, 1);
        LambdaSizing s = new LambdaSizer(LIMITS, PRICES).size(p, Workload.of(p, m, LIMITS), m, InferenceMode.LAMBDA_URL);
        assertEquals(4096, s.memoryMb());
    }
}
