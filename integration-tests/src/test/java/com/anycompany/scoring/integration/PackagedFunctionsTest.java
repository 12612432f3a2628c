package com.anycompany.scoring.integration;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.CfnYaml;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment packages themselves (the shaded {@code -lambda.jar} of every function in template.yaml, built by
 * {@code mvn verify} before this module's tests): no xgboost4j, Scala, native libraries or Apache HttpClient inside,
 * every handler class links from its own jar alone, and the fraud package, loaded in an isolated class loader (only
 * the JDK beside it), scores a transaction against the local S3 and SQS and delivers the decision.
 */
class PackagedFunctionsTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> FORBIDDEN = List.of("ml/dmlc/", "scala/", "lib/linux/", "lib/macos/",
            "lib/windows/", "org/apache/hc/", "com/esotericsoftware/");

    /** A function of template.yaml: its CodeUri and Handler, as written. */
    private record Fn(String codeUri, String handler) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Fn> functions() throws Exception {
        Map<String, Object> template = CfnYaml.parse(Files.readString(PROJECT.resolve("template.yaml")));
        Map<String, Fn> out = new TreeMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if ("AWS::Serverless::Function".equals(res.get("Type"))) {
                Map<String, Object> p = (Map<String, Object>) res.get("Properties");
                out.put(id, new Fn(String.valueOf(p.get("CodeUri")), String.valueOf(p.get("Handler"))));
            }
        });
        return out;
    }

    private static Path jarOf(Fn f) throws Exception {
        Path target = PROJECT.resolve(f.codeUri()).resolve("target");
        try (var s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst().orElse(null);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static URLClassLoader isolated(Path jar) throws Exception {
        return new URLClassLoader(new URL[]{jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void everyPackageIsFreeOfXgboostScalaNativesAndHttpClientAndItsHandlerLinks() throws Exception {
        Map<String, Long> sizes = new TreeMap<>();
        for (Fn f : functions().values()) {
            Path jar = jarOf(f);
            Assumptions.assumeTrue(jar != null, "no " + f.codeUri() + "/target/*-lambda.jar: run mvn verify (package)");
            List<String> bad = new ArrayList<>();
            try (ZipFile z = new ZipFile(jar.toFile())) {
                z.stream().map(e -> e.getName()).filter(n -> FORBIDDEN.stream().anyMatch(n::startsWith)).limit(5)
                        .forEach(bad::add);
            }
            assertEquals(List.of(), bad, jar + " must not ship these");
            String handler = f.handler().split("::")[0];
            try (URLClassLoader cl = isolated(jar)) {
                Class<?> c = Class.forName(handler, false, cl);
                for (Method m : c.getDeclaredMethods()) {
                    m.getParameterTypes(); // links every signature type from the jar alone
                    m.getReturnType();
                }
                c.getDeclaredConstructors();
            }
            sizes.put(f.codeUri(), Files.size(jar));
        }
        sizes.forEach((k, v) -> System.out.printf("package %-36s %,12d bytes%n", k, v));
        assertTrue(sizes.values().stream().allMatch(v -> v < 25_000_000L), sizes.toString());
    }

    @Test
    void theFraudPackageAloneScoresATransactionAndDeliversTheDecision(@TempDir Path state) throws Exception {
        Fn fraud = functions().get("FraudScoringFunction");
        Path jar = jarOf(fraud);
        Assumptions.assumeTrue(jar != null, "no fraud-scoring -lambda.jar: run mvn verify (package)");
        try (LocalAws aws = LocalAws.start(state); URLClassLoader cl = isolated(jar)) {
            aws.ensureBucket("pkg-models");
            String decisions = aws.ensureQueue("pkg-decisions", Map.of());
            FraudModelBuilder.Trained t = FraudModelBuilder.train("1", 2000, 5);
            new S3ModelStore(aws.s3Client(), "pkg-models").publish(t.card(), t.artifact(), t.fileName());
            Map<String, String> env = new HashMap<>(aws.environment());
            env.put("MODEL_BUCKET", "pkg-models");
            env.put("MODEL_NAME", "fraud");
            env.put("MODEL_VERSION", "1");
            env.put("DECISIONS_QUEUE_URL", decisions);

            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(cl);
            Object response;
            try {
                Method with = cl.loadClass("com.anycompany.scoring.config.FunctionEnvironment")
                        .getMethod("with", Map.class, Supplier.class);
                Class<?> handlerClass = cl.loadClass(fraud.handler().split("::")[0]);
                Object handler = with.invoke(null, env, (Supplier<Object>) () -> {
                    try {
                        return handlerClass.getConstructor().newInstance();
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Object event = sqsEvent(cl, Files.readString(PROJECT.resolve("events/sqs-fraud-transaction.json")));
                Class<?> contextType = cl.loadClass("com.amazonaws.services.lambda.runtime.Context");
                Object context = Proxy.newProxyInstance(cl, new Class<?>[]{contextType}, (p, m, a) -> switch (m.getName()) {
                    case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> m.getReturnType() == int.class ? 30_000 : null;
                    case "getFunctionName" -> "FraudScoringFunction";
                    case "getFunctionVersion" -> "$LATEST";
                    case "getAwsRequestId" -> "packaged-test";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:fraud";
                    case "getLogGroupName", "getLogStreamName" -> "local";
                    default -> null;
                });
                Method handle = handlerClass.getMethod("handleRequest", cl.loadClass(
                        "com.amazonaws.services.lambda.runtime.events.SQSEvent"), contextType);
                response = with.invoke(null, env, (Supplier<Object>) () -> {
                    try {
                        return handle.invoke(handler, event, context);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
                    }
                });
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            List<?> failures = (List<?>) response.getClass().getMethod("getBatchItemFailures").invoke(response);
            assertEquals(List.of(), failures, "the packaged handler scored the event without failures");
            var received = aws.sqsClient().receiveMessage(b -> b.queueUrl(decisions).maxNumberOfMessages(10)
                    .waitTimeSeconds(2)).messages();
            assertEquals(1, received.size(), "one decision delivered");
            JsonNode decision = Json.MAPPER.readTree(received.get(0).body());
            assertEquals("tx-2026-11-000001", decision.get("transactionId").asText(), decision.toString());
            assertTrue(decision.has("score") || decision.has("probability"), decision.toString());
        }
    }

    /** The SQS event file as the jar's own SQSEvent (the Lambda runtime's job; done here with setters). */
    private static Object sqsEvent(ClassLoader cl, String json) throws Exception {
        Class<?> eventType = cl.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent");
        Class<?> messageType = cl.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent$SQSMessage");
        List<Object> records = new ArrayList<>();
        for (JsonNode r : Json.MAPPER.readTree(json).get("Records")) {
            Object m = messageType.getConstructor().newInstance();
            messageType.getMethod("setMessageId", String.class).invoke(m, r.get("messageId").asText());
            messageType.getMethod("setReceiptHandle", String.class).invoke(m, r.get("receiptHandle").asText());
            messageType.getMethod("setBody", String.class).invoke(m, r.get("body").asText());
            messageType.getMethod("setEventSource", String.class).invoke(m, r.get("eventSource").asText());
            messageType.getMethod("setEventSourceArn", String.class).invoke(m, r.get("eventSourceARN").asText());
            Map<String, String> attributes = new HashMap<>();
            r.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            messageType.getMethod("setAttributes", Map.class).invoke(m, attributes);
            messageType.getMethod("setMessageAttributes", Map.class).invoke(m, new HashMap<>());
            records.add(m);
        }
        Object event = eventType.getConstructor().newInstance();
        eventType.getMethod("setRecords", List.class).invoke(event, records);
        return event;
    }
}
