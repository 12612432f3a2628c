package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SageMaker built-in algorithm's own artifact: a {@code model.tar.gz} whose {@code xgboost-model} is XGBoost's
 * binary format (no feature names), written by Debian's XGBoost 1.7.4 ({@code core/src/test/resources/xgb174/
 * make_fixtures.py}). Headerless CSV rows, as batch transform sends them, must answer what XGBoost 1.7.4's
 * {@code predict} gave for the same rows (the outside oracle in {@code expected.json}), within 1e-6 relative.
 */
class SageMakerBuiltInArtifactTest {
    private static final Path FIXTURES = Path.of("../../core/src/test/resources/xgb174");

    @Test
    void headerlessCsvOnTheBuiltInAlgorithmsBinaryArtifactAnswersLikeXgboost174() throws Exception {
        byte[] tarGz = Files.readAllBytes(FIXTURES.resolve("sagemaker-model.tar.gz"));
        String csv = Files.readString(FIXTURES.resolve("rows.csv"));
        JsonNode want = BatchJson.MAPPER.readTree(FIXTURES.resolve("expected.json").toFile())
                .at("/models/logistic/bin/predict");
        assertTrue(want.size() > 10, "expected.json holds XGBoost 1.7.4's predictions for rows.csv");

        ModelServer server = TestModels.start("model", TestModels.load("model.tar.gz", tarGz));
        try {
            HttpResponse<String> r = TestModels.post(server, "/invocations", "text/csv", "text/csv", csv);
            assertEquals(200, r.statusCode(), r.body());
            String[] lines = r.body().split("\n");
            assertEquals(want.size(), lines.length, "one answer per CSV row");
            for (int i = 0; i < lines.length; i++) {
                double w = want.get(i).asDouble();
                double got = Double.parseDouble(lines[i]);
                assertTrue(Math.abs(got - w) <= 1e-6 * Math.max(1.0, Math.abs(w)),
                        "row " + i + ": " + got + " vs XGBoost 1.7.4 " + w);
            }
        } finally {
            server.close();
        }
    }
}
