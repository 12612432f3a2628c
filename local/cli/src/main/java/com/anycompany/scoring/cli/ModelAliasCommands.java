package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.ModelAliases;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * Model-only rollouts through the registry ({@code models/<name>/aliases.json}): promote, shift, rollback, shadow.
 * Each change is one conditional write (If-Match on the ETag read, If-None-Match for the first), so two operators
 * cannot overwrite each other; {@code --expect-etag} pins the aliases the operator looked at. Every version that
 * would serve or shadow traffic must pass its golden set first.
 */
final class ModelAliasCommands {
    private ModelAliasCommands() {
    }

    /** Options every alias command shares. */
    static final class Target {
        @Option(names = "--name", required = true, description = "model name") String name;
        @Option(names = "--bucket", description = "a real S3 bucket; default: the local S3") String bucket;
        @Option(names = "--expect-etag", paramLabel = "ETAG",
                description = "refuse unless aliases.json still has this ETag (as printed by the last change)")
        String expectEtag;
        @Option(names = "--by", description = "who makes the change (recorded in aliases.json; default $USER)")
        String by;
        @Mixin RuntimeOptions runtime;
        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec spec;
        // not mixinStandardHelpOptions: its -V/--version would clash with these commands' --version option
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
    }

    interface Body {
        int run(S3Client s3, String bucket) throws Exception;
    }

    static int withS3(Target t, Body body) throws Exception {
        if (t.bucket != null) {
            return body.run(AwsClients.s3(Optional.empty()), t.bucket);
        }
        try (LocalRuntime rt = t.runtime.open()) {
            return body.run(rt.aws().s3Client(), rt.bucketName("ModelBucket"));
        }
    }

    /** One conditional read-modify-write; prints the new aliases and ETag. */
    static int change(Target t, S3Client s3, String bucket, String initialChampion, UnaryOperator<ModelAliases> f) {
        AliasStore store = new AliasStore(s3, bucket);
        Optional<AliasStore.Versioned> current = store.read(t.name);
        if (t.expectEtag != null) {
            String have = current.map(AliasStore.Versioned::etag).orElse("(none)");
            if (!unquoted(t.expectEtag).equals(unquoted(have))) {
                throw new com.anycompany.scoring.rollout.AliasConflictException(store.uri(t.name)
                        + " has ETag " + have + ", not " + t.expectEtag + ": someone changed it; nothing was written. "
                        + "Look again (./scoring models list) and retry.");
            }
        }
        if (current.isEmpty() && initialChampion == null) {
            throw new IllegalArgumentException(t.name + " has no aliases yet (" + store.uri(t.name)
                    + "); start with ./scoring models promote --name " + t.name + " --version V");
        }
        ModelAliases base = current.map(AliasStore.Versioned::aliases)
                .orElseGet(() -> ModelAliases.initial(t.name, initialChampion));
        String by = t.by != null ? t.by : Optional.ofNullable(System.getenv("USER")).orElse("unknown");
        ModelAliases next = f.apply(base).stamped(Instant.now().toString(), by);
        String etag = store.write(next, current.map(AliasStore.Versioned::etag));
        java.io.PrintWriter out = t.spec.commandLine().getOut();
        out.printf("%s: %s%netag: %s%n", t.name, next.describe(), etag);
        out.flush();
        return 0;
    }

    /** ETags come quoted ("abc…"); accept them with or without the quotes. */
    static String unquoted(String etag) {
        return etag.replace("\"", "");
    }

    static void gate(S3Client s3, String bucket, String name, String version) {
        GoldenGate.Verdict v = RolloutGate.require(s3, bucket, ModelRef.of(name, version));
        System.err.printf("golden set: %s@%s passes: %s%n", name, version, v.reason());
    }

    @Command(name = "promote",
            description = {"Makes a version the champion (all traffic) without redeploying; the old champion is kept "
                    + "for rollback. With --client, moves only that client to the version (per-client canary).",
                    "Refused if the version fails its golden set."})
    static final class Promote implements Callable<Integer> {
        @Option(names = "--version", required = true) String version;
        @Option(names = "--client", description = "per-client canary: only this client is served the version")
        String client;
        @Mixin Target target = new Target();

        @Override
        public Integer call() throws Exception {
            return withS3(target, (s3, bucket) -> {
                gate(s3, bucket, target.name, version);
                return change(target, s3, bucket, client == null ? version : null,
                        a -> client == null ? a.promote(version) : a.withClient(client, version));
            });
        }
    }

    @Command(name = "shift",
            description = {"Routes PERCENT of entities (sticky by entity id hash) to the challenger; --to 100 promotes "
                    + "it, --to 0 keeps it at no traffic.", "Refused if the version fails its golden set."})
    static final class Shift implements Callable<Integer> {
        @Option(names = "--version", description = "the challenger (default: the current one)") String version;
        @Option(names = "--to", required = true, paramLabel = "PERCENT") int percent;
        @Mixin Target target = new Target();

        @Override
        public Integer call() throws Exception {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("--to must be a percentage 0..100, got " + percent);
            }
            return withS3(target, (s3, bucket) -> {
                String v = version;
                if (v == null) {
                    v = new AliasStore(s3, bucket).read(target.name).map(x -> x.aliases().challenger())
                            .map(ModelAliases.Challenger::version).orElseThrow(() -> new IllegalArgumentException(
                                    target.name + " has no challenger; name one with --version"));
                }
                gate(s3, bucket, target.name, v);
                String chosen = v;
                return change(target, s3, bucket, null, a -> a.shift(chosen, percent));
            });
        }
    }

    @Command(name = "rollback",
            description = "Removes the challenger (all traffic back to the champion), or, with no challenger, "
                    + "restores the previous champion. With --client, removes that client's override.")
    static final class Rollback implements Callable<Integer> {
        @Option(names = "--client") String client;
        @Mixin Target target = new Target();

        @Override
        public Integer call() throws Exception {
            return withS3(target, (s3, bucket) -> {
                ModelAliases now = new AliasStore(s3, bucket).read(target.name).map(AliasStore.Versioned::aliases)
                        .orElseThrow(() -> new IllegalArgumentException(target.name + " has no aliases to roll back"));
                if (client == null && now.challenger() == null && !now.previous().isEmpty()) {
                    gate(s3, bucket, target.name, now.previous().get(now.previous().size() - 1));
                }
                return change(target, s3, bucket, null, a -> client != null ? a.withClient(client, null)
                        : a.rollback());
            });
        }
    }

    @Command(name = "shadow",
            description = {"Sets the shadow version: it scores every request beside the served one (never served); "
                    + "the functions publish the mean absolute score delta and decision flips.",
                    "Refused if the version fails its golden set."})
    static final class Shadow implements Callable<Integer> {
        @ArgGroup(multiplicity = "1") Which which;
        @Mixin Target target = new Target();

        static final class Which {
            @Option(names = "--version") String version;
            @Option(names = "--clear", description = "stop shadow scoring") boolean clear;
        }

        @Override
        public Integer call() throws Exception {
            return withS3(target, (s3, bucket) -> {
                if (!which.clear) {
                    gate(s3, bucket, target.name, which.version);
                }
                return change(target, s3, bucket, null, a -> a.withShadow(which.clear ? null : which.version));
            });
        }
    }
}
