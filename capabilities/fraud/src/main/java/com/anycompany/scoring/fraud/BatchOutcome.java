package com.anycompany.scoring.fraud;

import java.util.List;

/**
 * What happened to one batch of messages: the ids to report as failures (the queue redelivers them, then dead-letters
 * them after maxReceiveCount), and why each failed.
 */
public record BatchOutcome(int received, int scored, int delivered, List<Failure> failures) {
    public record Failure(String messageId, String reason, boolean retryable) {
    }

    public List<String> failedMessageIds() {
        return failures.stream().map(Failure::messageId).toList();
    }
}
