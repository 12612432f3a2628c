package com.anycompany.scoring.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.anycompany.scoring.runtime.LambdaJson;
import com.anycompany.scoring.runtime.LocalContext;
import com.anycompany.scoring.runtime.SamTemplate;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.functions.fraud.FraudScoringHandler;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The child JVM of the cold-start benchmark: builds FraudScoringHandler as Lambda's init phase would, optionally runs
 * its SnapStart priming ({@code beforeCheckpoint}), then handles one event and prints, as one line of
 * {@code key=millis} pairs, the time from JVM start to: handler constructed, priming done, first decision delivered;
 * and the classes loaded by then. With {@code -Dprobe.clientsFirst=true} it first builds the S3 and SQS clients alone
 * and times them ({@code aws_clients_ms}: what lazily built clients would move out of init).
 * The function's environment comes as {@code KEY=VALUE} arguments; the event file is the first argument.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String eventFile = args[0];
        boolean prime = Boolean.parseBoolean(args[1]);
        Map<String, String> env = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            env.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        // what lazy clients would take out of init: the S3 and SQS clients the handler builds, first built here alone
        // (SDK classes loaded and initialised on the way), timed; the handler then builds its own on warm classes
        long clientsStart = System.nanoTime();
        if (Boolean.parseBoolean(System.getProperty("probe.clientsFirst", "false"))) {
            FunctionEnvironment.with(env, () -> {
                AwsClients.s3().close();
                AwsClients.sqs().close();
                return null;
            });
        }
        long clientsNanos = System.nanoTime() - clientsStart;
        FraudScoringHandler handler = FunctionEnvironment.with(env, FraudScoringHandler::new);
        long constructed = System.currentTimeMillis();
        long classesAtInit = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        if (prime) {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }
        long primed = System.currentTimeMillis();
        SQSEvent event;
        try (InputStream in = Files.newInputStream(Path.of(eventFile))) {
            event = (SQSEvent) LambdaJson.fromJson(in, SQSEvent.class);
        }
        long before = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(event, new LocalContext(new SamTemplate.Function(
                "FraudScoringFunction", "FraudScoringFunction", FraudScoringHandler.class.getName(), "java21", 1024,
                30, "functions/fraud-scoring", env, java.util.List.of(), Map.of())));
        long firstEventNanos = System.nanoTime() - before;
        long decided = System.currentTimeMillis();
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the first event was not decided: " + response.getBatchItemFailures());
        }
        System.out.println("init_ms=" + (constructed - jvmStart) + " prime_ms=" + (primed - constructed)
                + " first_event_ms=" + String.format("%.2f", firstEventNanos / 1e6)
                + " jvm_start_to_first_decision_ms=" + (decided - jvmStart)
                + " aws_clients_ms=" + String.format("%.2f", clientsNanos / 1e6)
                + " classes_at_init=" + classesAtInit
                + " classes_at_first_decision=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }
}
