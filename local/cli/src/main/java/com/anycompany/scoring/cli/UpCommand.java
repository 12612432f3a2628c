package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the local S3 and SQS (S3Proxy, ElasticMQ) with the buckets and queues of template.yaml, "
                + "writes the --env-vars file for `sam local invoke`, and keeps them running until interrupted "
                + "(Ctrl-C).",
                "Then, where Docker and the SAM CLI are installed: sam local invoke FraudScoringFunction "
                        + "-e events/sqs-fraud-batch.json --env-vars .scoring/sam-env-vars.json --docker-network host"})
public final class UpCommand implements Callable<Integer> {
    static final String DEFAULT_FILE = "sam-env-vars.json";

    @Option(names = "--env-vars", paramLabel = "FILE",
            description = "where to write the env-vars JSON (default: <home>/" + DEFAULT_FILE + ")")
    Path envVars;

    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;

    /** Counted down by the shutdown hook (Ctrl-C), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try (LocalRuntime rt = runtime.open()) {
            PrintWriter err = spec.commandLine().getErr();
            Path file = SamEnvVars.write(rt, envVars != null ? envVars : rt.home().resolve(DEFAULT_FILE),
                    skipped -> err.println("up: not in the env-vars file (cannot run locally): " + skipped));
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("S3  (S3Proxy)   %s  buckets: %s%n", rt.aws().s3Endpoint(), String.join(", ",
                    rt.template().buckets().values().stream().map(b -> b.name()).toList()));
            out.printf("SQS (ElasticMQ) %s  queues: %s%n", rt.aws().sqsEndpoint(), String.join(", ",
                    rt.template().queuesInCreationOrder().stream().map(q -> q.name()).toList()));
            out.printf("Textract (local, no OCR) %s%n", rt.aws().textractEndpoint());
            out.printf("env vars: %s%n", file);
            out.printf("  sam local invoke FraudScoringFunction -e events/sqs-fraud-batch.json --env-vars %s "
                    + "--docker-network host%n", file);
            out.println("running; Ctrl-C stops");
            out.flush();
            Thread hook = new Thread(stop::countDown, "scoring-up-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } finally {
                removeHook(hook);
            }
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting (Ctrl-C): the hook has run
        }
    }
}
