package com.anycompany.scoring.fraud;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Sends decisions with SendMessageBatch, ten at a time. A decision counts as delivered only when SQS lists its entry
 * in {@code Successful}. An entry SQS fails with {@code SenderFault} (the request itself is wrong for that message) is
 * poison: it fails alone, named, and is not sent again. Every other entry that is not confirmed (a throttle or
 * server-side failure, an entry in neither list, a whole request that throws) is sent again with backoff for as long as
 * the invocation's remaining time leaves {@link #SEND_RESERVE_MILLIS} (at most {@link #MAX_ATTEMPTS} sends); what is
 * still not confirmed then fails its
 * inbound message, for redelivery. On a FIFO queue each decision carries the transaction's dedup key
 * ({@link DecisionIdentity}) as its deduplication id, so re-sends and redeliveries never make a second copy within
 * SQS's 5-minute deduplication window.
 */
public final class SqsDecisionSink implements DecisionSink {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDecisionSink.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int MAX_ENTRIES = 10;
    /** Time kept back from the invocation's remaining time: a re-send starts only if more than this is left. */
    public static final long SEND_RESERVE_MILLIS = 1_000;
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    /** Sends of one chunk at most per invocation (about 4 s of backoff), however much time is left. */
    static final int MAX_ATTEMPTS = 8;

    private final java.util.function.Supplier<SqsClient> clients;
    private volatile SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;

    public SqsDecisionSink(SqsClient sqs, String queueUrl) {
        this(() -> sqs, queueUrl);
    }

    /** With a client factory, {@link #refresh} replaces the client (after a SnapStart restore). */
    public SqsDecisionSink(java.util.function.Supplier<SqsClient> clients, String queueUrl) {
        this.clients = clients;
        this.sqs = clients.get();
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
    }

    /**
     * Closes the client and builds a fresh one: connections and resolved credentials captured in a SnapStart snapshot
     * must not be shared by restored copies.
     */
    @Override
    public synchronized void refresh() {
        SqsClient old = sqs;
        SqsClient fresh = clients.get();
        if (fresh != old) {
            sqs = fresh;
            old.close();
        }
    }

    @Override
    public Map<String, Undelivered> deliver(List<Outgoing> decisions, LongSupplier remainingMillis) {
        Map<String, Undelivered> failed = new LinkedHashMap<>();
        for (int from = 0; from < decisions.size(); from += MAX_ENTRIES) {
            sendChunk(decisions.subList(from, Math.min(decisions.size(), from + MAX_ENTRIES)), remainingMillis, failed);
        }
        return failed;
    }

    private void sendChunk(List<Outgoing> chunk, LongSupplier remainingMillis, Map<String, Undelivered> failed) {
        Map<String, Outgoing> pending = new LinkedHashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            pending.put(Integer.toString(i), chunk.get(i));
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            String lastError = sendOnce(pending, failed);
            if (pending.isEmpty()) {
                return;
            }
            long left = remainingMillis.getAsLong();
            if (left - backoff <= SEND_RESERVE_MILLIS || attempt >= MAX_ATTEMPTS) {
                for (Outgoing o : pending.values()) {
                    failed.put(o.messageId(), new Undelivered("decision not delivered after " + attempt
                            + " attempt(s), " + left + " ms left in the invocation: " + lastError, true));
                }
                LOG.warn("{} decisions not confirmed after {} attempt(s) with {} ms left; their messages will be "
                        + "retried: {}", pending.size(), attempt, left, lastError);
                return;
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /**
     * One SendMessageBatch of the pending entries: removes from {@code pending} what was confirmed or refused as poison
     * (recorded in {@code failed}); returns the last transient error, for the log.
     */
    private String sendOnce(Map<String, Outgoing> pending, Map<String, Undelivered> failed) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.size());
        pending.forEach((id, o) -> entries.add(entry(id, o)));
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            return "SendMessageBatch failed: " + e.getMessage();
        }
        Set<String> confirmed = response.successful().stream().map(SendMessageBatchResultEntry::id)
                .collect(Collectors.toSet());
        String lastError = "SQS confirmed neither success nor failure of the entry";
        for (BatchResultErrorEntry error : response.failed()) {
            Outgoing o = pending.get(error.id());
            if (o == null || confirmed.contains(error.id())) {
                continue;
            }
            String what = error.code() + " " + error.message();
            if (Boolean.TRUE.equals(error.senderFault())) {
                pending.remove(error.id());
                failed.put(o.messageId(), new Undelivered("the decisions queue refused the decision of transaction "
                        + o.decision().transactionId() + " (sender fault " + what + ")", false));
                LOG.error("decision for message {} refused by SQS as a sender fault, not sent again: {}",
                        o.messageId(), what);
            } else {
                lastError = what;
            }
        }
        pending.keySet().removeAll(confirmed);
        return lastError;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SendMessageBatchRequestEntry entry(String id, Outgoing o) {
        String body;
        try {
            body = JSON.writeValueAsString(o.decision());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision", e);
        }
        String key = o.decision().dedupKey();
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder().id(id).messageBody(body)
                .messageAttributes(Map.of("dedupKey",
                        MessageAttributeValue.builder().dataType("String").stringValue(key).build()));
        if (fifo) {
            b.messageDeduplicationId(key).messageGroupId(DecisionIdentity.groupId(
                    o.messageGroupId() != null ? o.messageGroupId() : o.decision().transactionId()));
        }
        return b.build();
    }
}
