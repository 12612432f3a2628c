package com.anycompany.scoring.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamTemplateTest {
    static final String SQS = "http://127.0.0.1:9999";

    static String fixture(String name) throws IOException {
        try (InputStream in = SamTemplateTest.class.getResourceAsStream("/templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static SamTemplate basic(Map<String, String> overrides) throws IOException {
        return SamTemplate.parse(fixture("basic.yaml"), "basic.yaml", SQS, overrides);
    }

    @Test
    void mergesGlobalsIntoFunctions() throws IOException {
        SamTemplate.Function f = basic(Map.of()).function("FraudScoringFunction");
        assertEquals("com.anycompany.scoring.functions.fraud.FraudScoringHandler::handleRequest", f.handler());
        assertEquals("java17", f.runtime());
        assertEquals(2048, f.memorySize(), "function value wins over Globals");
        assertEquals(30, f.timeoutSeconds(), "from Globals");
        assertEquals("functions/fraud-scoring", f.codeUri());
        Map<String, String> env = f.environment();
        assertEquals("from-globals", env.get("SHARED"));
        assertEquals("function", env.get("OVERRIDDEN"));
        assertEquals("dev", env.get("STAGE"));
    }

    @Test
    void resolvesIntrinsicsToLocalNames() throws IOException {
        Map<String, String> env = basic(Map.of()).function("FraudScoringFunction").environment();
        assertEquals("modelbucket", env.get(com.anycompany.scoring.wiring.ServingEnvironment.MODEL_BUCKET), "BucketName with intrinsics → lower-cased logical id");
        assertEquals(SQS + "/000000000000/decisions", env.get("DECISIONS_QUEUE_URL"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:TransactionsDeadLetterQueue", env.get("DLQ_ARN"));
        assertEquals("TransactionsDeadLetterQueue", env.get("DLQ_NAME"));
        assertEquals("us-east-1/000000000000/aws", env.get("REGION_AND_ACCOUNT"));
        assertEquals("s3://literal-bucket/models/fraud", env.get("SUB_TWO_ARG"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:TransactionsQueue", env.get("SUB_ATTR"));
        assertEquals("a-dev-c", env.get("JOINED"));
        assertEquals("y", env.get("SELECTED"));
        assertEquals("DEBUG", env.get("LEVEL"));
        assertEquals("${Literal}", env.get("ESCAPED"));
        assertFalse(env.containsKey("DROPPED"), "AWS::NoValue removes the variable");
    }

    @Test
    void parameterOverridesWin() throws IOException {
        SamTemplate t = basic(Map.of("Stage", "prod", "MaxReceive", "5"));
        Map<String, String> env = t.function("FraudScoringFunction").environment();
        assertEquals("prod", env.get("STAGE"));
        assertEquals("WARN", env.get("LEVEL"));
        assertEquals("dropped", env.get("DROPPED"));
        assertEquals(5, t.queue("TransactionsQueue").redrive().orElseThrow().maxReceiveCount());
        assertThrows(TemplateException.class, () -> basic(Map.of("Stage", "qa")));
        assertThrows(TemplateException.class, () -> basic(Map.of("Nope", "x")));
    }

    @Test
    void readsQueuesBucketsAndEvents() throws IOException {
        SamTemplate t = basic(Map.of());
        SamTemplate.Queue q = t.queue("TransactionsQueue");
        assertEquals("TransactionsQueue", q.name());
        assertEquals(180, q.visibilityTimeoutSeconds());
        assertEquals("180", q.attributes().get("VisibilityTimeout"));
        assertEquals("TransactionsDeadLetterQueue", q.redrive().orElseThrow().deadLetterQueueLogicalId().orElseThrow());
        assertEquals(3, q.redrive().orElseThrow().maxReceiveCount());
        assertTrue(q.attributes().get("RedrivePolicy").contains("arn:aws:sqs:us-east-1:000000000000:TransactionsDeadLetterQueue"));
        assertEquals("OrderedQueue.fifo", t.queue("OrderedQueue").name());
        assertTrue(t.queue("OrderedQueue").fifo());
        assertEquals("decisions", t.queue("DecisionsQueue").name());
        assertEquals("literal-bucket", t.bucket("NamedBucket").name());
        assertEquals("modelbucket", t.bucket("ModelBucket").name());

        List<String> order = t.queuesInCreationOrder().stream().map(SamTemplate.Queue::logicalId).toList();
        assertTrue(order.indexOf("TransactionsDeadLetterQueue") < order.indexOf("TransactionsQueue"));

        SamTemplate.Function f = t.function("FraudScoringFunction");
        SamTemplate.SqsEvent sqs = f.sqsEvents().get(0);
        assertEquals("TransactionsQueue", sqs.queueLogicalId());
        assertEquals(25, sqs.batchSize());
        assertEquals(2, sqs.maximumBatchingWindowInSeconds());
        assertTrue(sqs.reportBatchItemFailures());
        assertTrue(sqs.enabled());
        assertEquals("rate(1 day)", f.scheduleEvents().get(0).schedule());
        assertEquals("modelbucket", f.s3Events().get(0).bucketName());
        assertEquals(List.of("s3:ObjectCreated:*"), f.s3Events().get(0).events());
    }

    @Test
    void unsupportedIntrinsicsNameTheFunctionAndProperty() throws IOException {
        SamTemplate t = basic(Map.of());
        TemplateException e = assertThrows(TemplateException.class, () -> t.function("BrokenFunction"));
        assertTrue(e.getMessage().contains("BrokenFunction.Properties.Environment.Variables.IMPORTED"), e.getMessage());
        assertTrue(e.getMessage().contains("Fn::ImportValue"), e.getMessage());
        // one broken function does not break the others
        assertEquals("dev", t.function("FraudScoringFunction").environment().get("STAGE"));
        assertThrows(TemplateException.class, () -> t.function("Missing"));
    }

    @Test
    void unknownRefIsAClearError() {
        String yaml = """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Environment:
                        Variables:
                          X: !Ref Nowhere
                """;
        SamTemplate t = SamTemplate.parse(yaml, "t.yaml", SQS, Map.of());
        TemplateException e = assertThrows(TemplateException.class, () -> t.function("F"));
        assertTrue(e.getMessage().contains("Nowhere") && e.getMessage().contains("F.Properties.Environment.Variables.X"),
                e.getMessage());
    }

    @Test
    void shortTagsBecomeLongForm() {
        Map<String, Object> root = CfnYaml.parse("""
                a: !Ref X
                b: !GetAtt Q.Arn
                c: !Sub "${X}"
                d: !Join [",", [a, b]]
                e: !Base64 hi
                """);
        assertEquals(Map.of("Ref", "X"), root.get("a"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Q", "Arn")), root.get("b"));
        assertEquals(Map.of("Fn::Sub", "${X}"), root.get("c"));
        assertEquals(Map.of("Fn::Join", List.of(",", List.of("a", "b"))), root.get("d"));
        assertEquals(Map.of("Fn::Base64", "hi"), root.get("e"));
    }
}
