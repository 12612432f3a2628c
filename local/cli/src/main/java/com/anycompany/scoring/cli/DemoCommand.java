package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.SqsEventSourcePoller;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job, end to end on embedded S3Proxy and ElasticMQ:",
                "trains the payroll fraud model (xgboost4j, fixed seed), publishes it with its card to the local S3, "
                        + "sends transactions (1%% malformed), drains the queue through FraudScoringHandler as Lambda's "
                        + "SQS event-source mapping would, and checks that nothing was lost."})
public final class DemoCommand extends RuntimeCommand {
    static final String FUNCTION = "FraudScoringFunction";
    private static final ObjectMapper JSON = Json.MAPPER;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Option(names = "--messages", defaultValue = "10000", description = "transactions to send (default ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--malformed-percent", defaultValue = "1", description = "share of malformed transactions "
            + "(default ${DEFAULT-VALUE}%%)")
    double malformedPercent;

    @Option(names = "--poison-percent", defaultValue = "0", description = "share of poison transactions: "
            + "well-formed JSON that scoring refuses every time (oversize bodies, hostile nesting) (default "
            + "${DEFAULT-VALUE}%%)")
    double poisonPercent;

    @Option(names = "--training-rows", defaultValue = "12000", description = "synthetic rows to train on")
    int trainingRows;

    @Option(names = "--seed", defaultValue = "20261125", description = "seed for training data and traffic")
    long seed;

    @Option(names = "--pollers", defaultValue = "2", description = "concurrent pollers (Lambda's concurrency)")
    int pollers;

    @Option(names = "--attrition-clients", defaultValue = "1000", description = "clients in the monthly attrition "
            + "stage (default ${DEFAULT-VALUE}; 0 skips the stage)")
    int attritionClients;

    @Option(names = "--attrition-employees", defaultValue = "50000", description = "employees in the monthly "
            + "attrition stage (default ${DEFAULT-VALUE})")
    int attritionEmployees;

    @Option(names = "--attrition-seed", defaultValue = "20260101", description = "seed of the synthetic workforce "
            + "and its models (default ${DEFAULT-VALUE}, as ./scoring batch monthly --generate)")
    long attritionSeed;

    @Option(names = "--documents", defaultValue = "10", description = "synthetic pay stubs for the OCR stage "
            + "(default ${DEFAULT-VALUE}; 0 skips the stage)")
    int documents;

    @Option(names = "--salary-requests", defaultValue = "50", description = "single-profile questions sent to the "
            + "salary endpoint in the salary stage (default ${DEFAULT-VALUE}; 0 skips the stage)")
    int salaryRequests;

    @Option(names = "--learners", defaultValue = "40", description = "held-out learners who ask the "
            + "recommendations function for their top 5 in the recommendations stage (default ${DEFAULT-VALUE}; 0 "
            + "skips the stage)")
    int learners;

    @Option(names = "--worse-candidate", paramLabel = "VERSION", description = "also publish VERSION: the same "
            + "model trained on shuffled labels (measurably worse), to try ./scoring rollout rehearse on")
    String worseCandidate;

    @Option(names = "--restart-sqs", description = "stop ElasticMQ for a few seconds once half the transactions "
            + "are drained, then start it again (queues and messages kept), to check nothing is lost or doubled")
    boolean restartSqs;

    @Override
    public Integer call() throws Exception {
        if (messages < 1 || malformedPercent < 0 || poisonPercent < 0 || malformedPercent + poisonPercent > 100) {
            throw new IllegalArgumentException("--messages must be positive and --malformed-percent plus "
                    + "--poison-percent within 0..100");
        }
        if (learners < 0) {
            throw new IllegalArgumentException("--learners must be 0 (skips the recommendations stage) or more");
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.nio.file.Path logFile = runtime.home().resolve("logs").resolve("functions.log");
        java.nio.file.Files.createDirectories(logFile.getParent());
        try (LocalRuntime rt = runtime.open();
             PrintStream functionLog = new PrintStream(java.nio.file.Files.newOutputStream(logFile,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true,
                     java.nio.charset.StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(functionLog);
            progress("function logs and EMF metrics -> %s", logFile);
            String version = rt.template().parameters().getOrDefault("FraudModelVersion", "1");
            String bucket = rt.bucketName("ModelBucket");
            String queue = rt.queueUrl("TransactionsQueue");
            String dlq = rt.queueUrl("TransactionsDeadLetterQueue");
            String decisions = rt.queueUrl("DecisionsQueue");
            SqsClient sqs = rt.aws().sqsClient();
            progress("training the fraud model on %,d synthetic payroll transactions (xgboost4j, seed %d)",
                    trainingRows, seed);
            FraudModelBuilder.Trained trained = FraudModelBuilder.train(version, trainingRows, seed);
            S3ModelStore store = new S3ModelStore(rt.aws().s3Client(), bucket);
            // the golden set first: the card, written last, makes the version visible whole
            new com.anycompany.scoring.rollout.GoldenStore(rt.aws().s3Client(), bucket).put(trained.card().ref(),
                    FraudModelBuilder.golden(trained, 200, seed + 7));
            ModelCard card = store.publish(trained.card(), trained.artifact(), trained.fileName());
            progress("published %s with its golden set -> %s", card.ref(), store.location(card.ref()));
            var aliases = new com.anycompany.scoring.rollout.AliasStore(rt.aws().s3Client(), bucket);
            if (aliases.read(card.name()).isEmpty()) {
                aliases.write(com.anycompany.scoring.rollout.ModelAliases.initial(card.name(), card.version())
                        .stamped(java.time.Instant.now().toString(), "demo"), java.util.Optional.empty());
                progress("registry: %s champion = %s (%s)", card.name(), card.version(), aliases.uri(card.name()));
            }
            if (worseCandidate != null) {
                FraudModelBuilder.Trained worse = FraudModelBuilder.train(worseCandidate, trainingRows, seed, true);
                new com.anycompany.scoring.rollout.GoldenStore(rt.aws().s3Client(), bucket).put(worse.card().ref(),
                        FraudModelBuilder.golden(worse, 200, seed + 7));
                store.publish(worse.card(), worse.artifact(), worse.fileName());
                progress("published %s (shuffled labels, holdout AUC %s) with its golden set", worse.card().ref(),
                        worse.card().training().get("holdoutAuc"));
            }

            for (String url : List.of(queue, dlq, decisions)) {
                sqs.purgeQueue(b -> b.queueUrl(url));
            }
            progress("sending %,d transactions to %s", messages, queue);
            Set<String> poisonIds = new java.util.HashSet<>();
            Set<String> malformedIds = send(sqs, queue, poisonIds);
            Set<String> expectedDeadLetters = new java.util.HashSet<>(malformedIds);
            expectedDeadLetters.addAll(poisonIds);

            progress("draining through %s (%d pollers, batch size from template.yaml)", FUNCTION, pollers);
            rt.function(FUNCTION).handler();
            functionLog.flush();
            long logFrom = java.nio.file.Files.size(logFile); // the fraud handler's EMF lines from here on
            long start = System.nanoTime();
            SqsEventSourcePoller.Stats stats;
            Thread restarter = restartSqs ? SqsRestart.whenHalfDrained(rt.aws(), queue, messages,
                    line -> progress("%s", line)) : null;
            try (SqsEventSourcePoller poller = rt.poller(FUNCTION).concurrency(pollers)
                    .visibilityTimeout(Duration.ofSeconds(1)).build()) {
                stats = poller.drainUntilEmpty(Duration.ofSeconds(15));
            }
            if (restarter != null) {
                restarter.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            List<String> sentIds = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                sentIds.add(txId(i));
            }
            IdReconciliation.Result d = IdReconciliation.reconcile(sqs, decisions, dlq, sentIds);
            Set<String> deadLettered = d.deadLetterIds();
            long scored = stats.messagesDeleted();
            long lost = d.lost();
            boolean ok = d.ok(expectedDeadLetters);

            ObjectNode summary = JSON.createObjectNode();
            summary.put("sent", messages);
            summary.put("malformed_sent", malformedIds.size());
            summary.put("poison_sent", poisonIds.size());
            summary.put("scored", scored);
            summary.put("failed", stats.messagesFailed());
            d.into(summary);
            summary.put("sqs_restarted", restartSqs);
            summary.put("flagged_for_review", d.review());
            double busy = Math.max(1e-9, stats.busyNanos() / 1e9);
            summary.put("throughput_per_s", Math.round(scored / busy * 10) / 10.0);
            summary.put("p50_ms", ms(stats.latencyPercentileNanos(50)));
            summary.put("p99_ms", ms(stats.latencyPercentileNanos(99)));
            summary.put("max_ms", ms(stats.latencyPercentileNanos(100)));
            summary.put("invocations", stats.invocations());
            summary.put("seconds", Math.round(seconds * 100) / 100.0);
            functionLog.flush();
            FraudStageTimes.read(logFile, logFrom, FUNCTION).into(summary);
            ObjectNode model = summary.putObject("model");
            model.put("name", card.name());
            model.put("version", card.version());
            model.put("threshold", card.output().threshold());
            model.putPOJO("holdout_auc", card.training().get("holdoutAuc"));
            summary.put("ok", ok);
            ObjectNode attrition = null;
            if (attritionClients > 0) {
                attrition = attrition(rt);
                summary.set("attrition", attrition);
            }
            ObjectNode ocr = null;
            if (documents > 0) {
                ocr = OcrDemo.run(rt, seed, documents, line -> progress("%s", line));
                summary.set("ocr", ocr);
            }
            ObjectNode salary = null;
            if (salaryRequests > 0) {
                salary = SalaryDemo.run(rt, seed, salaryRequests, line -> progress("%s", line));
                summary.set("salary", salary);
            }
            ObjectNode recommendations = null;
            if (learners > 0) {
                recommendations = RecommendationsDemo.run(rt, seed, learners, line -> progress("%s", line));
                summary.set("recommendations", recommendations);
            }
            boolean recommendationsOk = recommendations == null || recommendations.get("ok").asBoolean();
            boolean ocrOk = ocr == null || ocr.get("ok").asBoolean();
            boolean salaryOk = salary == null || salary.get("ok").asBoolean();
            if (json) {
                out.println(Json.PRETTY.writeValueAsString(summary));
                out.flush();
            } else {
                printHuman(out, summary, card, store.location(card.ref()), d.sample());
                if (attrition != null) {
                    out.println();
                    out.printf("monthly attrition run %s: %,d employees across %,d clients, one model per client "
                            + "(%,d without one use the global model)%n", attrition.get("month").asText(),
                            attritionEmployees, attritionClients, attrition.get("clients_without_model").asInt());
                    com.anycompany.scoring.cli.batch.BatchReport.human(out, attrition);
                    if (attrition.has("report")) {
                        out.printf("  drift report     %s%n                   (%d of %d clients drifted; rebuild: "
                                + "./scoring monitor report --run %s)%n", attrition.get("report").asText(),
                                attrition.get("clients_drifted").asInt(), attrition.get("clients").asInt(),
                                attrition.get("report_s3").asText().replaceAll("report\\.html$", ""));
                    }
                }
                if (ocr != null) {
                    OcrDemo.printHuman(out, ocr);
                }
                if (salary != null) {
                    SalaryDemo.printHuman(out, salary);
                }
                if (recommendations != null) {
                    RecommendationsDemo.printHuman(out, recommendations);
                }
                out.flush();
            }
            boolean attritionOk = attrition == null || attrition.get("ok").asBoolean();
            return ok && attritionOk && ocrOk && salaryOk && recommendationsOk ? 0 : 3;
        } finally {
            HandlerStdout.sendHandlerOutputTo(null);
        }
    }

    /** Second stage: the monthly per-client attrition run through the batch transform's functions. */
    private ObjectNode attrition(LocalRuntime rt) throws Exception {
        String month = "2026-01";
        var prepared = com.anycompany.scoring.local.demo.MonthlyAttritionData.prepare(rt, month, attritionSeed, attritionClients,
                attritionEmployees, 0.002, m -> progress("%s", m));
        progress("monthly attrition run %s: %,d employees, %,d clients", month, attritionEmployees, attritionClients);
        String input = Json.PRETTY.writeValueAsString(java.util.Map.of("kind", "monthly", "model", "attrition",
                "modelVersion", "1", "month", month));
        long t0 = System.nanoTime();
        var s = BatchCommand.execute(rt, input, 4, !json);
        double wall = (System.nanoTime() - t0) / 1e9;
        ObjectNode a = com.anycompany.scoring.cli.batch.BatchReport.json(JSON, s, wall,
                "s3://" + rt.bucketName("DataBucket") + "/" + s.outputPrefix());
        a.put("month", month);
        if (s.reportKey() != null) {
            // the drift report the Finalize step wrote next to the output, copied where a browser can open it
            String dataBucket = rt.bucketName("DataBucket");
            java.nio.file.Path report = MonitorCommand.download(new com.anycompany.scoring.batch.S3BatchStorage(
                    rt.aws().s3Client()), dataBucket, s.outputPrefix() + com.anycompany.scoring.batch.RunReports.DRIFT_JSON,
                    s.reportKey(), rt.home().resolve("reports").resolve(s.runId()));
            JsonNode drift = JSON.readTree(java.nio.file.Files.readAllBytes(report.resolveSibling(
                    com.anycompany.scoring.batch.RunReports.DRIFT_JSON)));
            a.put("report", report.toString());
            a.put("report_s3", "s3://" + dataBucket + "/" + s.reportKey());
            a.put("clients_drifted", drift.path("clients_drifted").asInt());
        }
        a.put("clients_without_model", prepared.clientsWithoutModel());
        a.put("models_trained", prepared.trained());
        a.put("models_reused", prepared.reused());
        a.put("models_publish_seconds", Math.round(prepared.publishMillis() / 10.0) / 100.0);
        return a;
    }

    private Set<String> send(SqsClient sqs, String queue, Set<String> poison) {
        SyntheticPayroll traffic = new SyntheticPayroll(seed + 1);
        SplittableRandom pick = new SplittableRandom(seed + 2);
        Set<String> malformed = new HashSet<>();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>(10);
        for (int i = 0; i < messages; i++) {
            String id = txId(i);
            String body;
            double roll = pick.nextDouble() * 100;
            if (roll < malformedPercent) {
                body = traffic.malformed(id);
                malformed.add(id);
            } else if (roll < malformedPercent + poisonPercent) {
                body = poison(traffic, id, poison.size());
                poison.add(id);
            } else {
                body = traffic.next(id).json();
            }
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size()))
                    .messageBody(body).messageAttributes(java.util.Map.of("demoId",
                            software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                                    .dataType("String").stringValue(id).build())).build());
            if (batch.size() == 10 || i == messages - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                var response = sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("the local SQS refused " + response.failed().size()
                            + " transactions: " + response.failed().get(0).message());
                }
                batch.clear();
            }
        }
        return malformed;
    }

    /**
     * A message that parses as JSON but that scoring refuses on every delivery: a transaction padded past the body
     * limit, or one nested deeper than the parser allows.
     */
    private static String poison(SyntheticPayroll traffic, String id, int n) {
        String tx = traffic.next(id).json();
        if (n % 2 == 0) {
            return tx.substring(0, tx.length() - 1) + ",\"memo\":\"" + "x".repeat(70_000) + "\"}";
        }
        return tx.substring(0, tx.length() - 1) + ",\"meta\":" + "[".repeat(200) + "]".repeat(200) + "}";
    }

    private static String txId(int i) {
        return String.format("tx-demo-%07d", i);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private void progress(String format, Object... args) {
        System.err.printf("demo: " + format + "%n", args);
    }

    private static void printHuman(java.io.PrintWriter out, ObjectNode s, ModelCard card, String location, String sample) {
        out.println();
        out.println("serverless-scoring demo: payroll fraud scoring, end to end on local S3Proxy + ElasticMQ");
        out.printf("  model            %s (%s, holdout AUC %s, threshold %s) at %s%n", card.ref(), card.objective(),
                card.training().get("holdoutAuc"), card.output().threshold(), location);
        out.printf("  sent             %,d  (%,d malformed)%n", s.get("sent").asLong(), s.get("malformed_sent").asLong());
        out.printf("  scored           %,d  (%,d flagged REVIEW)%n", s.get("scored").asLong(),
                s.get("flagged_for_review").asLong());
        out.printf("  failed           %,d  (failure reports, counting each redelivery)%n", s.get("failed").asLong());
        out.printf("  dead-lettered    %,d%n", s.get("dead_lettered").asLong());
        out.printf("  delivered        %,d decisions (%,d duplicates)%n", s.get("delivered").asLong(),
                s.get("duplicates").asLong());
        out.printf("  throughput       %,.1f transactions/s decided (drain took %.2f s, incl. redelivery of the "
                + "malformed ones until they dead-letter)%n", s.get("throughput_per_s").asDouble(), s.get("seconds").asDouble());
        out.printf("  handler latency  p50 %.2f ms, p99 %.2f ms, max %.2f ms per batch (%,d invocations)%n",
                s.get("p50_ms").asDouble(), s.get("p99_ms").asDouble(), s.get("max_ms").asDouble(),
                s.get("invocations").asLong());
        JsonNode b = s.path("per_batch");
        if (b.path("batches").asInt() > 0) {
            out.printf("  per batch        scoring p50 %.3f ms, p99 %.3f ms; reasons p50 %.3f ms, p99 %.3f ms "
                    + "(%,d batches, %.1f transactions each; measured in the handler's core)%n",
                    b.get("scoring_ms_p50").asDouble(), b.get("scoring_ms_p99").asDouble(),
                    b.get("reasons_ms_p50").asDouble(), b.get("reasons_ms_p99").asDouble(), b.get("batches").asInt(),
                    b.get("transactions_per_batch_mean").asDouble());
            out.printf("                   scoring + reasons per 10 transactions: p50 %.3f ms, p99 %.3f ms (target "
                    + "<= %.1f ms: %s; load average %.2f on %d cores)%n",
                    b.get("scoring_and_reasons_ms_per_10_p50").asDouble(),
                    b.get("scoring_and_reasons_ms_per_10_p99").asDouble(), b.get("target_ms_per_10").asDouble(),
                    b.get("target_met_p50").asBoolean() ? "met at p50" : "MISSED at p50",
                    b.get("load_average_1m").asDouble(), b.get("cores").asInt());
            if (b.has("scoring_and_reasons_cpu_ms_per_10_p50")) {
                out.printf("                   the same in the function thread's CPU time: p50 %.3f ms, p99 %.3f ms "
                        + "(the code's cost without waiting for a CPU)%n",
                        b.get("scoring_and_reasons_cpu_ms_per_10_p50").asDouble(),
                        b.get("scoring_and_reasons_cpu_ms_per_10_p99").asDouble());
            }
        }
        if (sample != null) {
            out.println("  sample decision  " + sample);
        }
        out.println(s.get("ok").asBoolean()
                ? "  check            OK: reconciled by id, every sent transaction is exactly one decision or one "
                + "dead letter, and the DLQ holds exactly the malformed and poison ones"
                : "  check            FAILED: lost " + s.get("lost").asLong() + ", see the counts above");
    }
}
