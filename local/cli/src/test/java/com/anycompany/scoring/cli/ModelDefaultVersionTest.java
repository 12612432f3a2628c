package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code batch run} without --version uses the champion alias, else the only published version; a model that is not
 * there fails before any work (nothing uploaded, no shard scored) with one line saying what to publish or promote.
 */
class ModelDefaultVersionTest {
    private static final String TEMPLATE = Path.of("../../template.yaml").toString();

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", dir.resolve("state").toString(), "--template", TEMPLATE));
        return CliRun.of(all.toArray(String[]::new));
    }

    private Path model(String file, int seed) throws Exception {
        float[][] x = new float[300][2];
        float[] y = new float[300];
        for (int i = 0; i < 300; i++) {
            x[i][0] = i % 17;
            x[i][1] = i % 7;
            y[i] = x[i][0] > 8 ? 1 : 0;
        }
        return Files.write(dir.resolve(file), XgbTrainer.train(x, y, List.of("a", "b"),
                Map.of("objective", "binary:logistic", "nthread", 1, "seed", seed), 5 + seed, "json"));
    }

    private CliRun batch(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("batch", "run", "--model", "toy", "--input", input.toString(),
                "--output", dir.resolve("out-" + System.nanoTime()).toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private long uploadedInputs() {
        try (LocalRuntime rt = LocalRuntime.open(dir.resolve("state"), Path.of(TEMPLATE), Map.of())) {
            String bucket = rt.bucketName("DataBucket");
            return rt.aws().s3Client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("batch/")).contents()
                    .stream().count();
        }
    }

    @Test
    void batchRunUsesTheChampionElseTheOnlyVersionAndFailsUpFrontOtherwise() throws Exception {
        Path input = Files.writeString(dir.resolve("in.csv"), "a,b\n12,1\n3,2\n9,4\n");

        CliRun none = batch(input);
        assertEquals(2, none.code(), none.err());
        assertEquals(1, none.err().lines().count(), none.err());
        assertTrue(none.err().contains("no model toy is published")
                && none.err().contains("./scoring models publish --name toy --version V --model FILE"), none.err());
        assertEquals(0, uploadedInputs(), "nothing was uploaded or planned");

        Path v1 = model("v1.json", 1);
        assertEquals(0, run("models", "publish", "--name", "toy", "--version", "v1", "--model", v1.toString())
                .code());
        CliRun only = batch(input, "--json");
        assertEquals(0, only.code(), only.err());
        assertTrue(only.err().contains("model: toy@v1 (the only published version)"), only.err());

        Path golden = Files.writeString(dir.resolve("golden.csv"), "a,b\n1,1\n15,3\n");
        assertEquals(0, run("models", "publish", "--name", "toy", "--version", "v2", "--model",
                model("v2.json", 2).toString(), "--golden", golden.toString()).code());
        long before = uploadedInputs();
        CliRun two = batch(input);
        assertEquals(2, two.code(), two.err());
        assertEquals(1, two.err().lines().count(), two.err());
        assertTrue(two.err().contains("toy has 2 published versions (v1, v2) and no champion; promote one: "
                + "./scoring models promote --name toy --version V, or pass --version V"), two.err());
        CliRun missing = batch(input, "--version", "v3");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("toy@v3 is not published") && missing.err().contains("(published: v1, v2)"),
                missing.err());
        assertEquals(before, uploadedInputs(), "a refused run uploads nothing");

        CliRun promote = run("models", "promote", "--name", "toy", "--version", "v2");
        assertEquals(0, promote.code(), promote.err());
        CliRun champion = batch(input);
        assertEquals(0, champion.code(), champion.err());
        assertTrue(champion.err().contains("model: toy@v2 (champion)"), champion.err());
        assertFalse(champion.err().contains("Exception"), champion.err());
        CliRun pinned = batch(input, "--version", "v1");
        assertEquals(0, pinned.code(), pinned.err());
        assertFalse(pinned.err().contains("model: toy@"), "an explicit version is used as given: " + pinned.err());
    }
}
