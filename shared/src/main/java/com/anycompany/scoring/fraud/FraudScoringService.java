package com.anycompany.scoring.fraud;

import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelRef;
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
import java.util.Set;

/**
 * Scores a batch of payroll transactions and delivers one decision per transaction.
 *
 * <p>Guarantees: a message is reported successful only when its decision was confirmed delivered; a malformed or
 * unscorable message fails alone; if the model cannot be loaded every message fails (and is retried); on a FIFO
 * queue the first failure fails every later message of the batch, so order is kept.
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

    /**
     * Pre-traffic probe: scores message bodies with version {@code version} of this function's model, with no
     * decision sent anywhere. One observation per body, in order; a body that fails is an error observation.
     */
    public List<GoldenGate.Observation> probe(String version, List<String> bodies) {
        ModelRef ref = version == null ? router.primary() : new ModelRef(router.primary().name(), version, null);
        LoadedModel m = cache.get(ref);
        List<GoldenGate.Observation> out = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            long t0 = System.nanoTime();
            try {
                Transaction tx = Transaction.parse(bodies.get(i), "probe row " + i);
                float[] y = m.score(tx.record(), "probe row " + i);
                out.add(GoldenGate.Observation.ok(i, y, (System.nanoTime() - t0) / 1e6));
            } catch (RuntimeException e) {
                out.add(GoldenGate.Observation.failed(i, e.getMessage(), (System.nanoTime() - t0) / 1e6));
            }
        }
        return out;
    }

    /** After a SnapStart restore: fresh SQS client (connections, credentials); the loaded model is kept. */
    public void afterRestore() {
        sink.refresh();
    }

    public BatchOutcome process(List<InboundMessage> messages, boolean fifo) {
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
            model = cache.get(modelRef);
        } catch (ScoringException e) {
            LOG.error("model {} cannot be loaded; failing all {} messages for retry: {}", modelRef, messages.size(),
                    e.getMessage());
            metrics.count("ModelLoadFailed", 1);
            messages.forEach(m -> failures.add(new BatchOutcome.Failure(m.messageId(), e.getMessage(), e.retryable())));
            metrics.flush();
            return new BatchOutcome(messages.size(), 0, 0, failures);
        }
        ShadowTally shadow = new ShadowTally();
        int challengerServed = 0;
        int review = 0;
        double scoreSum = 0;
        String scoredAt = clock.instant().toString();

        Map<String, DecisionSink.Outgoing> decided = new LinkedHashMap<>();
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
                String label = "message " + m.messageId();
                Transaction tx = Transaction.parse(m.body(), label);
                Route route = router.route(text(tx, routingField), text(tx, CLIENT_FIELD));
                LoadedModel serving = route.serving().equals(modelRef) ? model : routed(route.serving(), modelRef,
                        model);
                ModelCard card = serving.card();
                FraudDecision.ModelId id = new FraudDecision.ModelId(card.name(), card.version());
                float[] row = serving.schema().map(tx.record(), "transaction " + tx.transactionId());
                LoadedModel.Explained explained = serving.explainRow(row, FraudDecision.REASONS);
                float score = explained.outputs()[0];
                if (drift != null && serving == model) {
                    drift.observe(serving, row, score);
                }
                String decision = card.output().hasThreshold() ? card.output().decide(score) : "SCORED";
                if (serving != model && !"champion".equals(route.arm()) && !"fixed".equals(route.arm())) {
                    challengerServed++;
                }
                if (card.output().hasThreshold() && decision.equals(card.output().positive())) {
                    review++;
                }
                scoreSum += score;
                if (route.shadow() != null && !route.shadow().equals(route.serving())) {
                    shadowScore(route.shadow(), tx, score, decision, shadow);
                }
                decided.put(m.messageId(), new DecisionSink.Outgoing(m.messageId(), m.messageGroupId(),
                        new FraudDecision(tx.transactionId(), score, decision, id, scoredAt, explained.reasons())));
            } catch (InvalidRecordException e) {
                LOG.warn("rejected {}: {}", m.messageId(), Masking.mask(e.getMessage()));
                failures.add(new BatchOutcome.Failure(m.messageId(), e.getMessage(), false));
                firstFailure = i;
            } catch (ScoringException e) {
                LOG.error("model for {} unavailable: {}", m.messageId(), e.getMessage());
                failures.add(new BatchOutcome.Failure(m.messageId(), e.getMessage(), e.retryable()));
                firstFailure = i;
            } catch (RuntimeException e) {
                LOG.error("scoring failed for {}: {}", m.messageId(), e.toString());
                failures.add(new BatchOutcome.Failure(m.messageId(), "scoring failed: " + e, false));
                firstFailure = i;
            }
        }

        org.slf4j.MDC.remove("correlation_id");
        Set<String> undelivered = sink.deliver(new ArrayList<>(decided.values()));
        int delivered = 0;
        boolean failRest = false;
        for (InboundMessage m : messages) {
            if (!decided.containsKey(m.messageId())) {
                if (fifo) {
                    failRest = true;
                }
                continue;
            }
            if (undelivered.contains(m.messageId()) || failRest) {
                failures.add(new BatchOutcome.Failure(m.messageId(), failRest && !undelivered.contains(m.messageId())
                        ? "an earlier message of this FIFO batch failed" : "decision not delivered", true));
                failRest = fifo;
            } else {
                delivered++;
            }
        }
        metrics.count("MessagesReceived", messages.size());
        metrics.count("TransactionsScored", decided.size());
        metrics.count("DecisionsDelivered", delivered);
        metrics.count("MessagesFailed", failures.size());
        metrics.millis("BatchDuration", (System.nanoTime() - start) / 1e6);
        if (!decided.isEmpty()) {
            // score-distribution metrics for the deployment alarms (ReviewRate shift, MeanScore shift)
            metrics.count("ReviewDecisions", review);
            metrics.value("ReviewRate", review / (double) decided.size());
            metrics.value("MeanScore", scoreSum / decided.size());
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
    private LoadedModel routed(ModelRef ref, ModelRef primary, LoadedModel primaryModel) {
        Long until = refused.get(ref);
        long now = clock.millis();
        if (until != null && until > now) {
            return primaryModel;
        }
        try {
            return cache.get(ref);
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
