package com.anycompany.scoring.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRuntimeTest {
    @TempDir
    static Path dir;
    static LocalRuntime rt;

    @BeforeAll
    static void open() throws Exception {
        rt = openTestTemplate(dir);
    }

    /** A runtime on the test template {@code templates/runtime.yaml}, copied into {@code dir}. */
    static LocalRuntime openTestTemplate(Path dir) throws java.io.IOException {
        Path template = dir.resolve("template.yaml");
        try (InputStream in = LocalRuntimeTest.class.getResourceAsStream("/templates/runtime.yaml")) {
            Files.write(template, in.readAllBytes());
        }
        HandlerStdout.install();
        return LocalRuntime.open(dir.resolve(".scoring"), template, Map.of());
    }

    @AfterAll
    static void close() {
        if (rt != null) {
            rt.close();
        }
    }

    @BeforeEach
    void clean() {
        rt.aws().sqsClient().purgeQueue(b -> b.queueUrl(rt.queueUrl("WorkQueue")));
        rt.aws().sqsClient().purgeQueue(b -> b.queueUrl(rt.queueUrl("WorkDlq")));
        TestHandlers.Batch.SEEN.clear();
    }

    void send(String... bodies) {
        for (String body : bodies) {
            rt.aws().sqsClient().sendMessage(b -> b.queueUrl(rt.queueUrl("WorkQueue")).messageBody(body));
        }
    }

    List<String> dlqBodies() {
        List<String> bodies = new ArrayList<>();
        List<Message> got;
        do {
            got = rt.aws().sqsClient().receiveMessage(b -> b.queueUrl(rt.queueUrl("WorkDlq"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            got.forEach(m -> bodies.add(m.body()));
        } while (!got.isEmpty());
        return bodies;
    }

    @Test
    void createsTheTemplatesResourcesAndRemembersQueues() throws Exception {
        assertTrue(rt.aws().sqsClient().listQueues().queueUrls().contains(rt.queueUrl("WorkDlq")));
        rt.aws().s3Client().headBucket(b -> b.bucket("bucket"));
        String queuesJson = Files.readString(dir.resolve(".scoring/queues.json"));
        assertTrue(queuesJson.indexOf("WorkDlq") < queuesJson.indexOf("WorkQueue"), queuesJson);
    }

    @Test
    void partialFailuresAreRedeliveredThenDeadLettered() {
        send("ok-1", "ok-2", "fail-1", "ok-3");
        SqsEventSourcePoller poller = rt.poller("BatchFunction").visibilityTimeout(Duration.ofSeconds(1)).build();
        SqsEventSourcePoller.Stats stats = poller.drainUntilEmpty(Duration.ofSeconds(15));

        assertEquals(List.of("fail-1"), dlqBodies());
        assertEquals(3, stats.messagesDeleted(), stats.toString());
        assertEquals(2, stats.messagesFailed(), "fail-1 failed on both of its maxReceiveCount=2 receives: " + stats);
        assertEquals(5, stats.messagesReceived(), "4 first time + fail-1 again: " + stats);
        assertEquals(stats.invocations(), stats.latenciesNanos().length);
        assertTrue(stats.latencyPercentileNanos(99) >= stats.latencyPercentileNanos(50));
        assertTrue(rt.aws().queueDepth(rt.queueUrl("WorkQueue")).isEmpty());

        List<SQSEvent.SQSMessage> failSeen = TestHandlers.Batch.SEEN.stream()
                .filter(m -> m.getBody().equals("fail-1")).toList();
        assertEquals(List.of("1", "2"),
                failSeen.stream().map(m -> m.getAttributes().get("ApproximateReceiveCount")).toList());
        SQSEvent.SQSMessage m = failSeen.get(0);
        assertEquals("aws:sqs", m.getEventSource());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:WorkQueue", m.getEventSourceArn());
        assertEquals("us-east-1", m.getAwsRegion());
        assertNotNull(m.getMd5OfBody());
        assertNotNull(m.getReceiptHandle());
        assertNotNull(m.getAttributes().get("SentTimestamp"));
        assertNotNull(m.getAttributes().get("ApproximateFirstReceiveTimestamp"));
    }

    @Test
    void aHandlerExceptionFailsTheWholeBatch() {
        send("ok-a", "boom", "ok-b");
        SqsEventSourcePoller.Stats stats = rt.poller("BatchFunction").visibilityTimeout(Duration.ofSeconds(1))
                .build().drainUntilEmpty(Duration.ofSeconds(15));
        assertEquals(0, stats.messagesDeleted(), stats.toString());
        assertTrue(stats.handlerErrors() >= 1, stats.toString());
        // every message of the failing batches was retried until maxReceiveCount and dead-lettered
        assertEquals(List.of("boom", "ok-a", "ok-b"), dlqBodies().stream().sorted().toList());
    }

    @Test
    void withoutReportBatchItemFailuresTheResponseIsIgnored() {
        send("ok-x", "fail-x");
        SqsEventSourcePoller.Stats stats = rt.poller("PlainBatchFunction").visibilityTimeout(Duration.ofSeconds(1))
                .concurrency(2).build().drainUntilEmpty(Duration.ofSeconds(10));
        assertEquals(2, stats.messagesDeleted(), stats.toString());
        assertEquals(List.of(), dlqBodies());
    }

    @Test
    void concurrentInvocationsNeverShareAHandlerInstanceAsInLambda() {
        for (int i = 0; i < 40; i++) {
            send("m" + i);
        }
        TestHandlers.Exclusive.OVERLAPS.set(0);
        TestHandlers.Exclusive.INVOCATIONS.set(0);
        SqsEventSourcePoller.Stats stats = rt.poller("ExclusiveFunction").concurrency(4)
                .visibilityTimeout(Duration.ofSeconds(5)).build().drainUntilEmpty(Duration.ofSeconds(15));
        assertEquals(40, stats.messagesDeleted());
        assertTrue(TestHandlers.Exclusive.INVOCATIONS.get() >= 40);
        assertEquals(0, TestHandlers.Exclusive.OVERLAPS.get(), "an instance ran two invocations at once");
        assertTrue(rt.function("ExclusiveFunction").environments() >= 2,
                "concurrent invocations got environments of their own: " + rt.function("ExclusiveFunction")
                        .environments());
    }

    @Test
    void anUnparseablePartialBatchResponseFailsTheWholeBatchAsInLambda() {
        send("a", "b", "c");
        SqsEventSourcePoller.Stats stats = rt.poller("UnparseableFunction").visibilityTimeout(Duration.ofSeconds(1))
                .build().drainUntilEmpty(Duration.ofSeconds(15));
        assertEquals(0, stats.messagesDeleted(), "nothing is taken as success");
        assertTrue(stats.invalidResponses() >= 1);
        assertEquals(List.of("a", "b", "c"), dlqBodies().stream().sorted().toList(),
                "redelivered, then dead-lettered after maxReceiveCount");
    }

    @Test
    void invokeSeesTheFunctionEnvironmentInItsConstructor() {
        LocalLambda fn = rt.function("EnvFunction");
        String out = fn.invokeJson("{\"a\":1}");
        assertTrue(out.contains("\"value\":\"bucket-seen\""), out);
        assertTrue(out.contains("\"function\":\"EnvFunction\""), out);
        assertTrue(out.contains("\"s3\":\"" + rt.aws().s3Endpoint() + "\""), out);
        assertTrue(out.contains("\"input\":{\"a\":1}"), out);
        assertTrue(out.contains("\"memory\":512"), out);
        assertSame(fn, rt.function("EnvFunction"), "one warm instance per function");
    }

    @Test
    void eventsAreParsedWithTheLambdaSerializersAndResponsesPrintedLikeTheRuntime() throws Exception {
        String event;
        try (InputStream in = getClass().getResourceAsStream("/events/sqs.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String out = rt.function("TypedFunction").invokeJson(event);
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":"
                + "\"059f36b4-87a3-44ab-83d2-661975830a7d:arn:aws:sqs:us-east-1:111122223333:my-queue\"}]}", out);
        assertEquals("{\"length\":3}", rt.function("StreamFunction").invokeJson("abc"));
    }

    @Test
    void handlerFailuresBecomeTheLambdaErrorDocument() {
        LocalLambda fn = rt.function("BatchFunction");
        String event = "{\"Records\":[{\"messageId\":\"1\",\"body\":\"boom\"}]}";
        LocalLambda.HandlerFailedException e = assertThrows(LocalLambda.HandlerFailedException.class,
                () -> fn.invokeJson(event));
        assertTrue(e.errorJson().contains("\"errorType\":\"java.lang.IllegalStateException\""), e.errorJson());
        assertTrue(e.errorJson().contains("boom in from-template"), e.errorJson());
    }

    @Test
    void unknownFunctionsAreClearErrors() {
        TemplateException e = assertThrows(TemplateException.class, () -> rt.function("Nope"));
        assertTrue(e.getMessage().contains("EnvFunction"), e.getMessage());
    }
}
