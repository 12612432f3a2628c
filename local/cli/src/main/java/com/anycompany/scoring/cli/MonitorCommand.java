package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.batch.RunReports;
import com.anycompany.scoring.batch.S3BatchStorage;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.model.DriftThresholds;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.StoredModel;
import com.anycompany.scoring.monitor.DriftAssessment;
import com.anycompany.scoring.monitor.DriftReportHtml;
import com.anycompany.scoring.monitor.DriftSketch;
import com.anycompany.scoring.monitor.FeatureDrift;
import com.anycompany.scoring.monitor.InputRows;
import com.anycompany.scoring.monitor.OnlineDriftMonitor;
import com.anycompany.scoring.monitor.RunDrift;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./scoring monitor report|compare}: drift reports of batch runs, and drift of any file against a model. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Drift monitoring: rebuild a batch run's drift report, or compare a file with a model's "
                + "training baseline."},
        subcommands = {MonitorCommand.Report.class, MonitorCommand.Compare.class})
public final class MonitorCommand implements Runnable {
    private static final ObjectMapper JSON = Json.MAPPER;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The deployment's drift thresholds: the template's Drift* parameters (as the functions get them). */
    static DriftThresholds thresholds(LocalRuntime rt) {
        Map<String, String> p = rt == null ? Map.of() : rt.template().parameters();
        Map<String, String> env = Map.of(
                "DRIFT_PSI_THRESHOLD", p.getOrDefault("DriftPsiThreshold", ""),
                "DRIFT_MISSING_RATE_INCREASE", p.getOrDefault("DriftMissingRateIncrease", ""),
                "DRIFT_OUT_OF_RANGE_RATE", p.getOrDefault("DriftOutOfRangeRate", ""),
                "DRIFT_SCORE_PSI_THRESHOLD", p.getOrDefault("DriftScorePsiThreshold", ""),
                "DRIFT_SCORE_MEAN_SHIFT", p.getOrDefault("DriftScoreMeanShift", ""),
                "DRIFT_DECISION_RATE_SHIFT", p.getOrDefault("DriftDecisionRateShift", ""));
        return OnlineDriftMonitor.thresholdsFrom(env::get);
    }

    static long minRows(LocalRuntime rt) {
        String v = rt == null ? null : rt.template().parameters().get("DriftMinRows");
        return v == null || v.isBlank() ? DriftAssessment.DEFAULT_MIN_ROWS : Long.parseLong(v.trim());
    }

    /**
     * Rebuilds a run's drift report in S3 from its shard results and copies {@code report.html} and
     * {@code drift.json} to {@code out}; returns the local report path.
     */
    static Path rebuild(S3Client s3, String bucket, String prefix, String modelBucket, DriftThresholds t, long minRows,
                        Path out, Path reports) throws java.io.IOException {
        S3BatchStorage storage = new S3BatchStorage(s3);
        RunReports.Written w = RunReports.rebuild(storage, bucket, prefix, RunReports.cardsIn(storage, modelBucket), t,
                minRows);
        return download(storage, bucket, w.driftKey(), w.reportKey(), out != null ? out : reports.resolve(w.runId()));
    }

    /** Copies a run's drift.json and report.html from S3 into {@code out}; returns the report's path. */
    static Path download(S3BatchStorage storage, String bucket, String driftKey, String reportKey, Path out)
            throws java.io.IOException {
        Files.createDirectories(out);
        Files.write(out.resolve(RunReports.DRIFT_JSON), storage.read(bucket, driftKey).orElseThrow());
        Path html = out.resolve(RunReports.REPORT_HTML);
        Files.write(html, storage.read(bucket, reportKey).orElseThrow());
        return html.toAbsolutePath().normalize();
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Rebuilds a batch run's drift report (drift.json and report.html next to its output).",
                    "s3://BUCKET/PREFIX (the run's output prefix, local S3 unless --real-s3): recomputed from the "
                            + "shard results and the model cards, written back, and copied to --out.",
                    "DIR (a copy of the run's output with drift.json): report.html re-rendered there."})
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--run", required = true, paramLabel = "S3_URI_OR_DIR") String run;
        @Option(names = "--out", paramLabel = "DIR", description = "where the report is copied (default: "
                + "<home>/reports/<run id>)") Path outDir;
        @Option(names = "--model-bucket", description = "the bucket with the model cards (default: the template's "
                + "ModelBucket locally)") String modelBucket;
        @Option(names = "--real-s3", description = "read and write real S3 (AWS credentials from the environment)")
        boolean realS3;
        @Mixin RuntimeOptions runtime;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!run.startsWith("s3://")) {
                Path dir = Path.of(run);
                Path json = dir.resolve(RunReports.DRIFT_JSON);
                JsonNode doc;
                try {
                    doc = JSON.readTree(Files.readAllBytes(json));
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException(json + " does not exist: give the run's output directory "
                            + "(with drift.json), or its s3:// output prefix to recompute the report");
                }
                Path html = dir.resolve(RunReports.REPORT_HTML);
                Files.writeString(html, DriftReportHtml.render(doc), StandardCharsets.UTF_8);
                out.printf("report: %s%n", html.toAbsolutePath().normalize());
                out.flush();
                return 0;
            }
            String rest = run.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("--run " + run + ": expected s3://BUCKET/OUTPUT_PREFIX/");
            }
            String bucket = rest.substring(0, slash);
            String prefix = rest.substring(slash + 1);
            Path html;
            if (realS3) {
                if (modelBucket == null) {
                    throw new IllegalArgumentException("--real-s3 needs --model-bucket");
                }
                html = rebuild(AwsClients.s3(Optional.empty()), bucket, prefix, modelBucket, thresholds(null),
                        DriftAssessment.DEFAULT_MIN_ROWS, outDir, Path.of("reports"));
            } else {
                try (LocalRuntime rt = runtime.open()) {
                    html = rebuild(rt.aws().s3Client(), bucket, prefix, modelBucket != null ? modelBucket
                            : rt.bucketName("ModelBucket"), thresholds(rt), minRows(rt), outDir,
                            rt.home().resolve("reports"));
                }
            }
            out.printf("report: %s%n", html);
            out.printf("drift:  %s%n", html.resolveSibling(RunReports.DRIFT_JSON));
            out.flush();
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = false,
            description = {"Computes drift of a file (CSV with a header, or JSON Lines) against a model version's "
                    + "training baseline and prints a table, or JSON with --json:",
                    "{\"features\": [{\"feature\", \"psi\", \"missing_rate\", \"out_of_range_rate\", \"drift\"}, ...], "
                            + "\"score\": {...}}"})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Option(names = "--model", required = true, paramLabel = "N", description = "model name") String model;
        @Option(names = "--baseline", paramLabel = "V", description = "the model version whose training baseline "
                + "to compare with (default: the champion alias, else the only published version)") String baseline;
        @Option(names = "--client", description = "client id, for a per-client model") String client;
        @Option(names = "--input", required = true, paramLabel = "FILE") Path input;
        @Option(names = "--json", description = "print JSON") boolean json;
        @Option(names = "--min-rows", defaultValue = "30", description = "rows below which nothing is called "
                + "drift (default: ${DEFAULT-VALUE})") long minRows;
        @Option(names = "--bucket", description = "a real S3 bucket; default: the local S3") String bucket;
        @Mixin RuntimeOptions runtime;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException("--input " + input + ": no such file");
            }
            ModelRef[] resolved = new ModelRef[1];
            StoredModel stored = ModelsCommand.withStore(runtime, bucket, store -> {
                resolved[0] = new ModelRef(model, ModelVersions.resolveAndSay(spec.commandLine().getErr(),
                        store.s3(), store.bucket(), model, baseline, "--baseline"), client);
                return store.fetch(resolved[0]);
            });
            ModelRef ref = resolved[0];
            LoadedModel loaded = LoadedModel.bind(stored.card(), Engines.named(Engines.DEFAULT).compile(
                    stored.artifact()), ref.toString());
            if (loaded.card().features().stream().allMatch(f -> f.baseline() == null)) {
                throw new IllegalArgumentException(ref + " has no training baseline in its card; publish it with "
                        + "./scoring models publish ... --baseline TRAINING.csv");
            }
            InputRows rows = InputRows.read(input, loaded.schema());
            DriftSketch sketch = new DriftSketch(loaded.card());
            for (float[] row : rows.rows()) {
                sketch.observe(row);
                sketch.observeScore(loaded.predict(row)[0]);
            }
            DriftAssessment a = DriftAssessment.of(loaded.card(), sketch.drain(), null, minRows);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", ref.name());
                doc.put("version", ref.version());
                doc.put("rows", a.rows());
                doc.put("rejected", rows.rejected());
                doc.put("drift", a.drift());
                doc.put("features", RunDrift.features(a));
                doc.put("score", RunDrift.score(a));
                out.println(Json.PRETTY.writeValueAsString(doc));
            } else {
                out.printf("%s against the training baseline of %s: %,d rows (%,d rejected)%n", input, ref, a.rows(),
                        rows.rejected());
                out.printf("%-28s %8s %10s %10s %12s  %s%n", "feature", "PSI", "missing", "training", "out of range",
                        "drift");
                for (FeatureDrift f : a.features()) {
                    out.printf(Locale.ROOT, "%-28s %8s %9.1f%% %9.1f%% %11.1f%%  %s%n", f.feature(),
                            Double.isNaN(f.psi()) ? "-" : String.format(Locale.ROOT, "%.3f", f.psi()),
                            f.missingRate() * 100, f.baselineMissingRate() * 100, f.outOfRangeRate() * 100,
                            f.drift() ? "DRIFT: " + String.join(", ", f.reasons()) : "ok");
                }
                var s = a.score();
                out.printf(Locale.ROOT, "score: mean %.4f (training %s), p95 %.4f (training %s), PSI %s%s  %s%n",
                        s.mean(), s.baselineMean(), s.p95(), s.baselineP95(),
                        Double.isNaN(s.psi()) ? "-" : String.format(Locale.ROOT, "%.3f", s.psi()),
                        s.decisionRate() == null ? "" : String.format(Locale.ROOT, ", decision rate %.2f%% "
                                + "(training %.2f%%)", s.decisionRate() * 100, s.baselineDecisionRate() * 100),
                        s.drift() ? "DRIFT: " + String.join(", ", s.reasons()) : "ok");
                out.printf(Locale.ROOT, "thresholds: PSI %.2f, missing +%.0f pts, out of range %.0f%%, score PSI %.2f,"
                                + " mean shift %.2f, decision-rate shift %.0f%%%s%n", a.thresholds().psi(),
                        a.thresholds().missingRateIncrease() * 100, a.thresholds().outOfRangeRate() * 100,
                        a.thresholds().scorePsi(), a.thresholds().scoreMeanShift(),
                        a.thresholds().decisionRateShift() * 100, a.enoughRows() ? ""
                                : String.format(" (fewer than %d rows: measured, not judged)", minRows));
                if (!rows.reasons().isEmpty()) {
                    out.printf("rejected rows by reason: %s%n", rows.reasons());
                }
            }
            out.flush();
            return 0;
        }
    }
}
