package com.anycompany.scoring.fraud;

import java.util.List;
import java.util.Set;

/** Delivers decisions downstream. */
public interface DecisionSink {
    /** One decision and the inbound message it answers. */
    record Outgoing(String messageId, String messageGroupId, FraudDecision decision) {
    }

    /**
     * Sends every decision; returns the inbound message ids whose decision was NOT confirmed delivered (those messages
     * must be reported as failures so the queue redelivers them).
     */
    Set<String> deliver(List<Outgoing> decisions);

    /** Re-creates connections and clients (after a SnapStart restore); a no-op by default. */
    default void refresh() {
    }
}
