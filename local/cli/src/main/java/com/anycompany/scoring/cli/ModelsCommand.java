package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.RecordReader;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.model.ArtifactFileNames;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Publishes and lists model versions (artifact + card.json + golden.csv) in the local S3 or a "
                + "real bucket,", "and rolls them out without redeploying: promote, shift, rollback, shadow "
                + "(models/<name>/aliases.json, conditional writes)."},
        subcommands = {ModelsCommand.Publish.class, ModelsCommand.ListVersions.class, ModelAliasCommands.Promote.class,
                ModelAliasCommands.Shift.class, ModelAliasCommands.Rollback.class, ModelAliasCommands.Shadow.class})
public final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Runs {@code body} against the store: a real bucket with --bucket, else the template's ModelBucket locally. */
    static <T> T withStore(RuntimeOptions runtime, String bucket, Function<S3ModelStore, T> body) {
        if (bucket != null) {
            return body.apply(new S3ModelStore(AwsClients.s3(Optional.empty()), bucket));
        }
        try (LocalRuntime rt = runtime.open()) {
            return body.apply(new S3ModelStore(rt.aws().s3Client(), rt.bucketName("ModelBucket")));
        }
    }

    @Command(name = "publish",
            description = {"Stores a model artifact and its card under models/<name>/<version>/.",
                    "Without --card, a card is derived from the model's own feature names. The card is checked "
                            + "against the model before anything is written; versions are immutable."})
    static final class Publish implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--version", required = true) String version;
        @Option(names = "--client", description = "client id, for per-client models") String client;
        @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.json, model.ubj or "
                + "model.tar.gz") Path model;
        @Option(names = "--card", paramLabel = "FILE") Path card;
        @Option(names = "--golden", paramLabel = "FILE", description = {"the golden set stored as golden.csv beside "
                + "the version: a CSV of feature columns and expected_0.. outputs, or a CSV of sample rows (the "
                + "expected outputs are then computed with the model). Needed to promote the version."})
        Path golden;
        @Option(names = "--baseline", paramLabel = "TRAINING.csv", description = {"training data (CSV with a header, "
                + "or JSON Lines): computes the card's drift baseline from it (per feature quantile bins, missing "
                + "rate, range, categories; the score distribution), for models trained elsewhere"})
        Path baseline;
        @Option(names = "--bucket", description = "a real S3 bucket (AWS credentials from the environment); "
                + "default: the local S3") String bucket;
        @Mixin RuntimeOptions runtime;

        @Override
        public Integer call() throws Exception {
            ModelRef ref = new ModelRef(name, version, client);
            if (baseline != null && !Files.isRegularFile(baseline)) {
                throw new IllegalArgumentException("--baseline " + baseline + ": no such file");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(model);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--model " + model + ": no such file");
            }
            String file = ArtifactFileNames.canonicalName(model.getFileName().toString(), bytes);
            CompiledModel compiled = Engines.named(Engines.DEFAULT).compile(new ModelArtifact(model.toString(), bytes));
            ArtifactInfo info = new ArtifactInfo(file, ArtifactFileNames.formatOf(file, bytes), Hashing.sha256Hex(bytes),
                    bytes.length);
            ModelCard c = card == null ? CardDeriver.derive(name, version, compiled, info)
                    : ModelCards.parse(card.toString(), Files.readAllBytes(card)).withArtifact(info);
            c = c.withIdentity(ref.name(), ref.version(), ref.clientId());
            LoadedModel loaded = LoadedModel.bind(c, compiled, model.toString());
            if (baseline != null) {
                com.anycompany.scoring.monitor.InputRows rows = com.anycompany.scoring.monitor.InputRows.read(baseline,
                        loaded.schema());
                if (rows.rows().isEmpty()) {
                    throw new IllegalArgumentException("--baseline " + baseline + ": no row could be mapped to the "
                            + "model's features " + rows.reasons());
                }
                c = com.anycompany.scoring.model.TrainingBaselines.apply(c, rows.matrix(), compiled);
                loaded = LoadedModel.bind(c, compiled, model.toString());
                System.err.printf("baseline: %,d training rows%s; score mean %.4f, p95 %.4f%n", rows.rows().size(),
                        rows.rejected() == 0 ? "" : String.format(" (%,d rejected: %s)", rows.rejected(),
                                rows.reasons()), c.monitoring().scoreMean(), c.monitoring().scoreP95());
            }
            GoldenSet goldenSet = golden == null ? null : goldenSet(loaded);
            ModelCard cardToStore = c;
            ModelCard stored = withStore(runtime, bucket, store -> {
                if (goldenSet != null) {
                    // before the card: a version becomes visible only once whole
                    GoldenStore goldens = new GoldenStore(store.s3(), store.bucket());
                    goldens.put(ref, goldenSet);
                    System.err.printf("golden set: %d rows -> %s%n", goldenSet.size(), goldens.uri(ref));
                }
                ModelCard s = store.publish(cardToStore, bytes, file);
                System.err.printf("published %s -> %s (%s, sha256 %s)%n", ref, store.location(ref), file,
                        s.artifact().sha256().substring(0, 12));
                return s;
            });
            return stored == null ? 1 : 0;
        }

        private GoldenSet goldenSet(LoadedModel loaded) throws java.io.IOException {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(golden);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--golden " + golden + ": no such file");
            }
            String header = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (header.contains(GoldenSet.EXPECTED + "0")) {
                return GoldenSet.parse(golden.toString(), bytes);
            }
            List<com.anycompany.scoring.feature.RecordView> rows = new java.util.ArrayList<>();
            try (RecordReader reader = new RecordReader(new java.io.StringReader(new String(bytes,
                    java.nio.charset.StandardCharsets.UTF_8)), RecordReader.Format.CSV, RecordReader.Limits.DEFAULT)) {
                com.anycompany.scoring.feature.CsvHeader h = null;
                for (RecordReader.Record r = reader.next(); r != null; r = reader.next()) {
                    if (!r.ok()) {
                        throw new IllegalArgumentException("--golden " + golden + " line " + r.line() + ": " + r.error());
                    }
                    if (h == null) {
                        h = new com.anycompany.scoring.feature.CsvHeader(r.cells());
                    } else {
                        rows.add(new com.anycompany.scoring.feature.CsvRecord(h, r.cells()));
                    }
                }
            }
            return GoldenSet.generate(loaded, rows, 1000);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists stored model versions.")
    static final class ListVersions implements Callable<Integer> {
        @Option(names = "--bucket", description = "a real S3 bucket; default: the local S3") String bucket;
        @Mixin RuntimeOptions runtime;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            java.io.PrintWriter out = spec.commandLine().getOut();
            withStore(runtime, bucket, store -> {
                List<ModelRef> refs = store.list();
                if (refs.isEmpty()) {
                    System.err.println("no models stored in s3://" + store.bucket() + "/models/ "
                            + "(publish one with ./scoring models publish)");
                    return null;
                }
                out.printf("%-16s %-14s %-10s %-18s %-14s %-14s %s%n", "NAME", "CLIENT", "VERSION", "OBJECTIVE",
                        "ARTIFACT", "SHA256", "LOCATION");
                for (ModelRef r : refs) {
                    try {
                        ModelCard c = store.fetch(r).card();
                        out.printf("%-16s %-14s %-10s %-18s %-14s %-14s %s%n", r.name(),
                                r.clientId() == null ? "-" : r.clientId(), r.version(), c.objective(),
                                c.artifact().file(), c.artifact().sha256().substring(0, 12), store.location(r));
                    } catch (RuntimeException e) {
                        out.printf("%-16s %-14s %-10s UNUSABLE: %s%n", r.name(),
                                r.clientId() == null ? "-" : r.clientId(), r.version(), e.getMessage());
                    }
                }
                AliasStore aliases = new AliasStore(store.s3(), store.bucket());
                for (String name : refs.stream().map(ModelRef::name).distinct().toList()) {
                    aliases.read(name).ifPresent(a -> out.printf("aliases %-8s %s (etag %s, by %s at %s)%n", name,
                            a.aliases().describe(), a.etag(), a.aliases().updatedBy(), a.aliases().updatedAt()));
                }
                return null;
            });
            return 0;
        }
    }

}
