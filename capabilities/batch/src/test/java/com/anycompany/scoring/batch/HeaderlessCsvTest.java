package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.fasterxml.jackson.databind.JsonNode;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SageMaker built-in-algorithm model (binary xgboost-model in model.tar.gz, no feature names) scores a headerless CSV
 * by position, like XGBoost 1.7.4 (fixtures from make_fixtures.py); header-vs-position mix-ups fail clearly.
 */
class HeaderlessCsvTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HeaderlessCsvTest.class.getResourceAsStream("/xgb174/" + name)) {
            return in.readAllBytes();
        }
    }

    private static LoadedModel sageMaker() throws IOException {
        byte[] bytes = resource("sagemaker-model.tar.gz");
        JavaCompiledModel compiled = new JavaEngine().compile(new ModelArtifact("model.tar.gz", bytes));
        return LoadedModel.bind(CardDeriver.derive("sm", "1", compiled,
                new ArtifactInfo("model.tar.gz", "tar.gz", "0".repeat(64), bytes.length)), compiled, "model.tar.gz");
    }

    @Test
    void headerlessCsvScoresByPositionLikeXgboost() throws IOException {
        String csv = new String(resource("rows.csv"), StandardCharsets.UTF_8);
        JsonNode want = Json.MAPPER.readTree(resource("expected.json"))
                .at("/models/logistic/bin/predict");
        StringWriter out = new StringWriter();
        StringWriter quarantine = new StringWriter();
        FileScorer.Result r = new FileScorer(sageMaker()).score(new StringReader(csv), RecordFormat.CSV, out,
                quarantine);
        assertEquals(want.size(), r.rows(), "every line is a row, the first one too");
        assertEquals(want.size(), r.scored(), quarantine.toString());
        String[] lines = out.toString().split("\n");
        assertEquals("prediction", lines[0]);
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i).asDouble();
            double got = Double.parseDouble(lines[i + 1]);
            assertEquals(w, got, 1e-6 * Math.max(1, Math.abs(w)), "row " + i);
        }
    }

    @Test
    void aHeaderOnAPositionalModelIsAClearError() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileScorer(sageMaker())
                .score(new StringReader("age,income,a,b,c\n1,2,3,4,5\n"), RecordFormat.CSV, new StringWriter(),
                        new StringWriter()));
        assertTrue(e.getMessage().contains("has no feature names") && e.getMessage().contains("remove the header"),
                e.getMessage());
        // naming the columns f0..f4 is accepted, in any order
        StringWriter out = new StringWriter();
        new FileScorer(sageMaker()).score(new StringReader("f4,f3,f2,f1,f0\n5,4,3,2,1\n"), RecordFormat.CSV, out,
                new StringWriter());
        StringWriter byPosition = new StringWriter();
        new FileScorer(sageMaker()).score(new StringReader("1,2,3,4,5\n"), RecordFormat.CSV, byPosition,
                new StringWriter());
        assertEquals(byPosition.toString(), out.toString());
    }

    @Test
    void aHeaderlessCsvOnANamedModelIsAClearError() throws Exception {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        DMatrix d = new DMatrix(x, 4, 2, Float.NaN);
        d.setLabel(new float[] {0, 1, 0, 1});
        d.setFeatureNames(new String[] {"amount", "tenure"});
        Booster b = XGBoost.train(d, new HashMap<>(Map.of("objective", "binary:logistic")), 2, new HashMap<>(),
                null, null);
        byte[] bytes = b.toByteArray("json");
        JavaCompiledModel compiled = new JavaEngine().compile(new ModelArtifact("m.json", bytes));
        LoadedModel named = LoadedModel.bind(CardDeriver.derive("m", "1", compiled,
                new ArtifactInfo("model.json", "json", "0".repeat(64), bytes.length)), compiled, "m.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileScorer(named)
                .score(new StringReader("1.5,2\n3,4\n"), RecordFormat.CSV, new StringWriter(), new StringWriter()));
        assertTrue(e.getMessage().contains("no header line") && e.getMessage().contains("[amount, tenure]"),
                e.getMessage());
    }
}
