package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasConflictException;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * promote / shift / rollback / shadow through the CLI, against the local S3 (S3Proxy) with conditional writes:
 * the golden-set gate refuses a version whose golden scores differ, and a stale ETag is a conflict, not an overwrite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRolloutCommandsTest {
    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private Path home;

    @BeforeAll
    void publishVersions(@TempDir Path dir) {
        home = dir.resolve(".scoring");
        HandlerStdout.install();
        FraudModelBuilder.Trained v1 = FraudModelBuilder.train("1", 2500, 11);
        FraudModelBuilder.Trained v2 = FraudModelBuilder.train("2", 2500, 12);
        FraudModelBuilder.Trained v3 = FraudModelBuilder.train("3", 2500, 13);
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of())) {
            String bucket = rt.bucketName("ModelBucket");
            S3ModelStore store = new S3ModelStore(rt.aws().s3Client(), bucket);
            GoldenStore goldens = new GoldenStore(rt.aws().s3Client(), bucket);
            for (FraudModelBuilder.Trained t : List.of(v1, v2)) {
                goldens.put(t.card().ref(), FraudModelBuilder.golden(t, 50, 99));
                store.publish(t.card(), t.artifact(), t.fileName());
            }
            // version 3's golden set was computed by another model: its golden scores differ from what it gives
            GoldenSet wrong = FraudModelBuilder.golden(v1, 50, 99);
            goldens.put(v3.card().ref(), wrong);
            store.publish(v3.card(), v3.artifact(), v3.fileName());
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString(), "--template", TEMPLATE.toString()));
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private ModelAliases aliases() {
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of())) {
            return new AliasStore(rt.aws().s3Client(), rt.bucketName("ModelBucket")).read("fraud").orElseThrow()
                    .aliases();
        }
    }

    private static String etag(Run r) {
        return r.out().lines().filter(l -> l.startsWith("etag: ")).findFirst().orElseThrow().substring(6);
    }

    @Test
    void promoteShiftConflictRollbackShadowAndTheGoldenGate() {
        Run promote = run("models", "promote", "--name", "fraud", "--version", "1", "--by", "alice");
        assertEquals(0, promote.code(), promote.err());
        assertEquals("1", aliases().champion());

        Run refused = run("models", "promote", "--name", "fraud", "--version", "3");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("fraud@3 fails its golden set"), refused.err());
        assertTrue(refused.err().contains("golden rows differ"), refused.err());
        assertEquals("1", aliases().champion(), "a refused promotion writes nothing");
        assertEquals(1, run("models", "shift", "--name", "fraud", "--version", "3", "--to", "25").code());

        Run shift = run("models", "shift", "--name", "fraud", "--version", "2", "--to", "25");
        assertEquals(0, shift.code(), shift.err());
        assertEquals(new ModelAliases.Challenger("2", 25), aliases().challenger());
        String seen = etag(shift);

        // two operators both looked at the aliases with ETag `seen`: the first change wins, the second is refused
        Run first = run("models", "shift", "--name", "fraud", "--to", "50", "--expect-etag", seen);
        assertEquals(0, first.code(), first.err());
        Run second = run("models", "rollback", "--name", "fraud", "--expect-etag", seen);
        assertEquals(1, second.code());
        assertTrue(second.err().contains("someone changed it; nothing was written"), second.err());
        assertEquals(50, aliases().challenger().weight());

        Run back = run("models", "rollback", "--name", "fraud", "--expect-etag", etag(first).replace("\"", ""));
        assertEquals(0, back.code(), back.err());
        assertNull(aliases().challenger());
        assertEquals("1", aliases().champion());

        assertEquals(0, run("models", "shift", "--name", "fraud", "--version", "2", "--to", "100").code());
        assertEquals("2", aliases().champion());
        assertEquals(List.of("1"), aliases().previous());
        assertEquals(0, run("models", "rollback", "--name", "fraud").code());
        assertEquals("1", aliases().champion());

        assertEquals(0, run("models", "shadow", "--name", "fraud", "--version", "2").code());
        assertEquals("2", aliases().shadow());
        assertEquals(1, run("models", "shadow", "--name", "fraud", "--version", "3").code());
        assertEquals(0, run("models", "promote", "--name", "fraud", "--version", "2", "--client", "client-0042").code());
        assertEquals(Map.of("client-0042", "2"), aliases().clients());
        assertEquals("1", aliases().champion(), "a per-client canary leaves the champion");
    }

    @Test
    void twoOperatorsWithTheSameEtagTheFirstWinsTheSecondGetsAConflict(@TempDir Path state) throws Exception {
        try (LocalAws aws = LocalAws.start(state)) {
            aws.ensureBucket("models");
            AliasStore store = new AliasStore(aws.s3Client(), "models");
            store.write(ModelAliases.initial("fraud", "1"), Optional.empty());
            // a second first-write is refused too (If-None-Match: *)
            assertThrows(AliasConflictException.class,
                    () -> store.write(ModelAliases.initial("fraud", "9"), Optional.empty()));

            // two operators read the same aliases (same ETag), then both write: S3 keeps the first write and
            // refuses the second with 412 Precondition Failed (If-Match). (S3Proxy's filesystem store checks If-Match
            // and writes in two steps, so two writes landing in the same millisecond can both pass there; on S3 the
            // check is atomic. The writes are therefore ordered here: the conflict is decided by the server.)
            AliasStore.Versioned alice = store.read("fraud").orElseThrow();
            AliasStore.Versioned bob = store.read("fraud").orElseThrow();
            assertEquals(alice.etag(), bob.etag());
            String aliceEtag = store.write(alice.aliases().shift("2", 10), Optional.of(alice.etag()));
            AliasConflictException e = assertThrows(AliasConflictException.class,
                    () -> store.write(bob.aliases().shift("2", 90), Optional.of(bob.etag())));
            assertTrue(e.getMessage().contains("changed by someone else"), e.getMessage());
            AliasStore.Versioned now = store.read("fraud").orElseThrow();
            assertEquals(10, now.aliases().challenger().weight(), "the first writer's change stands");
            assertEquals(aliceEtag, now.etag());
            // bob re-reads and decides again: now his write goes through
            store.write(now.aliases().shift("2", 90), Optional.of(now.etag()));
            assertEquals(90, store.read("fraud").orElseThrow().aliases().challenger().weight());
        }
    }
}
