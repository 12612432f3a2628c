package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.BatchRequest;
import com.anycompany.scoring.batch.BatchSummary;
import com.anycompany.scoring.cli.batch.BatchOrchestration;
import com.anycompany.scoring.cli.batch.BatchReport;
import com.anycompany.scoring.local.demo.MonthlyAttritionData;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Batch transform on the local runtime: the state machine's Plan -> ScoreShards -> Finalize over "
                + "the template's functions, against the local S3.",
        subcommands = {BatchCommand.Run.class, BatchCommand.Monthly.class})
public final class BatchCommand implements Runnable {
    static final ObjectMapper JSON = Json.MAPPER;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Runs the orchestration with function logs sent to {@code <home>/logs/functions.log}. */
    static BatchSummary execute(LocalRuntime rt, String input, int concurrency, boolean progress) throws Exception {
        return execute(rt, input, concurrency, progress, new java.util.concurrent.atomic.AtomicInteger());
    }

    /** As above; {@code reused} counts the shards whose results were reused (a resumed run). */
    static BatchSummary execute(LocalRuntime rt, String input, int concurrency, boolean progress,
            java.util.concurrent.atomic.AtomicInteger reused) throws Exception {
        Path log = rt.home().resolve("logs").resolve("functions.log");
        Files.createDirectories(log.getParent());
        PrintStream previous = HandlerStdout.handlerOutput();
        try (PrintStream functionLog = previous != null ? null : new PrintStream(Files.newOutputStream(log,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(previous != null ? previous : functionLog);
            BatchOrchestration orchestration = new com.anycompany.scoring.cli.batch.AslOrchestration(rt, concurrency);
            BatchOrchestration.Listener bar = progress ? BatchReport.progressBar(System.err, "batch")
                    : BatchOrchestration.Listener.NONE;
            return orchestration.run(input, new BatchOrchestration.Listener() {
                @Override
                public void shardDone(int done, int total, long rowsSoFar) {
                    bar.shardDone(done, total, rowsSoFar);
                }

                @Override
                public void shardReused() {
                    reused.incrementAndGet();
                }
            });
        } finally {
            HandlerStdout.sendHandlerOutputTo(previous);
        }
    }

    static int print(boolean json, ObjectNode summary) throws Exception {
        java.io.PrintWriter out = new java.io.PrintWriter(HandlerStdout.realOut(), true);
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(summary));
        } else {
            out.println();
            BatchReport.human(out, summary);
        }
        out.flush();
        return summary.get("ok").asBoolean() ? 0 : 3;
    }

    /** s3://bucket/key -> [bucket, key]; null when not an S3 URI. */
    static String[] s3Uri(String s) {
        if (!s.startsWith("s3://")) {
            return null;
        }
        String rest = s.substring(5);
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException(s + ": an S3 URI is s3://bucket/key");
        }
        return new String[]{rest.substring(0, slash), rest.substring(slash + 1)};
    }

    @Command(name = "run",
            description = {"Scores one file (CSV with a header or JSON Lines, optionally .gz) through the batch "
                    + "transform: a local file is uploaded to the DataBucket first; a DIR output receives the part, "
                    + "quarantine and _SUCCESS files."})
    static final class Run implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Option(names = "--model", required = true, description = "model name (per-client models by the client_id column)")
        String model;
        @Option(names = "--version", description = "model version (default: the champion alias, else the only "
                + "published version)")
        String version;
        @Option(names = "--input", required = true, paramLabel = "FILE_OR_S3_URI") String input;
        @Option(names = "--output", required = true, paramLabel = "DIR_OR_S3_URI") String output;
        @Option(names = "--rows-per-shard", defaultValue = "5000") int rowsPerShard;
        @Option(names = "--concurrency", defaultValue = "4", description = "shards scored at once (the Map's "
                + "MaxConcurrency locally)") int concurrency;
        @Option(names = "--json", description = "print the summary as one JSON object") boolean json;
        @Mixin RuntimeOptions runtime;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String runId = "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            try (LocalRuntime rt = runtime.open()) {
                S3Client s3 = rt.aws().s3Client();
                String modelVersion = ModelVersions.resolveAndSay(spec.commandLine().getErr(), s3,
                        rt.bucketName("ModelBucket"), model, version, "--version");
                String dataBucket = rt.bucketName("DataBucket");
                String[] in = s3Uri(input);
                String bucket;
                String key;
                if (in == null) {
                    Path file = Path.of(input);
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalArgumentException("--input " + input + ": no such file");
                    }
                    bucket = dataBucket;
                    key = "batch/input/" + model + "/local/" + runId + "/" + file.getFileName();
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                } else {
                    bucket = in[0];
                    key = in[1];
                }
                String[] out = s3Uri(output);
                String prefix;
                if (out != null) {
                    if (!out[0].equals(bucket)) {
                        throw new IllegalArgumentException("--output must be in the input's bucket (" + bucket + ")");
                    }
                    prefix = out[1].endsWith("/") ? out[1] : out[1] + "/";
                } else {
                    prefix = "batch/output/" + model + "/" + runId + "/";
                }
                BatchRequest request = new BatchRequest(runId, bucket, key, null, model, modelVersion, prefix,
                        rowsPerShard, null);
                long t0 = System.nanoTime();
                BatchSummary s = execute(rt, new String(BatchJson.bytes(request), StandardCharsets.UTF_8), concurrency,
                        true);
                double wall = (System.nanoTime() - t0) / 1e9;
                String where = "s3://" + bucket + "/" + prefix;
                if (out == null) {
                    where = download(s3, bucket, prefix, Path.of(output)).toString();
                }
                return print(json, BatchReport.json(JSON, s, wall, where));
            }
        }

        private static Path download(S3Client s3, String bucket, String prefix, Path dir) throws Exception {
            Files.createDirectories(dir);
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String name = o.key().substring(prefix.length());
                if (name.startsWith("part-") || name.startsWith("quarantine-") || name.equals("_SUCCESS")) {
                    Files.write(dir.resolve(name), s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray());
                }
            }
            return dir;
        }
    }

    @Command(name = "monthly",
            description = {"The monthly attrition run: every batch/input/attrition/<yyyy-mm>/<clientId>.csv in the "
                    + "DataBucket, each client's rows with its own model (else the global one), results under "
                    + "batch/output/attrition/<yyyy-mm>/.",
                    "With --generate, first writes that month's synthetic snapshot (50,000 employees across 1,000 "
                            + "clients by default) and publishes the attrition models."})
    static final class Monthly implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Option(names = "--month", required = true, paramLabel = "yyyy-mm") String month;
        @Option(names = "--model", defaultValue = "attrition") String model;
        @Option(names = "--version", description = "model version (default: the champion alias, else the only "
                + "published version)") String version;
        @Option(names = "--generate", description = "write the synthetic snapshot and publish the models first")
        boolean generate;
        @Option(names = "--clients", defaultValue = "1000") int clients;
        @Option(names = "--employees", defaultValue = "50000") int employees;
        @Option(names = "--seed", defaultValue = "20260101") long seed;
        @Option(names = "--concurrency", defaultValue = "4") int concurrency;
        @Option(names = "--rows-per-shard", description = "rows per shard; client files smaller than this are packed "
                + "together (default: the Plan function's ROWS_PER_SHARD, 5000)") Integer rowsPerShard;
        @Option(names = "--json", description = "print the summary as one JSON object") boolean json;
        @Option(names = "--resume", description = "continue this month's run after it was interrupted (killed, "
                + "failed): shards whose results and files are intact are reused, the rest scored; the inputs must "
                + "be unchanged, else every shard is scored again")
        boolean resume;
        @Mixin RuntimeOptions runtime;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (resume && generate) {
                throw new IllegalArgumentException("--resume continues a run over the inputs already there; it cannot "
                        + "be combined with --generate");
            }
            try {
                YearMonth.parse(month);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--month " + month + " is not yyyy-mm");
            }
            try (LocalRuntime rt = runtime.open()) {
                if (generate) {
                    MonthlyAttritionData.prepare(rt, month, seed, clients, employees, 0.002,
                            m -> System.err.println("batch: " + m));
                }
                String modelVersion = ModelVersions.resolveAndSay(spec.commandLine().getErr(),
                        rt.aws().s3Client(), rt.bucketName("ModelBucket"), model, version, "--version");
                String bucket = rt.bucketName("DataBucket");
                String prefix = "batch/input/" + model + "/" + month + "/";
                if (!rt.aws().s3Client().listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).hasContents()) {
                    throw new IllegalArgumentException("no inputs under s3://" + bucket + "/" + prefix
                            + "; add --generate (synthetic snapshot) or upload <clientId>.csv files there");
                }
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("kind", "monthly");
                input.put("model", model);
                input.put("modelVersion", modelVersion);
                input.put("month", month);
                if (rowsPerShard != null) {
                    input.put("rowsPerShard", rowsPerShard);
                }
                if (resume) {
                    input.put("resume", true);
                }
                java.util.concurrent.atomic.AtomicInteger reused = new java.util.concurrent.atomic.AtomicInteger();
                long t0 = System.nanoTime();
                BatchSummary s = execute(rt, Json.PRETTY.writeValueAsString(input), concurrency, true, reused);
                double wall = (System.nanoTime() - t0) / 1e9;
                ObjectNode report = BatchReport.json(JSON, s, wall, "s3://" + bucket + "/" + s.outputPrefix());
                report.put("shards_reused", reused.get());
                return print(json, report);
            }
        }
    }
}
