package com.anycompany.scoring.integration;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.CfnYaml;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.wiring.ServingEnvironment;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment packages themselves, as {@code sam build} lays them out: its java_maven workflow runs
 * {@code mvn clean install} in the function's CodeUri folder, then {@code mvn dependency:copy-dependencies
 * -DincludeScope=runtime -Dmdep.prependGroupId=true}, and deploys {@code target/classes} plus
 * {@code target/dependency/*.jar} (as {@code lib/}). Every function module runs that same copy-dependencies goal at
 * {@code package} (the parent pom's {@code sam-build-layout} execution), so this test reads the very layout SAM ships,
 * for every function of template.yaml: it holds the core and the function's own capability and nothing else (no
 * advisor, no other capability's classes), no xgboost4j, Scala, native libraries, Apache HttpClient or test library;
 * every handler class links from the layout alone; and the fraud layout, loaded in an isolated class loader (only the
 * JDK beside it), scores a transaction against the local S3 and SQS and delivers the decision.
 */
class PackagedFunctionsTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    /** Class-file and resource prefixes no function may ship. */
    private static final List<String> FORBIDDEN = List.of("ml/dmlc/", "scala/", "lib/linux/", "lib/macos/",
            "lib/windows/", "org/apache/hc/", "org/apache/http/", "com/esotericsoftware/", "org/junit/",
            "net/jqwik/", "org/opentest4j/", "com/amazonaws/services/lambda/runtime/tests/",
            "com/anycompany/scoring/local/", "com/anycompany/scoring/runtime/", "com/anycompany/scoring/cli/",
            "advisor/");
    /** Dependency jars (groupId-prefixed, as SAM copies them) no function may ship. */
    private static final List<String> FORBIDDEN_JARS = List.of("software.amazon.awssdk.apache5-client",
            "software.amazon.awssdk.apache-client", "software.amazon.awssdk.netty-nio-client",
            "org.apache.httpcomponents", "ml.dmlc.", "org.scala-lang", "org.junit", "net.jqwik", "org.opentest4j",
            "com.amazonaws.aws-lambda-java-tests", "com.anycompany.scoring.local-",
            "com.anycompany.scoring.scoring-advisor");
    /** The one capability each function module is built on. */
    private static final Map<String, String> CAPABILITY = Map.of(
            "functions/fraud-scoring", "fraud",
            "functions/batch-trigger", "batch",
            "functions/batch-transform", "batch",
            "functions/ocr-starter", "ocr",
            "functions/ocr-callback", "ocr",
            "functions/salary-scoring", "predict",
            "functions/recommendations-scoring", "recommendations",
            "functions/deploy-hooks", "rollout");
    private static final List<String> CAPABILITIES = List.of("fraud", "batch", "ocr", "predict", "recommendations",
            "rollout");

    /** A function of template.yaml: its CodeUri and Handler, as written. */
    private record Fn(String codeUri, String handler) {
    }

    /** What {@code sam build} deploys for one function: target/classes and target/dependency/*.jar. */
    private record Layout(Path classes, List<Path> jars) {
        List<URL> urls() throws Exception {
            List<URL> u = new ArrayList<>();
            u.add(classes.toUri().toURL());
            for (Path j : jars) {
                u.add(j.toUri().toURL());
            }
            return u;
        }

        /** Every class-file and resource name in the layout, with where it came from. */
        Map<String, String> entries() throws Exception {
            Map<String, String> out = new TreeMap<>();
            try (var walk = Files.walk(classes)) {
                walk.filter(Files::isRegularFile).forEach(f -> out.put(
                        classes.relativize(f).toString().replace(File.separatorChar, '/'), "target/classes"));
            }
            for (Path j : jars) {
                try (ZipFile z = new ZipFile(j.toFile())) {
                    z.stream().filter(e -> !e.isDirectory()).forEach(e -> out.putIfAbsent(e.getName(),
                            j.getFileName().toString()));
                }
            }
            return out;
        }

        long bytes() throws Exception {
            long n = 0;
            try (var walk = Files.walk(classes)) {
                n += walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            for (Path j : jars) {
                n += Files.size(j);
            }
            return n;
        }
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

    private static Layout layoutOf(Fn f) throws Exception {
        Path target = PROJECT.resolve(f.codeUri()).normalize().resolve("target");
        Path classes = target.resolve("classes");
        Path deps = target.resolve("dependency");
        Assumptions.assumeTrue(Files.isDirectory(classes) && Files.isDirectory(deps),
                "no " + f.codeUri() + "/target/classes + target/dependency: run mvn verify (package)");
        try (var s = Files.list(deps)) {
            return new Layout(classes, s.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
        }
    }

    /** The class files a module compiles (its own target/classes), as entry names. */
    private static Set<String> classesOf(String module) throws Exception {
        Path classes = PROJECT.resolve(module).resolve("target/classes");
        Assumptions.assumeTrue(Files.isDirectory(classes), "no " + module + "/target/classes: run mvn verify");
        try (var walk = Files.walk(classes)) {
            return walk.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace(File.separatorChar, '/'))
                    .collect(Collectors.toSet());
        }
    }

    private static URLClassLoader isolated(Layout layout) throws Exception {
        return new URLClassLoader(layout.urls().toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void everyPackageHoldsTheCoreAndItsOwnCapabilityOnlyAndItsHandlerLinks() throws Exception {
        Map<String, Set<String>> capabilityClasses = new TreeMap<>();
        for (String c : CAPABILITIES) {
            capabilityClasses.put(c, classesOf("capabilities/" + c));
        }
        Set<String> advisorClasses = classesOf("tools/advisor");
        assertTrue(advisorClasses.size() > 30 && capabilityClasses.values().stream().allMatch(s -> s.size() > 3),
                "the capability and advisor modules were read");
        Map<String, Long> sizes = new TreeMap<>();
        for (Fn f : functions().values()) {
            String module = PROJECT.relativize(PROJECT.resolve(f.codeUri()).normalize()).toString();
            assertTrue(CAPABILITY.containsKey(module), module + " is a function module with a known capability");
            String own = CAPABILITY.get(module);
            Layout layout = layoutOf(f);

            Set<String> ours = new TreeSet<>();
            List<String> badJars = new ArrayList<>();
            for (Path j : layout.jars()) {
                String n = j.getFileName().toString();
                if (n.startsWith("com.anycompany.scoring.")) {
                    ours.add(n.substring("com.anycompany.scoring.".length()).replaceAll("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", ""));
                }
                if (FORBIDDEN_JARS.stream().anyMatch(n::startsWith)) {
                    badJars.add(n);
                }
            }
            Set<String> expected = new TreeSet<>(List.of("scoring-core"));
            if (!own.isEmpty()) {
                expected.add("scoring-" + own);
            }
            assertEquals(expected, ours, module + ": the core and its own capability, nothing else of ours");
            assertEquals(List.of(), badJars, module + " must not ship these jars");

            Map<String, String> entries = layout.entries();
            List<String> bad = new ArrayList<>();
            entries.forEach((name, from) -> {
                if (FORBIDDEN.stream().anyMatch(name::startsWith) || advisorClasses.contains(name)) {
                    bad.add(name + " (" + from + ")");
                }
                capabilityClasses.forEach((c, names) -> {
                    if (!c.equals(own) && names.contains(name)) {
                        bad.add(name + " (" + from + ", capability " + c + ")");
                    }
                });
            });
            assertEquals(List.of(), bad.stream().limit(8).toList(), module + " must not ship these");
            if (!own.isEmpty()) {
                assertTrue(entries.keySet().containsAll(capabilityClasses.get(own)),
                        module + " ships its whole capability");
            }

            String handler = f.handler().split("::")[0];
            try (URLClassLoader cl = isolated(layout)) {
                Class<?> c = Class.forName(handler, false, cl);
                for (Method m : c.getDeclaredMethods()) {
                    m.getParameterTypes(); // links every signature type from the layout alone
                    m.getReturnType();
                }
                c.getDeclaredConstructors();
            }
            sizes.put(module, layout.bytes());
        }
        sizes.forEach((k, v) -> System.out.printf("package %-36s %,12d bytes (classes + lib/)%n", k, v));
        assertEquals(CAPABILITY.keySet(), sizes.keySet(), "every function module of template.yaml was checked");
        assertTrue(sizes.values().stream().allMatch(v -> v < 25_000_000L), sizes.toString());
    }

    @Test
    void theFraudPackageAloneScoresATransactionAndDeliversTheDecision(@TempDir Path state) throws Exception {
        Fn fraud = functions().get("FraudScoringFunction");
        Layout layout = layoutOf(fraud);
        try (LocalAws aws = LocalAws.start(state); URLClassLoader cl = isolated(layout)) {
            aws.ensureBucket("pkg-models");
            String decisions = aws.ensureQueue("pkg-decisions", Map.of());
            FraudModelBuilder.Trained t = FraudModelBuilder.train("1", 2000, 5);
            new S3ModelStore(aws.s3Client(), "pkg-models").publish(t.card(), t.artifact(), t.fileName());
            Map<String, String> env = new HashMap<>(aws.environment());
            env.put(ServingEnvironment.MODEL_BUCKET, "pkg-models");
            env.put(ServingEnvironment.MODEL_NAME, "fraud");
            env.put(ServingEnvironment.MODEL_VERSION, "1");
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
