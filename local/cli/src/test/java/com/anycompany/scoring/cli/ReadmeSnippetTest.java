package com.anycompany.scoring.cli;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.local.xgb.Xgboost4jEngine;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "load a model and score a row" snippet is this test's code: every line of README.md's java block must
 * appear in {@link #snippet()} (so the README cannot drift from an API that compiles), and the snippet, run against the
 * local S3, must give xgboost4j's prediction for the same row, with three reasons. The README stays within 250 lines.
 */
class ReadmeSnippetTest {
    private static final Path README = Path.of("../../README.md");

    /** The README snippet, as it runs (imports above; the bucket is the local one through AWS_ENDPOINT_URL_S3). */
    static LoadedModel.Explained snippet() {
        // README snippet: begin
        var store = new S3ModelStore(AwsClients.s3(), "modelbucket");  // AWS, or AWS_ENDPOINT_URL_S3
        var loader = new ModelLoader(store, Engines.named(Engines.DEFAULT));
        LoadedModel model = loader.load(ModelRef.of("salary", "1"));  // card + artifact, SHA-256 checked
        Map<String, Object> row = Map.of("job_level", 5, "years_experience", 8,
                "tenure_months", 30, "cost_of_living_index", 1.2, "job_family", 3);
        LoadedModel.Explained answer = model.explain(row::get, "profile-1", 3);
        System.out.printf("%.2f USD because %s%n", answer.outputs()[0], answer.reasons());
        // README snippet: end
        return answer;
    }

    @Test
    void theReadmeSnippetIsThisCodeAndAgreesWithXgboost4j(@TempDir Path dir) throws Exception {
        List<String> readmeLines = javaBlock(Files.readAllLines(README));
        assertTrue(readmeLines.size() >= 5 && readmeLines.size() <= 12, "a ~10-line snippet: " + readmeLines);
        List<String> source = Files.readAllLines(Path.of("src/test/java/com/anycompany/scoring/cli/"
                + "ReadmeSnippetTest.java"));
        List<String> ours = source.subList(source.indexOf("        // README snippet: begin") + 1,
                source.indexOf("        // README snippet: end")).stream().map(String::strip).toList();
        for (String line : readmeLines) {
            assertTrue(ours.contains(line.strip()), "README line not in the tested snippet: " + line);
        }

        SalaryModelBuilder.Trained trained = SalaryModelBuilder.train("1", 2000, 20261202);
        try (LocalAws aws = LocalAws.start(dir)) {
            aws.ensureBucket("modelbucket");
            new S3ModelStore(aws.s3Client(), "modelbucket").publish(trained.card(), trained.artifact(),
                    trained.fileName());
            LoadedModel.Explained answer = FunctionEnvironment.with(aws.environment(), ReadmeSnippetTest::snippet);

            Map<String, Float> given = Map.of("job_level", 5f, "years_experience", 8f, "tenure_months", 30f,
                    "cost_of_living_index", 1.2f, "job_family", 3f);
            float[] row = new float[SalaryModelBuilder.FEATURES.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = given.getOrDefault(SalaryModelBuilder.FEATURES.get(i).name(), Float.NaN);
            }
            CompiledModel reference = new Xgboost4jEngine().compile(new ModelArtifact(trained.fileName(),
                    trained.artifact()));
            float[] expected = new float[1];
            reference.predict(row, expected);
            assertEquals(expected[0], answer.outputs()[0], Math.abs(expected[0]) * 1e-6f, "xgboost4j's prediction");
            assertEquals(3, answer.reasons().size(), answer.reasons().toString());
        }
    }

    @Test
    void theReadmeIsAtMost250Lines() throws Exception {
        List<String> lines = Files.readAllLines(README);
        assertTrue(lines.size() <= 250, "README.md has " + lines.size() + " lines; move detail to docs/");
    }

    private static List<String> javaBlock(List<String> lines) {
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.strip().equals("```java")) {
                in = true;
            } else if (in && l.strip().equals("```")) {
                return block;
            } else if (in) {
                block.add(l);
            }
        }
        throw new AssertionError("README.md has no ```java block");
    }
}
