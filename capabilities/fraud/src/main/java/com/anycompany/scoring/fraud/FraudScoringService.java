package com.anycompany.scoring.fraud;

import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.StageTimes;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.ModelRouter;
import com.anycompany.scoring.rollout.Route;
import com.anycompany.scoring.rollout.ShadowTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Scores a batch of payroll transactions and delivers one decision per transaction.
 *
 * <p>Guarantees: a message is reported successful only when its decision was confirmed delivered; a malformed or
 * unscorable message fails alone; if the model cannot be loaded every message fails (and is retried); on a FIFO
 * queue the first failure fails every later message of the batch, so order is kept.
 *
 * <p>Time: no model load starts unless the invocation has {@link #loadReserveMillis} left (default
 * {@value #DEFAULT_LOAD_RESERVE_MILLIS} ms, env MODEL_LOAD_RESERVE_MS); the messages that would need it fail as
 * retryable batch item failures while decided ones are still delivered, so a timeout never re-fails a decided message.
 * Every batch publishes {@code FailureRatio} (failed / received), the metric the deployment's rollback alarm watches.
 */
public final class FraudScoringService {
    private static final Logger LOG = LoggerFactory.getLogger(FraudScoringService.class);

    /** The transaction field whose value decides champion or challenger (sticky per employee by default). */
    public static final String DEFAULT_ROUTING_FIELD = "employeeId";
    private static final String CLIENT_FIELD = "clientId";

    private final ModelCache cache;
    private final ModelRouter router;
    private final String routingField;
    private final DecisionSink sink;
    private final ScoringMetrics metrics;
    private final Clock clock;
    /** Versions routed to that cannot load, until when they are not tried again (epoch ms). */
    private final Map<ModelRef, Long> refused = new java.util.concurrent.ConcurrentHashMap<>();
    static final java.time.Duration REFUSED_FOR = java.time.Duration.ofMinutes(5);
    private final com.anycompany.scoring.monitor.OnlineDriftMonitor drift;
    private boolean coldStart = true;
    public static final long DEFAULT_LOAD_RESERVE_MILLIS = 10_000;
    private long loadReserveMillis = DEFAULT_LOAD_RESERVE_MILLIS;
    private DecisionSink probeSink;

    public FraudScoringService(ModelCache cache, ModelRef modelRef, DecisionSink sink, ScoringMetrics metrics,
                               Clock clock) {
        this(cache, ModelRouter.fixed(modelRef), DEFAULT_ROUTING_FIELD, sink, metrics, clock);
    }

    /**
     * Routes each transaction through {@code router} (the model registry: champion, sticky challenger by
     * {@code routingField}, per-client canary, shadow).
     */
    public FraudScoringService(ModelCache cache, ModelRouter router, String routingField, DecisionSink sink,
                               ScoringMetrics metrics, Clock clock) {
        this(cache, router, routingField, sink, metrics, clock, null);
    }

    /** ... and watches the primary model's inputs and scores for drift with {@code drift} (null: not watched). */
    public FraudScoringService(ModelCache cache, ModelRouter router, String routingField, DecisionSink sink,
                               ScoringMetrics metrics, Clock clock,
                               com.anycompany.scoring.monitor.OnlineDriftMonitor drift) {
        this.drift = drift;
        this.cache = cache;
        this.router = router;
        this.routingField = routingField;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The time a model load is given: none starts with less left in the invocation (plus the send reserve). */
    public FraudScoringService loadReserveMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("MODEL_LOAD_RESERVE_MS must be >= 0, not " + millis);
        }
        this.loadReserveMillis = millis;
        return this;
    }

    public ModelRef modelRef() {
        return router.primary();
    }

    public ModelRouter router() {
        return router;
    }

    /** Loads the model now (container init or SnapStart priming) instead of on the first message. */
    public LoadedModel warmUp() {
        return cache.get(router.primary());
    }

    /** Where pre-traffic probes send their decisions (a probe queue, never the decisions queue); null: none. */
    public FraudScoringService probeSink(DecisionSink probeSink) {
        this.probeSink = probeSink;
        return this;
    }

    /**
     * Pre-traffic probe: decides message bodies with version {@code version} of this function's model on the path real
     * messages take (feature mapping, explanation, decision) and sends the decisions through the probe sink, the same
     * send path to a probe destination. One observation per body, in order; a body that fails to score, or whose
     * decision is not delivered, is an error observation (the hook's gate then fails).
     */
    public List<GoldenGate.Observation> probe(String version, List<String> bodies, LongSupplier remainingMillis) {
        ModelRef ref = version == null ? router.primary() : new ModelRef(router.primary().name(), version, null);
        LoadedModel m = cache.get(ref);
        List<GoldenGate.Observation> out = new ArrayList<>(bodies.size());
        List<DecisionSink.Outgoing> decided = new ArrayList<>();
        String now = clock.instant().toString();
        for (int i = 0; i < bodies.size(); i++) {
            long t0 = System.nanoTime();
            try {
                Transaction tx = Transaction.parse(bodies.get(i), "probe row " + i);
                Scored scored = decide(m, tx, now);
                decided.add(new DecisionSink.Outgoing(Integer.toString(i), null, scored.decision()));
                out.add(GoldenGate.Observation.ok(i, scored.outputs(), (System.nanoTime() - t0) / 1e6));
            } catch (RuntimeException e) {
                out.add(GoldenGate.Observation.failed(i, e.getMessage(), (System.nanoTime() - t0) / 1e6));
            }
        }
        if (probeSink != null && !decided.isEmpty()) {
            Map<String, DecisionSink.Undelivered> undelivered = probeSink.deliver(decided, remainingMillis);
            undelivered.forEach((row, u) -> {
                GoldenGate.Observation o = out.get(Integer.parseInt(row));
                out.set(o.row(), GoldenGate.Observation.failed(o.row(), "decision not delivered to the probe queue: "
                        + u.reason(), o.millis()));
            });
        }
        return out;
    }

    /** One transaction decided by {@code serving}: the model's input row and outputs, and the decision. */
    private record Scored(float[] row, float[] outputs, FraudDecision decision) {
    }

    /** A message parsed, routed and mapped to its model's input row, waiting for the batch's scoring. */
    private record Pending(InboundMessage message, Transaction tx, Route route, LoadedModel serving, float[] row) {
    }

    /** The batch item failure for {@code e}: poison (not retried) unless a retryable scoring error. */
    private static BatchOutcome.Failure failure(InboundMessage m, RuntimeException e) {
        if (e instanceof InvalidRecordException) {
            LOG.warn("rejected {}: {}", m.messageId(), Masking.mask(e.getMessage()));
            return new BatchOutcome.Failure(m.messageId(), e.getMessage(), false);
        }
        if (e instanceof ScoringException se) {
            LOG.error("model for {} unavailable: {}", m.messageId(), e.getMessage());
            return new BatchOutcome.Failure(m.messageId(), e.getMessage(), se.retryable());
        }
        LOG.error("scoring failed for {}: {}", m.messageId(), e.toString());
        return new BatchOutcome.Failure(m.messageId(), "scoring failed: " + e, false);
    }

    private static Scored decide(LoadedModel serving, Transaction tx, String scoredAt) {
        return decide(serving, tx, scoredAt, null);
    }

    /** @param times null, or this batch's time in scoring and in reasons */
    private static Scored decide(LoadedModel serving, Transaction tx, String scoredAt, StageTimes times) {
        float[] row = serving.schema().map(tx.record(), "transaction " + tx.transactionId());
        return scored(serving, tx, row, serving.explainRow(row, FraudDecision.REASONS, times), scoredAt);
    }

    /** The decision for a transaction its model scored and explained. */
    private static Scored scored(LoadedModel serving, Transaction tx, float[] row, LoadedModel.Explained explained,
                                 String scoredAt) {
        ModelCard card = serving.card();
        float score = explained.outputs()[0];
        String decision = card.output().hasThreshold() ? card.output().decide(score) : "SCORED";
        return new Scored(row, explained.outputs(), new FraudDecision(tx.transactionId(), score, decision,
                new FraudDecision.ModelId(card.name(), card.version()), scoredAt, explained.reasons()));
    }

    /** After a SnapStart restore: fresh SQS client (connections, credentials); the loaded model is kept. */
    public void afterRestore() {
        sink.refresh();
    }

    public BatchOutcome process(List<InboundMessage> messages, boolean fifo) {
        return process(messages, fifo, () -> Long.MAX_VALUE);
    }

    /** Like {@link #process(List, boolean)} within the invocation's {@code remainingMillis} (Lambda's Context). */
    public BatchOutcome process(List<InboundMessage> messages, boolean fifo, LongSupplier remainingMillis) {
        long start = System.nanoTime();
        if (coldStart) {
            coldStart = false;
            metrics.count("ColdStart", 1);
        }
        List<BatchOutcome.Failure> failures = new ArrayList<>();
        LoadedModel model;
        ModelRef modelRef = null;
        try {
            modelRef = router.primary();
            model = load(modelRef, remainingMillis);
        } catch (ScoringException e) {
            LOG.error("model {} cannot be loaded; failing all {} messages for retry: {}", modelRef, messages.size(),
                    e.getMessage());
            metrics.count("ModelLoadFailed", 1);
            messages.forEach(m -> failures.add(new BatchOutcome.Failure(m.messageId(), e.getMessage(), e.retryable())));
            publishFailureRatio(messages.size(), failures.size());
            metrics.flush();
            return new BatchOutcome(messages.size(), 0, 0, failures);
        }
        ShadowTally shadow = new ShadowTally();
        int challengerServed = 0;
        int review = 0;
        double scoreSum = 0;
        String now = clock.instant().toString();

        Map<String, DecisionSink.Outgoing> decided = new LinkedHashMap<>();
        StageTimes stageTimes = new StageTimes(); // this batch's time in scoring and in reasons (SHAP, top 3)
        // 1. parse, route and map every message (a malformed one fails alone; on FIFO it fails the rest too)
        List<Pending> pending = new ArrayList<>(messages.size());
        int firstFailure = -1;
        for (int i = 0; i < messages.size(); i++) {
            InboundMessage m = messages.get(i);
            if (fifo && firstFailure >= 0) {
                failures.add(new BatchOutcome.Failure(m.messageId(), "an earlier message of this FIFO batch failed",
                        true));
                continue;
            }
            org.slf4j.MDC.put("correlation_id", m.messageId()); // the SQS messageId, on every log line for it
            try {
                Transaction tx = Transaction.parse(m.body(), "message " + m.messageId());
                Route route = router.route(text(tx, routingField), text(tx, CLIENT_FIELD));
                LoadedModel serving = route.serving().equals(modelRef) ? model : routed(route.serving(), modelRef,
                        model, remainingMillis);
                float[] row = serving.schema().map(tx.record(), "transaction " + tx.transactionId());
                pending.add(new Pending(m, tx, route, serving, row));
            } catch (RuntimeException e) {
                failures.add(failure(m, e));
                firstFailure = i;
            }
        }
        // 2. score and explain each model's transactions together (one block walk of the trees for the batch)
        Map<LoadedModel, List<Pending>> byModel = new java.util.IdentityHashMap<>();
        pending.forEach(p -> byModel.computeIfAbsent(p.serving(), k -> new ArrayList<>()).add(p));
        Map<Pending, Object> explained = new java.util.IdentityHashMap<>();
        byModel.forEach((serving, group) -> {
            try {
                List<LoadedModel.Explained> answers = serving.explainRows(group.stream().map(Pending::row).toList(),
                        FraudDecision.REASONS, stageTimes);
                for (int j = 0; j < group.size(); j++) {
                    explained.put(group.get(j), answers.get(j));
                }
            } catch (RuntimeException e) {
                group.forEach(p -> explained.put(p, e));
            }
        });
        // 3. decide, in message order
        boolean failedBefore = false;
        for (Pending p : pending) {
            InboundMessage m = p.message();
            if (fifo && failedBefore) {
                failures.add(new BatchOutcome.Failure(m.messageId(), "an earlier message of this FIFO batch failed",
                        true));
                continue;
            }
            org.slf4j.MDC.put("correlation_id", m.messageId());
            try {
                if (explained.get(p) instanceof RuntimeException e) {
                    throw e;
                }
                LoadedModel serving = p.serving();
                ModelCard card = serving.card();
                Scored scored = scored(serving, p.tx(), p.row(), (LoadedModel.Explained) explained.get(p),
                        m.sentAt() != null ? m.sentAt().toString() : now);
                float score = scored.decision().score();
                if (drift != null && serving == model) {
                    drift.observe(serving, scored.row(), score);
                }
                String decision = scored.decision().decision();
                Route route = p.route();
                if (serving != model && !"champion".equals(route.arm()) && !"fixed".equals(route.arm())) {
                    challengerServed++;
                }
                if (card.output().hasThreshold() && decision.equals(card.output().positive())) {
                    review++;
                }
                scoreSum += score;
                if (route.shadow() != null && !route.shadow().equals(route.serving())) {
                    shadowScore(route.shadow(), p.tx(), score, decision, shadow);
                }
                decided.put(m.messageId(), new DecisionSink.Outgoing(m.messageId(), m.messageGroupId(),
                        scored.decision()));
            } catch (RuntimeException e) {
                failures.add(failure(m, e));
                failedBefore = true;
            }
        }

        org.slf4j.MDC.remove("correlation_id");
        Map<String, DecisionSink.Undelivered> undelivered = sink.deliver(new ArrayList<>(decided.values()),
                remainingMillis);
        int delivered = 0;
        boolean failRest = false;
        for (InboundMessage m : messages) {
            if (!decided.containsKey(m.messageId())) {
                if (fifo) {
                    failRest = true;
                }
                continue;
            }
            DecisionSink.Undelivered u = undelivered.get(m.messageId());
            if (u != null) {
                failures.add(new BatchOutcome.Failure(m.messageId(), u.reason(), u.retryable()));
                failRest = fifo;
            } else if (failRest) {
                failures.add(new BatchOutcome.Failure(m.messageId(), "an earlier message of this FIFO batch failed",
                        true));
            } else {
                delivered++;
            }
        }
        metrics.count("MessagesReceived", messages.size());
        metrics.count("TransactionsScored", decided.size());
        metrics.count("DecisionsDelivered", delivered);
        metrics.count("MessagesFailed", failures.size());
        publishFailureRatio(messages.size(), failures.size());
        metrics.millis("BatchDuration", (System.nanoTime() - start) / 1e6);
        if (!decided.isEmpty()) {
            // score-distribution metrics for the deployment alarms (ReviewRate shift, MeanScore shift)
            metrics.count("ReviewDecisions", review);
            metrics.value("ReviewRate", review / (double) decided.size());
            metrics.value("MeanScore", scoreSum / decided.size());
            // per batch, the served decisions' time in the model: scoring, then reasons (what the demo reports), in
            // wall-clock time and in the thread's CPU time (the code's own cost, without waiting for a CPU)
            metrics.millis("BatchScoringTime", stageTimes.scoringMillis());
            metrics.millis("BatchReasonsTime", stageTimes.reasonsMillis());
            if (stageTimes.cpuMeasured()) {
                metrics.millis("BatchScoringCpuTime", stageTimes.scoringCpuMillis());
                metrics.millis("BatchReasonsCpuTime", stageTimes.reasonsCpuMillis());
            }
        }
        if (challengerServed > 0) {
            metrics.count("ChallengerServed", challengerServed);
        }
        shadow.publish(metrics);
        if (drift != null) {
            drift.maybePublish(metrics);
        }
        metrics.flush();
        return new BatchOutcome(messages.size(), decided.size(), delivered, failures);
    }

    /**
     * The model of a non-primary route (challenger, per-client canary). A version that can never load (corrupt or
     * tampered artifact, unsupported, missing) must not cost the messages routed to it: the primary (champion) answers
     * them instead, the refusal is logged and counted ({@code RoutedModelRefused}) and remembered for
     * {@link #REFUSED_FOR} (versions are immutable), so it is not downloaded again for every message. A transient
     * failure (S3 unreachable) still fails the message, for redelivery.
     */
    private LoadedModel routed(ModelRef ref, ModelRef primary, LoadedModel primaryModel, LongSupplier remainingMillis) {
        Long until = refused.get(ref);
        long now = clock.millis();
        if (until != null && until > now) {
            return primaryModel;
        }
        try {
            return load(ref, remainingMillis);
        } catch (ScoringException e) {
            if (e.retryable()) {
                throw e;
            }
            refused.put(ref, now + REFUSED_FOR.toMillis());
            LOG.error("model {} routed to by the registry cannot be used, {} serves its traffic: {}", ref, primary,
                    e.getMessage());
            metrics.count("RoutedModelRefused", 1);
            return primaryModel;
        }
    }

    /**
     * The model {@code ref} from the cache; a load (a cache miss) starts only with {@link #loadReserveMillis} plus the
     * send reserve left, else {@link NotEnoughTimeException} (retryable) fails the messages that need it.
     */
    private LoadedModel load(ModelRef ref, LongSupplier remainingMillis) {
        if (!cache.isLoaded(ref)) {
            long left = remainingMillis.getAsLong();
            long needed = loadReserveMillis + SqsDecisionSink.SEND_RESERVE_MILLIS;
            if (left < needed) {
                metrics.count("ModelLoadDeferred", 1);
                throw new NotEnoughTimeException(ref, left, needed);
            }
        }
        return cache.get(ref);
    }

    /** Failed / received for this batch: the rollback alarm's metric (per-message failures are not Lambda Errors). */
    private void publishFailureRatio(int received, int failed) {
        if (received > 0) {
            metrics.value("FailureRatio", failed / (double) received);
        }
    }

    /** Scores with the shadow version for comparison only; its failures never affect the served answer. */
    private void shadowScore(ModelRef ref, Transaction tx, float served, String servedDecision, ShadowTally tally) {
        try {
            LoadedModel s = cache.get(ref);
            float score = s.score(tx.record(), "transaction " + tx.transactionId())[0];
            String decision = s.card().output().hasThreshold() ? s.card().output().decide(score) : "SCORED";
            tally.observe(served, servedDecision, score, decision);
        } catch (RuntimeException e) {
            tally.error();
            LOG.warn("shadow {} could not score transaction {}: {}", ref, tx.transactionId(),
                    Masking.mask(String.valueOf(e.getMessage())));
        }
    }

    private static String text(Transaction tx, String field) {
        Object v = field == null ? null : tx.record().get(field);
        return v == null ? null : v.toString();
    }
}
