package com.anycompany.scoring.local.xgb;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code --engine xgboost4j} reads a 3.x model's own category vocabulary too: names score as XGBoost 3.4 scores a
 * DataFrame of them (expected values recorded by XGBoost itself, core/src/test/resources/xgb34cats).
 */
class Xgboost4jEngineCategoriesTest {
    @ParameterizedTest
    @ValueSource(strings = {"cats.json", "cats.ubj"})
    void namesScoreThroughTheModelsOwnVocabulary(String file) throws Exception {
        Path dir = Path.of("../../core/src/test/resources/xgb34cats");
        byte[] bytes = Files.readAllBytes(dir.resolve(file));
        JsonNode want = BatchJson.MAPPER.readTree(dir.resolve("expected.json").toFile());
        CompiledModel m = new Xgboost4jEngine().compile(new ModelArtifact(file, bytes));
        LoadedModel model = LoadedModel.bind(CardDeriver.derive("cats", "1", m,
                new ArtifactInfo(file, "json", "0".repeat(64), bytes.length)), m, file);
        for (int i = 0; i < want.get("rows").size(); i++) {
            double w = want.get("predictions").get(i).asDouble();
            assertEquals(w, model.score(new JsonRecord(want.get("rows").get(i)), "row " + i)[0],
                    1e-6 * Math.max(1e-3, Math.abs(w)), want.get("rows").get(i).toString());
        }
        assertThrows(InvalidRecordException.class, () -> model.score(new JsonRecord(BatchJson.MAPPER.readTree(
                "{\"dept\":\"Marketing\",\"tenure\":1,\"level\":10}")), "unseen"));
    }
}
