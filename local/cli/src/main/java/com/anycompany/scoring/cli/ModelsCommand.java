package com.anycompany.scoring.cli;

import com.anycompany.scoring.cli.runtime.LocalRuntime;
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
        description = "Publishes and lists model versions (artifact + card.json) in the local S3 or a real bucket.",
        subcommands = {ModelsCommand.Publish.class, ModelsCommand.ListVersions.class})
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
        @Option(names = "--bucket", description = "a real S3 bucket (AWS credentials from the environment); "
                + "default: the local S3") String bucket;
        @Mixin RuntimeOptions runtime;

        @Override
        public Integer call() throws Exception {
            ModelRef ref = new ModelRef(name, version, client);
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
            LoadedModel.bind(c, compiled, model.toString());
            ModelCard cardToStore = c;
            ModelCard stored = withStore(runtime, bucket, store -> {
                ModelCard s = store.publish(cardToStore, bytes, file);
                System.err.printf("published %s -> %s (%s, sha256 %s)%n", ref, store.location(ref), file,
                        s.artifact().sha256().substring(0, 12));
                return s;
            });
            return stored == null ? 1 : 0;
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
                return null;
            });
            return 0;
        }
    }

}
