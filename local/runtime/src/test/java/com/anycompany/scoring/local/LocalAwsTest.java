package com.anycompany.scoring.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalAwsTest {
    @TempDir
    static Path state;
    static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.start(state);
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void putAndGetAnObjectThroughTheSdk() throws Exception {
        aws.ensureBucket("models");
        aws.ensureBucket("models"); // idempotent
        aws.s3Client().putObject(b -> b.bucket("models").key("models/fraud/1/card.json"),
                RequestBody.fromString("{\"name\":\"fraud\"}"));
        String read = aws.s3Client().getObjectAsBytes(b -> b.bucket("models").key("models/fraud/1/card.json"))
                .asString(StandardCharsets.UTF_8);
        assertEquals("{\"name\":\"fraud\"}", read);
        assertTrue(Files.exists(state.resolve("s3").resolve("models")), "filesystem store under the state dir");
        assertTrue(Files.exists(state.resolve(LocalAws.MARKER_FILE)));
    }

    @Test
    void conditionalPutWithIfNoneMatchFailsTheSecondTime() {
        aws.ensureBucket("registry");
        aws.s3Client().putObject(b -> b.bucket("registry").key("aliases.json").ifNoneMatch("*"),
                RequestBody.fromString("{\"champion\":\"1\"}"));
        S3Exception e = assertThrows(S3Exception.class, () -> aws.s3Client().putObject(
                b -> b.bucket("registry").key("aliases.json").ifNoneMatch("*"),
                RequestBody.fromString("{\"champion\":\"2\"}")));
        assertEquals(412, e.statusCode());
        String read = aws.s3Client().getObjectAsBytes(b -> b.bucket("registry").key("aliases.json"))
                .asString(StandardCharsets.UTF_8);
        assertEquals("{\"champion\":\"1\"}", read);
    }

    @Test
    void sendAndReceive() {
        String url = aws.ensureQueue("plain", Map.of("VisibilityTimeout", "5"));
        assertEquals(aws.expectedQueueUrl("plain"), url);
        aws.sqsClient().sendMessage(b -> b.queueUrl(url).messageBody("hello"));
        List<Message> got = aws.sqsClient().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertEquals(1, got.size());
        assertEquals("hello", got.get(0).body());
        assertEquals("1", got.get(0).attributesAsStrings().get("ApproximateReceiveCount"));
        aws.sqsClient().deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
        assertTrue(aws.queueDepth(url).isEmpty());
    }

    @Test
    void redrivesToTheDeadLetterQueueAfterMaxReceiveCount() throws Exception {
        String dlq = aws.ensureQueue("work-dlq", Map.of());
        String url = aws.ensureQueue("work", Map.of("VisibilityTimeout", "1", "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + LocalAws.queueArn("work-dlq") + "\",\"maxReceiveCount\":2}"));
        aws.sqsClient().sendMessage(b -> b.queueUrl(url).messageBody("poison"));
        int receives = 0;
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            var got = aws.sqsClient().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
            receives += got.size();
            if (receives >= 2 && aws.queueDepth(url).isEmpty()) {
                var dead = aws.sqsClient().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages();
                if (!dead.isEmpty()) {
                    assertEquals("poison", dead.get(0).body());
                    assertEquals(2, receives);
                    return;
                }
            }
        }
        throw new AssertionError("message never reached the DLQ; receives=" + receives);
    }

    @Test
    void queuesAreRememberedInTheStateDir() throws Exception {
        aws.ensureQueue("remembered.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
        assertTrue(Files.readString(state.resolve("queues.json")).contains("remembered.fifo"));
        assertTrue(aws.rememberedQueues().containsKey("remembered.fifo"));
    }

    @Test
    void restartsEachServerOnTheSamePortKeepingState() {
        aws.ensureBucket("restart");
        aws.s3Client().putObject(b -> b.bucket("restart").key("k"), RequestBody.fromString("v"));
        String url = aws.ensureQueue("restart-q", Map.of());
        aws.sqsClient().sendMessage(b -> b.queueUrl(url).messageBody("kept"));

        aws.stopS3();
        assertFalse(aws.s3Running());
        assertThrows(Exception.class, () -> aws.s3Client().headBucket(b -> b.bucket("restart")));
        aws.startS3();
        assertEquals("v", aws.s3Client().getObjectAsBytes(b -> b.bucket("restart").key("k")).asUtf8String());

        aws.stopSqs();
        assertThrows(Exception.class, () -> aws.sqsClient().listQueues());
        aws.startSqs();
        var got = aws.sqsClient().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
        assertEquals(1, got.size());
        assertEquals("kept", got.get(0).body());
    }

    @Test
    void environmentPointsFunctionsAtTheLocalServers() {
        Map<String, String> env = aws.environment();
        assertEquals(aws.s3Endpoint(), env.get("AWS_ENDPOINT_URL_S3"));
        assertEquals(aws.sqsEndpoint(), env.get("AWS_ENDPOINT_URL_SQS"));
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertTrue(env.containsKey("AWS_ACCESS_KEY_ID"));
    }
}
