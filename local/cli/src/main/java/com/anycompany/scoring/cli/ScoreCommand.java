package com.anycompany.scoring.cli;

import com.anycompany.scoring.batch.FileScorer;
import com.anycompany.scoring.batch.RecordFormat;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores a file with the same core the functions use.",
                "Rows keep their order; a single-output model writes one column 'prediction', a multi-class model "
                        + "'class_0' ... 'class_{k-1}'. A row that cannot be scored gets empty cells and a line in "
                        + "OUTPUT.quarantine.jsonl with the reason. --explain K adds reason_1 .. reason_K."})
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE_OR_S3_URI",
            description = "model.json, model.ubj or model.tar.gz; or s3://bucket/key of one; or "
                    + "s3://bucket/models/<name>/<version>/ (card and artifact from the store)")
    String model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "rows.csv (with a header) or "
            + "rows.jsonl, optionally .gz")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "CSV to write")
    Path output;

    @Option(names = "--card", paramLabel = "FILE", description = "card.json (default: the card beside the model, "
            + "else one derived from the model's feature names)")
    Path card;

    @Option(names = "--engine", defaultValue = "java", description = "java (default) or xgboost4j (the reference)")
    String engine;

    @Option(names = "--explain", defaultValue = "0", paramLabel = "K",
            description = "also write reason_1 .. reason_K after the predictions: the K features that pushed the "
                    + "score up most, as feature=value (+SHAP contribution in margin space)")
    int explain;

    @Option(names = "--aws", description = "read s3:// URIs from AWS instead of the local S3")
    boolean aws;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        RecordFormat format = RecordFormat.ofName(input.getFileName().toString());
        if (explain < 0 || explain > 1000) {
            throw new IllegalArgumentException("--explain must be between 0 and 1000, not " + explain);
        }
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("--input " + input + ": no such file");
        }
        LocalAws[] local = new LocalAws[1];
        try {
            LoadedModel loaded = ModelSources.load(model, card, Engines.named(engine), () -> s3(local));
            FileScorer scorer = new FileScorer(loaded, explain);
            Path out = output.toAbsolutePath();
            Files.createDirectories(out.getParent());
            Path quarantine = out.resolveSibling(out.getFileName() + ".quarantine.jsonl");
            Path tmpOut = Files.createTempFile(out.getParent(), ".score-", ".tmp");
            Path tmpQ = Files.createTempFile(out.getParent(), ".quarantine-", ".tmp");
            FileScorer.Result result;
            try (InputStream raw = open(input);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16);
                 Writer w = Files.newBufferedWriter(tmpOut, StandardCharsets.UTF_8);
                 BufferedWriter q = Files.newBufferedWriter(tmpQ, StandardCharsets.UTF_8)) {
                result = scorer.score(reader, format, w, q);
            } catch (RuntimeException | java.io.IOException e) {
                Files.deleteIfExists(tmpOut);
                Files.deleteIfExists(tmpQ);
                throw e;
            }
            Files.move(tmpOut, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (result.quarantined() > 0) {
                Files.move(tmpQ, quarantine, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(tmpQ);
                Files.deleteIfExists(quarantine);
            }
            System.err.printf("scored %d of %d rows with %s (engine %s) -> %s%s%n", result.scored(), result.rows(),
                    loaded.card().ref(), loaded.compiled().engineName(), output,
                    result.quarantined() > 0 ? "; " + result.quarantined() + " quarantined -> " + quarantine : "");
            return 0;
        } finally {
            if (local[0] != null) {
                local[0].close();
            }
        }
    }

    private S3Client s3(LocalAws[] local) {
        if (aws) {
            return AwsClients.s3(Optional.empty());
        }
        local[0] = LocalAws.start(runtime.home());
        return local[0].s3Client();
    }

    private static InputStream open(Path file) throws java.io.IOException {
        try {
            InputStream in = Files.newInputStream(file);
            return RecordFormat.gzipped(file.toString()) ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--input " + file + ": no such file");
        }
    }
}
