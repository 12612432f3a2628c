package com.anycompany.scoring.fraud;

import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.metrics.ScoringMetrics;
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

    private final ModelCache cache;
    private final ModelRef modelRef;
    private final DecisionSink sink;
    private final ScoringMetrics metrics;
    private final Clock clock;

    public FraudScoringService(ModelCache cache, ModelRef modelRef, DecisionSink sink, ScoringMetrics metrics,
                               Clock clock) {
        this.cache = cache;
        this.modelRef = modelRef;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
    }

    public ModelRef modelRef() {
        return modelRef;
    }

    /** Loads the model now (container init or SnapStart priming) instead of on the first message. */
    public LoadedModel warmUp() {
        return cache.get(modelRef);
    }

    /** After a SnapStart restore: fresh SQS client (connections, credentials); the loaded model is kept. */
    public void afterRestore() {
        sink.refresh();
    }

    public BatchOutcome process(List<InboundMessage> messages, boolean fifo) {
        long start = System.nanoTime();
        List<BatchOutcome.Failure> failures = new ArrayList<>();
        LoadedModel model;
        try {
            model = cache.get(modelRef);
        } catch (ScoringException e) {
            LOG.error("model {} cannot be loaded; failing all {} messages for retry: {}", modelRef, messages.size(),
                    e.getMessage());
            metrics.count("ModelLoadFailed", 1);
            messages.forEach(m -> failures.add(new BatchOutcome.Failure(m.messageId(), e.getMessage(), e.retryable())));
            metrics.flush();
            return new BatchOutcome(messages.size(), 0, 0, failures);
        }
        ModelCard card = model.card();
        FraudDecision.ModelId id = new FraudDecision.ModelId(card.name(), card.version());
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
            try {
                String label = "message " + m.messageId();
                Transaction tx = Transaction.parse(m.body(), label);
                LoadedModel.Explained explained = model.explain(tx.record(), "transaction " + tx.transactionId(),
                        FraudDecision.REASONS);
                float score = explained.outputs()[0];
                String decision = card.output().hasThreshold() ? card.output().decide(score) : "SCORED";
                decided.put(m.messageId(), new DecisionSink.Outgoing(m.messageId(), m.messageGroupId(),
                        new FraudDecision(tx.transactionId(), score, decision, id, scoredAt, explained.reasons())));
            } catch (InvalidRecordException e) {
                LOG.warn("rejected {}: {}", m.messageId(), Masking.mask(e.getMessage()));
                failures.add(new BatchOutcome.Failure(m.messageId(), e.getMessage(), false));
                firstFailure = i;
            } catch (RuntimeException e) {
                LOG.error("scoring failed for {}: {}", m.messageId(), e.toString());
                failures.add(new BatchOutcome.Failure(m.messageId(), "scoring failed: " + e, false));
                firstFailure = i;
            }
        }

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
        metrics.flush();
        return new BatchOutcome(messages.size(), decided.size(), delivered, failures);
    }
}
