package com.anycompany.scoring.local.faults;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thin fault adapter in front of a real SQS client (ElasticMQ): SendMessageBatch answers that ElasticMQ never gives
 * but SQS documents. Entries the plan faults are NOT sent; the rest go to the real server and its answer is kept.
 * <ul>
 *   <li>{@link Fault#THROTTLE}: a failed entry with {@code SenderFault=false} (SQS: the error is not the caller's, e.g.
 *   a throttle), code {@value #THROTTLE_CODE};</li>
 *   <li>{@link Fault#SENDER_FAULT}: a failed entry with {@code SenderFault=true}, code {@value #SENDER_FAULT_CODE}
 *   (the request is wrong for that message; sending it again cannot help);</li>
 *   <li>{@link Fault#UNCONFIRMED}: the entry is in neither {@code Successful} nor {@code Failed}.</li>
 * </ul>
 * Only {@code sendMessageBatch} is available; this is not an SQS client for anything else.
 */
public final class SqsSendFaults implements SqsClient {
    public static final String THROTTLE_CODE = "RequestThrottled";
    public static final String SENDER_FAULT_CODE = "InvalidParameterValue";

    public enum Fault { THROTTLE, SENDER_FAULT, UNCONFIRMED }

    /** Which fault, if any (null: pass through), for an entry of the {@code call}-th SendMessageBatch (from 1). */
    @FunctionalInterface
    public interface Plan {
        Fault fault(int call, SendMessageBatchRequestEntry entry);
    }

    private final SqsClient real;
    private final Plan plan;
    private final AtomicInteger calls = new AtomicInteger();

    public SqsSendFaults(SqsClient real, Plan plan) {
        this.real = real;
        this.plan = plan;
    }

    /** SendMessageBatch requests made so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        int call = calls.incrementAndGet();
        List<SendMessageBatchRequestEntry> pass = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (SendMessageBatchRequestEntry e : request.entries()) {
            Fault f = plan.fault(call, e);
            if (f == null) {
                pass.add(e);
            } else if (f == Fault.THROTTLE) {
                failed.add(BatchResultErrorEntry.builder().id(e.id()).senderFault(false).code(THROTTLE_CODE)
                        .message("Request is throttled.").build());
            } else if (f == Fault.SENDER_FAULT) {
                failed.add(BatchResultErrorEntry.builder().id(e.id()).senderFault(true).code(SENDER_FAULT_CODE)
                        .message("Value for parameter MessageBody is invalid.").build());
            }
        }
        if (pass.isEmpty()) {
            return SendMessageBatchResponse.builder().successful(List.of()).failed(failed).build();
        }
        SendMessageBatchResponse r = real.sendMessageBatch(request.toBuilder().entries(pass).build());
        List<BatchResultErrorEntry> all = new ArrayList<>(r.failed());
        all.addAll(failed);
        return r.toBuilder().failed(all).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // the real client belongs to the caller
    }
}
