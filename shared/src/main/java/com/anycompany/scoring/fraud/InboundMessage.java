package com.anycompany.scoring.fraud;

/** One queue message as the core sees it: no Lambda or SQS SDK types. */
public record InboundMessage(String messageId, String body, String messageGroupId, int receiveCount) {
}
