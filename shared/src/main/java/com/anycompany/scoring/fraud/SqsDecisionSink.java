package com.anycompany.scoring.fraud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends decisions with SendMessageBatch, ten at a time. An entry SQS reports as failed, or a whole request that
 * throws, fails exactly the inbound messages concerned. On a FIFO queue each decision carries a deduplication id
 * derived from the transaction and model version, and the inbound message group.
 */
public final class SqsDecisionSink implements DecisionSink {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDecisionSink.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ENTRIES = 10;

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
    public Set<String> deliver(List<Outgoing> decisions) {
        Set<String> failed = new HashSet<>();
        for (int from = 0; from < decisions.size(); from += MAX_ENTRIES) {
            List<Outgoing> chunk = decisions.subList(from, Math.min(decisions.size(), from + MAX_ENTRIES));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(entry(Integer.toString(i), chunk.get(i)));
            }
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                for (BatchResultErrorEntry error : response.failed()) {
                    Outgoing o = chunk.get(Integer.parseInt(error.id()));
                    failed.add(o.messageId());
                    LOG.warn("decision not delivered for message {}: {} {}", o.messageId(), error.code(), error.message());
                }
            } catch (SdkException e) {
                chunk.forEach(o -> failed.add(o.messageId()));
                LOG.warn("SendMessageBatch of {} decisions failed; their messages will be retried: {}", chunk.size(),
                        e.getMessage());
            }
        }
        return failed;
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
            b.messageDeduplicationId(key.length() > 128 ? key.substring(0, 128) : key)
                    .messageGroupId(o.messageGroupId() != null ? o.messageGroupId() : o.decision().transactionId());
        }
        return b.build();
    }
}
