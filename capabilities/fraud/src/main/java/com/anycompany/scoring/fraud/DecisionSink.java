package com.anycompany.scoring.fraud;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** Delivers decisions downstream. */
public interface DecisionSink {
    /** One decision and the inbound message it answers. */
    record Outgoing(String messageId, String messageGroupId, FraudDecision decision) {
    }

    /**
     * Why a decision was not confirmed delivered. {@code retryable} false: the destination refused this decision
     * itself (a sender fault), so sending it again cannot help.
     */
    record Undelivered(String reason, boolean retryable) {
    }

    /**
     * Sends every decision, retrying transient refusals while {@code remainingMillis} leaves time; returns, by inbound
     * message id, the decisions NOT confirmed delivered (those messages must be reported as failures).
     */
    Map<String, Undelivered> deliver(List<Outgoing> decisions, LongSupplier remainingMillis);

    /** Re-creates connections and clients (after a SnapStart restore); a no-op by default. */
    default void refresh() {
    }
}
