package com.anycompany.scoring.runtime;

import com.anycompany.scoring.records.Json;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.anycompany.scoring.local.LocalAws;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lambda's SQS event-source mapping, locally: receives up to {@code BatchSize} messages (10 per ReceiveMessage,
 * more receives within {@code MaximumBatchingWindowInSeconds}), with all system and message attributes, builds a real
 * {@link SQSEvent}, invokes the function and then deletes what succeeded:
 * <ul>
 *   <li>handler returned normally, no {@code ReportBatchItemFailures}: the whole batch is deleted;</li>
 *   <li>with {@code ReportBatchItemFailures}: everything except the {@code batchItemFailures} ids is deleted; an
 *       empty or null response means all succeeded; an id that is not in the batch fails the whole batch;</li>
 *   <li>handler threw or ran past its Timeout: nothing is deleted (the whole batch comes back).</li>
 * </ul>
 * Failed messages become visible again after the visibility timeout and ElasticMQ moves them to the dead-letter
 * queue after {@code maxReceiveCount} receives, as SQS does.
 *
 * <p>The visibility timeout is the queue's unless {@link Builder#visibilityTimeout(Duration)} overrides it at receive
 * time (e.g. 1 s so local drains retry failures quickly instead of waiting the queue's 30+ s). The override is a
 * local convenience only; it is not what Lambda does.
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    private static final ObjectMapper JSON = Json.MAPPER;

    private final LocalLambda function;
    private final SamTemplate.SqsEvent event;
    private final SqsClient sqs;
    private final LocalAws aws;
    private final String queueUrl;
    private final int concurrency;
    private final Duration visibilityOverride;
    private final int waitTimeSeconds;
    private final Stats stats = new Stats();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastReceiveNanos = new AtomicLong(System.nanoTime());
    private final List<Thread> workers = new ArrayList<>();

    private SqsEventSourcePoller(Builder b) {
        this.function = b.function;
        this.event = b.event;
        this.aws = b.aws;
        this.sqs = b.aws.sqsClient();
        this.queueUrl = b.aws.expectedQueueUrl(b.event.queueName());
        this.concurrency = b.concurrency;
        this.visibilityOverride = b.visibilityTimeout;
        this.waitTimeSeconds = b.waitTimeSeconds;
    }

    public static Builder builder(LocalLambda function, SamTemplate.SqsEvent event, LocalAws aws) {
        return new Builder(function, event, aws);
    }

    public static final class Builder {
        private final LocalLambda function;
        private final SamTemplate.SqsEvent event;
        private final LocalAws aws;
        private int concurrency = 1;
        private Duration visibilityTimeout;
        private int waitTimeSeconds = 1;

        private Builder(LocalLambda function, SamTemplate.SqsEvent event, LocalAws aws) {
            this.function = function;
            this.event = event;
            this.aws = aws;
        }

        /** Number of concurrent pollers (each receives and invokes on its own thread); default 1. */
        public Builder concurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            this.concurrency = n;
            return this;
        }

        /** Visibility timeout passed on ReceiveMessage instead of the queue's (local fast retries); whole seconds. */
        public Builder visibilityTimeout(Duration timeout) {
            this.visibilityTimeout = timeout;
            return this;
        }

        /** Long-poll wait of the first receive of a batch (default 1 s; 0–20). */
        public Builder waitTimeSeconds(int seconds) {
            this.waitTimeSeconds = Math.max(0, Math.min(20, seconds));
            return this;
        }

        public SqsEventSourcePoller build() {
            return new SqsEventSourcePoller(this);
        }
    }

    public Stats stats() {
        return stats;
    }

    public String queueUrl() {
        return queueUrl;
    }

    /**
     * Polls (with the configured concurrency) until the queue holds no visible, in-flight or delayed messages, or
     * until nothing has been received for {@code idleTimeout}, whichever comes first. Failed messages are retried as
     * they reappear, so with a visibility timeout shorter than {@code idleTimeout} poison messages end up in the DLQ
     * before this returns.
     */
    public Stats drainUntilEmpty(Duration idleTimeout) {
        start();
        try {
            long idleNanos = idleTimeout.toNanos();
            while (true) {
                Thread.sleep(100);
                if (System.nanoTime() - lastReceiveNanos.get() > idleNanos) {
                    break;
                }
                if (stats.inFlightBatches.get() == 0 && queueEmpty() && stats.inFlightBatches.get() == 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop();
        }
        return stats;
    }

    /** False while the queue cannot be asked (ElasticMQ restarting): Lambda's poller keeps polling through it. */
    private boolean queueEmpty() {
        try {
            return aws.queueDepth(queueUrl).isEmpty();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            return false;
        }
    }

    /** Starts the pollers in the background (daemon threads); {@link #stop()} ends them. */
    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        lastReceiveNanos.set(System.nanoTime());
        function.prewarm(concurrency); // one environment per poller, cold-started before the first receive, so
        // init time is not counted as latency
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::pollLoop, "sqs-poller-" + event.queueName() + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Stops polling; waits for batches being processed to finish. */
    public synchronized void stop() {
        running.set(false);
        for (Thread t : workers) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                stats.pollErrors.incrementAndGet();
                System.err.println("sqs poller " + event.queueName() + ": " + e.getMessage());
                sleepQuietly(500);
            }
        }
    }

    /** One receive → invoke → delete cycle; returns the number of messages processed. */
    public int pollOnce() {
        List<Message> batch = receiveBatch();
        if (batch.isEmpty()) {
            return 0;
        }
        stats.inFlightBatches.incrementAndGet();
        try {
            lastReceiveNanos.set(System.nanoTime());
            stats.firstReceiveNanos.compareAndSet(0, System.nanoTime());
            stats.batches.incrementAndGet();
            stats.received.addAndGet(batch.size());
            process(batch);
            lastReceiveNanos.set(System.nanoTime());
            return batch.size();
        } finally {
            stats.inFlightBatches.decrementAndGet();
        }
    }

    private List<Message> receiveBatch() {
        int batchSize = Math.max(1, event.batchSize());
        List<Message> batch = new ArrayList<>(receive(Math.min(10, batchSize), waitTimeSeconds));
        if (batch.isEmpty() || event.maximumBatchingWindowInSeconds() <= 0) {
            return batch;
        }
        long windowEnd = System.nanoTime() + Duration.ofSeconds(event.maximumBatchingWindowInSeconds()).toNanos();
        while (batch.size() < batchSize && running.get()) {
            long left = windowEnd - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int wait = (int) Math.min(1, Duration.ofNanos(left).toSeconds());
            List<Message> more = receive(Math.min(10, batchSize - batch.size()), wait);
            batch.addAll(more);
            if (more.isEmpty() && wait == 0) {
                sleepQuietly(Math.min(50, Duration.ofNanos(left).toMillis()));
            }
        }
        return batch;
    }

    private List<Message> receive(int max, int wait) {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(max)
                .waitTimeSeconds(wait)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All");
        if (visibilityOverride != null) {
            request.visibilityTimeout((int) Math.max(0, visibilityOverride.toSeconds()));
        }
        return sqs.receiveMessage(request.build()).messages();
    }

    private void process(List<Message> batch) {
        SQSEvent sqsEvent = toEvent(batch);
        stats.invocations.incrementAndGet();
        LocalLambda.Invocation result = function.invoke(function.isStreamHandler() ? sqsEvent : sqsEvent);
        stats.latencies.add(result.durationNanos());
        if (result.error() != null) {
            stats.handlerErrors.incrementAndGet();
            stats.failed.addAndGet(batch.size());
            System.err.println(function.function().logicalId() + " failed a batch of " + batch.size()
                    + " (" + result.requestId() + "): " + result.error());
            return;
        }
        if (result.timedOut()) {
            stats.timeouts.incrementAndGet();
            stats.failed.addAndGet(batch.size());
            System.err.println(function.function().logicalId() + " ran past its Timeout of "
                    + function.function().timeoutSeconds() + " s; the batch of " + batch.size() + " will be retried");
            return;
        }
        Set<String> failedIds = new HashSet<>();
        if (event.reportBatchItemFailures()) {
            List<String> reported = failedIds(result);
            Set<String> ids = new HashSet<>();
            batch.forEach(m -> ids.add(m.messageId()));
            for (String id : reported) {
                if (id == null || id.isBlank() || !ids.contains(id)) {
                    stats.invalidResponses.incrementAndGet();
                    stats.failed.addAndGet(batch.size());
                    System.err.println(function.function().logicalId() + " reported batch item failure " + id
                            + " which is not a message of the batch; the whole batch fails");
                    return;
                }
                failedIds.add(id);
            }
        }
        stats.failed.addAndGet(failedIds.size());
        List<Message> succeeded = batch.stream().filter(m -> !failedIds.contains(m.messageId())).toList();
        delete(succeeded);
    }

    /**
     * Stands for a response Lambda cannot read as a partial batch response (invalid JSON, batchItemFailures not a
     * list): like a null itemIdentifier, it fails the whole batch (AWS: "Implementing partial batch responses").
     */
    private static final List<String> INVALID_RESPONSE = java.util.Collections.singletonList(null);

    private List<String> failedIds(LocalLambda.Invocation result) {
        Object output = result.output();
        if (output == null) {
            return List.of();
        }
        if (output instanceof SQSBatchResponse response) {
            if (response.getBatchItemFailures() == null) {
                return List.of();
            }
            return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        }
        try {
            String json = result.outputJson();
            if (json == null || json.isBlank()) {
                return List.of();
            }
            JsonNode node = JSON.readTree(json);
            JsonNode failures = node == null || node.isNull() ? null : node.get("batchItemFailures");
            if (failures == null || failures.isNull()) {
                return List.of(); // Lambda: a null response or a null batchItemFailures list is complete success
            }
            if (!failures.isArray()) {
                return INVALID_RESPONSE;
            }
            List<String> ids = new ArrayList<>();
            failures.forEach(f -> ids.add(f.hasNonNull("itemIdentifier") ? f.get("itemIdentifier").asText() : null));
            return ids;
        } catch (Exception e) {
            return INVALID_RESPONSE; // Lambda treats an invalid JSON response as complete failure
        }
    }

    private void delete(List<Message> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<Message> chunk = messages.subList(i, Math.min(messages.size(), i + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(j))
                        .receiptHandle(chunk.get(j).receiptHandle()).build());
            }
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            stats.deleted.addAndGet(response.successful().size());
            stats.lastDeleteNanos.accumulateAndGet(System.nanoTime(), Math::max);
            if (!response.failed().isEmpty()) {
                stats.deleteErrors.addAndGet(response.failed().size());
            }
        }
    }

    /** The event Lambda would deliver for these messages. */
    public SQSEvent toEvent(List<Message> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            r.setAttributes(new LinkedHashMap<>(m.attributesAsStrings()));
            Map<String, SQSEvent.MessageAttribute> attrs = new LinkedHashMap<>();
            m.messageAttributes().forEach((k, v) -> attrs.put(k, toAttribute(v)));
            r.setMessageAttributes(attrs);
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(event.queueArn());
            r.setAwsRegion(LocalAws.REGION);
            records.add(r);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    private static SQSEvent.MessageAttribute toAttribute(MessageAttributeValue v) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(v.dataType());
        a.setStringValue(v.stringValue());
        if (v.binaryValue() != null) {
            a.setBinaryValue(v.binaryValue().asByteBuffer());
        }
        if (v.hasStringListValues() && !v.stringListValues().isEmpty()) {
            a.setStringListValues(v.stringListValues());
        }
        if (v.hasBinaryListValues() && !v.binaryListValues().isEmpty()) {
            a.setBinaryListValues(v.binaryListValues().stream().map(b -> b.asByteBuffer()).toList());
        }
        return a;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counters of a poller (live; thread-safe). */
    public static final class Stats {
        final AtomicLong batches = new AtomicLong();
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong handlerErrors = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong invalidResponses = new AtomicLong();
        final AtomicLong deleteErrors = new AtomicLong();
        final AtomicLong pollErrors = new AtomicLong();
        final AtomicLong inFlightBatches = new AtomicLong();
        final AtomicLong firstReceiveNanos = new AtomicLong();
        final AtomicLong lastDeleteNanos = new AtomicLong();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

        public long batches() {
            return batches.get();
        }

        public long invocations() {
            return invocations.get();
        }

        /** Messages received (a message received three times counts three times). */
        public long messagesReceived() {
            return received.get();
        }

        public long messagesDeleted() {
            return deleted.get();
        }

        /** Message-deliveries that failed (reported, in a failed batch, or timed out). */
        public long messagesFailed() {
            return failed.get();
        }

        /**
         * Nanoseconds from the first message received to the last successful delete: the time it took to get every
         * scorable message decided, excluding the tail of redeliveries that only end in the DLQ.
         */
        public long busyNanos() {
            long first = firstReceiveNanos.get();
            long last = lastDeleteNanos.get();
            return first == 0 || last < first ? 0 : last - first;
        }

        public long handlerErrors() {
            return handlerErrors.get();
        }

        public long timeouts() {
            return timeouts.get();
        }

        public long invalidResponses() {
            return invalidResponses.get();
        }

        public long deleteErrors() {
            return deleteErrors.get();
        }

        public long pollErrors() {
            return pollErrors.get();
        }

        /** Handler latency of every invocation, in nanoseconds, in completion order. */
        public long[] latenciesNanos() {
            return latencies.stream().mapToLong(Long::longValue).toArray();
        }

        /** The p-th percentile (0–100, nearest rank) of handler latency in nanoseconds; 0 without invocations. */
        public long latencyPercentileNanos(double p) {
            long[] sorted = latenciesNanos();
            if (sorted.length == 0) {
                return 0;
            }
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        @Override
        public String toString() {
            return "batches=" + batches() + " invocations=" + invocations() + " received=" + messagesReceived()
                    + " deleted=" + messagesDeleted() + " failed=" + messagesFailed() + " handlerErrors="
                    + handlerErrors() + " timeouts=" + timeouts();
        }
    }
}
