package com.anycompany.scoring.batch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Finalize step: reads the plan and every shard's result, checks for each shard and in total that the planned
 * rows = scored + quarantined, and only then writes {@code _SUCCESS} (the summary as JSON). It does not take a shard's
 * word for its files: each part and quarantine file must still carry the ETag its result recorded, and must hold as
 * many rows as the result says were scored and quarantined ({@link OutputCheck}). Any disagreement, or a shard without
 * a result, is a {@link ReconciliationException} naming the shards, and no {@code _SUCCESS} is written.
 */
public final class BatchFinalizer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchFinalizer.class);

    private final BatchStorage storage;
    private final Clock clock;
    private final java.util.function.Function<com.anycompany.scoring.model.ModelRef,
            Optional<com.anycompany.scoring.model.ModelCard>> cards;
    private final com.anycompany.scoring.model.DriftThresholds thresholds;
    private final long minRows;
    private final ModelBundles bundles;

    public BatchFinalizer(BatchStorage storage, Clock clock) {
        this(storage, clock, null, null, com.anycompany.scoring.monitor.DriftAssessment.DEFAULT_MIN_ROWS);
    }

    /**
     * A finalizer that also writes the run's drift report ({@link RunReports}) before {@code _SUCCESS}, judging
     * drift with the cards {@code cards} finds (null: no report) and the deployment's {@code thresholds}.
     */
    public BatchFinalizer(BatchStorage storage, Clock clock,
                          java.util.function.Function<com.anycompany.scoring.model.ModelRef,
                                  Optional<com.anycompany.scoring.model.ModelCard>> cards,
                          com.anycompany.scoring.model.DriftThresholds thresholds, long minRows) {
        this(storage, clock, cards, thresholds, minRows, null);
    }

    /**
     * As above; with {@code bundles}, the drift report takes the cards of the run's model snapshot (the ones its
     * shards used) from the bundle the plan pinned, with one ranged GET, and reads only the others through
     * {@code cards}.
     */
    public BatchFinalizer(BatchStorage storage, Clock clock,
                          java.util.function.Function<com.anycompany.scoring.model.ModelRef,
                                  Optional<com.anycompany.scoring.model.ModelCard>> cards,
                          com.anycompany.scoring.model.DriftThresholds thresholds, long minRows, ModelBundles bundles) {
        this.storage = storage;
        this.clock = clock;
        this.cards = cards;
        this.thresholds = thresholds;
        this.minRows = minRows;
        this.bundles = bundles;
    }

    public BatchFinalizer(BatchStorage storage) {
        this(storage, Clock.systemUTC());
    }

    public BatchSummary finalizeRun(String bucket, String planKey) {
        BatchPlan plan = BatchJson.read(storage.read(bucket, planKey).orElseThrow(() -> new BatchInputException(
                "no plan at s3://" + bucket + "/" + planKey)), BatchPlan.class, "s3://" + bucket + "/" + planKey);
        org.slf4j.MDC.put("correlation_id", plan.runId()); // the run id: the Step Functions execution's run
        List<Optional<ShardResult>> results = readResults(plan);
        List<String> fileProblems = checkOutputs(plan, results);
        List<String> problems = new ArrayList<>();
        long rows = 0;
        long scored = 0;
        long quarantined = 0;
        long clientRows = 0;
        long globalRows = 0;
        long hits = 0;
        long misses = 0;
        long shardSum = 0;
        long shardMax = 0;
        TreeSet<String> clients = new TreeSet<>();
        TreeSet<String> fallback = new TreeSet<>();
        java.util.TreeMap<String, String> modelFallbacks = new java.util.TreeMap<>();
        ScoreStats scores = ScoreStats.empty();
        List<BatchSummary.ShardLine> lines = new ArrayList<>();
        List<ShardResult> all = new ArrayList<>();
        for (int i = 0; i < plan.shards().size(); i++) {
            Shard s = plan.shards().get(i);
            Optional<ShardResult> r = results.get(i);
            if (r.isEmpty()) {
                problems.add("shard " + s.index() + " (" + s.describe() + ") has no result at " + s.resultKey());
                continue;
            }
            ShardResult res = r.get();
            if (plan.planId() != null && !plan.planId().equals(res.planId())) {
                problems.add("shard " + s.index() + " (" + s.describe() + "): the result at " + s.resultKey()
                        + " was written for another plan (" + res.planId() + "), not this run's " + plan.planId());
                continue;
            }
            String filesProblem = fileProblems.get(i);
            if (filesProblem != null) {
                problems.add("shard " + s.index() + " (" + s.describe() + "): " + filesProblem);
            }
            all.add(res);
            if (res.rows() != s.rows() || res.scored() + res.quarantined() != s.rows()) {
                problems.add("shard " + s.index() + " (" + s.describe() + " from line " + s.firstLine() + "): planned "
                        + s.rows() + " rows, read " + res.rows() + ", scored " + res.scored() + " + quarantined "
                        + res.quarantined() + " = " + (res.scored() + res.quarantined()));
            }
            rows += res.rows();
            scored += res.scored();
            quarantined += res.quarantined();
            clientRows += res.clientModelRows();
            globalRows += res.globalModelRows();
            hits += res.cacheHits();
            misses += res.cacheMisses();
            shardSum += res.totalMillis();
            shardMax = Math.max(shardMax, res.totalMillis());
            clients.addAll(res.clients());
            fallback.addAll(res.fallbackClients());
            if (res.modelFallbacks() != null) {
                modelFallbacks.putAll(res.modelFallbacks());
            }
            scores = scores.merge(res.scores());
            lines.add(new BatchSummary.ShardLine(s.index(), s.describe(), res.rows(), res.scored(), res.quarantined(),
                    res.partKey(), res.quarantineKey()));
        }
        if (problems.isEmpty() && (rows != plan.rows() || scored + quarantined != plan.rows())) {
            problems.add("in total: planned " + plan.rows() + " rows, read " + rows + ", scored " + scored
                    + " + quarantined " + quarantined);
        }
        if (!problems.isEmpty()) {
            throw new ReconciliationException("run " + plan.runId() + " does not reconcile; no _SUCCESS written: "
                    + String.join("; ", problems.size() > 20 ? problems.subList(0, 20) : problems)
                    + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : ""));
        }
        BatchSummary summary = new BatchSummary(plan.runId(), plan.model(), plan.modelVersion(), plan.outputPrefix(),
                rows, scored, quarantined, plan.shardCount(), clients.size(), List.copyOf(fallback), clientRows, globalRows,
                hits, misses, scores, plan.planMillis(), shardSum, shardMax,
                Math.max(0, clock.millis() - plan.createdAtEpochMs()), lines, report(plan, all), modelFallbacks);
        if (!modelFallbacks.isEmpty()) {
            LOG.warn("run {}: {} client model(s) could not be used, their rows were scored by the global model (reasons "
                    + "in s3://{}/{}), e.g. {}", plan.runId(), modelFallbacks.size(), bucket, plan.successKey(),
                    modelFallbacks.firstEntry());
        }
        storage.write(bucket, plan.successKey(), BatchJson.bytes(summary), "application/json");
        return summary;
    }

    /** Writes the drift report; a report that cannot be written is logged and never fails a reconciled run. */
    private String report(BatchPlan plan, List<ShardResult> results) {
        if (cards == null) {
            return null;
        }
        long t0 = System.nanoTime();
        try {
            var runCards = cards;
            Shard.ModelBundle pin = plan.shards() == null || plan.shards().isEmpty() ? null
                    : plan.shards().get(0).modelBundle();
            if (bundles != null && pin != null) {
                Map<com.anycompany.scoring.model.ModelRef, com.anycompany.scoring.model.ModelCard> snapshot =
                        bundles.cards(pin, plan.bucket(), plan.model(), plan.modelVersion());
                runCards = ref -> snapshot.containsKey(ref) ? Optional.of(snapshot.get(ref)) : cards.apply(ref);
            }
            RunReports.Written w = RunReports.write(storage, plan, results, runCards, thresholds, minRows);
            LOG.info("run {} drift report: {} ({} of {} clients drifted) in {} ms", plan.runId(), w.reportUri(),
                    w.clientsDrifted(), w.clients(), (System.nanoTime() - t0) / 1_000_000);
            return w.reportKey();
        } catch (RuntimeException e) {
            LOG.error("run {}: the drift report could not be written ({}); rebuild it with ./scoring monitor report "
                    + "--run s3://{}/{}", plan.runId(), e.toString(), plan.bucket(), plan.outputPrefix());
            return null;
        }
    }

    private List<Optional<ShardResult>> readResults(BatchPlan plan) {
        return forEachShard(plan, i -> storage.read(plan.bucket(), plan.shards().get(i).resultKey())
                .map(b -> BatchJson.read(b, ShardResult.class, plan.shards().get(i).resultKey())));
    }

    /** Per shard: what is wrong with its part and quarantine files (null: they are what its result says). */
    private List<String> checkOutputs(BatchPlan plan, List<Optional<ShardResult>> results) {
        OutputCheck check = new OutputCheck(storage, plan.bucket());
        return forEachShard(plan, i -> results.get(i).map(r -> check.problem(plan.shards().get(i), r)).orElse(null));
    }

    private <T> List<T> forEachShard(BatchPlan plan, java.util.function.IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, plan.shards().size())), t -> {
            Thread th = new Thread(t, "batch-finalize");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < plan.shards().size(); i++) {
                int idx = i;
                fs.add(pool.submit(() -> task.apply(idx)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BatchStorageUnavailableException("finalize was interrupted", e);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
