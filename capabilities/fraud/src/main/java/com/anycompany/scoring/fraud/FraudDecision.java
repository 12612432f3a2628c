package com.anycompany.scoring.fraud;

import com.anycompany.scoring.engine.Reason;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The message sent to the decisions queue for one transaction. {@code dedupKey} is not in the body: it travels as the
 * FIFO deduplication id and as a message attribute, so a consumer can drop redelivered duplicates. {@code scoredAt}
 * is the time the transaction was sent to the transactions queue (SQS SentTimestamp), not the time of this scoring,
 * so every copy of one decision by one version is byte-identical. {@code reasons}
 * lists the (at most {@link #REASONS}) features that pushed the score up most, with their values and SHAP
 * contributions; the decision goes to the decisions queue only and is never logged.
 */
@JsonPropertyOrder({"transactionId", "score", "decision", "model", "scoredAt", "reasons"})
public record FraudDecision(String transactionId, float score, String decision, ModelId model, String scoredAt,
        List<Reason> reasons) {
    /** Reasons on every decision: the features that pushed the fraud score up most, with their values. */
    public static final int REASONS = 3;

    public record ModelId(String name, String version) {
    }

    /**
     * Same transaction, same key, whichever version decided it and however often the message is redelivered
     * ({@link DecisionIdentity#dedupKey}).
     */
    public String dedupKey() {
        return DecisionIdentity.dedupKey(transactionId);
    }
}
