package com.anycompany.scoring.fraud;

import java.time.Instant;

/**
 * One queue message as the core sees it: no Lambda or SQS SDK types. {@code sentAt} is SQS's SentTimestamp (null when
 * unknown); it becomes the decision's {@code scoredAt}, so redelivered copies are identical.
 */
public record InboundMessage(String messageId, String body, String messageGroupId, int receiveCount, Instant sentAt) {
    public InboundMessage(String messageId, String body, String messageGroupId, int receiveCount) {
        this(messageId, body, messageGroupId, receiveCount, null);
    }
}
