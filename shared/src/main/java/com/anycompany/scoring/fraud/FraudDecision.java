package com.anycompany.scoring.fraud;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The message sent to the decisions queue for one transaction. {@code dedupKey} is not in the body: it travels as the
 * FIFO deduplication id and as a message attribute, so a consumer can drop redelivered duplicates.
 */
@JsonPropertyOrder({"transactionId", "score", "decision", "model", "scoredAt"})
public record FraudDecision(String transactionId, float score, String decision, ModelId model, String scoredAt) {
    public record ModelId(String name, String version) {
    }

    /** Same transaction, same model version: same key, however often the message is redelivered. */
    public String dedupKey() {
        return model.name() + "-" + model.version() + "-" + transactionId;
    }
}
