package com.anycompany.scoring.feature;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.OutputSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A card's {@code categories} vocabulary maps category strings to the codes a model was trained on. The oracle is
 * xgboost4j predicting on the codes themselves: a string scored through the card must equal xgboost4j on its index,
 * and a string outside the vocabulary must equal xgboost4j on a code the model never saw.
 */
class CategoryVocabularyTest {
    private static final ObjectMapper JSON = BatchJson.MAPPER;
    private static final List<String> REGIONS = List.of("north", "south", "east", "west", "centre", "islands");

    private static ModelCard card(List<String> categories) {
        List<FeatureSpec> features = List.of(
                new FeatureSpec("region", FeatureType.INT, true, null, null, null, null, null, categories),
                new FeatureSpec("amount", FeatureType.FLOAT, false, null, null, null, null, null));
        return new ModelCard("cats", "1", null, "reg:squarederror", new OutputSpec("score", "s", null, null, null, null),
                features, new ArtifactInfo("model.json", "json", "0".repeat(64), 1), "2026-12-02T00:00:00Z", Map.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void stringsScoredThroughTheCardMatchXgboost4jOnTheirCodes(int maxCatToOnehot) throws Exception {
        int rows = 240;
        Random r = new Random(7 + maxCatToOnehot);
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = i % REGIONS.size();
            x[2 * i + 1] = (float) r.nextGaussian();
            y[i] = (i % 6 == 1 || i % 6 == 3 ? 2f : 0f) + (i % 6 == 4 ? -1f : 0f) + x[2 * i + 1];
        }
        DMatrix train = new DMatrix(x, rows, 2, Float.NaN);
        train.setLabel(y);
        train.setFeatureTypes(new String[] {"c", "q"});
        Map<String, Object> p = new HashMap<>(Map.of("objective", "reg:squarederror", "tree_method", "hist",
                "max_cat_to_onehot", maxCatToOnehot, "max_depth", 4, "seed", 1, "nthread", 1));
        Booster booster = XGBoost.train(train, p, 10, new HashMap<>(), null, null);

        // the card travels as card.json: the vocabulary must survive the round trip under the field name "categories"
        byte[] cardJson = ModelCards.toJson(card(REGIONS));
        assertTrue(new String(cardJson, StandardCharsets.UTF_8).contains("\"categories\""));
        FeatureSchema schema = FeatureSchema.of(ModelCards.parse("card.json", cardJson));

        List<String> records = new ArrayList<>();
        List<float[]> codes = new ArrayList<>();
        float[] amounts = {-1.5f, 0f, 0.7f};
        for (float amount : amounts) {
            for (int k = 0; k < REGIONS.size(); k++) {
                records.add("{\"region\":\"" + REGIONS.get(k) + "\",\"amount\":" + amount + "}");
                codes.add(new float[] {k, amount});
            }
            // unknown category: XGBoost's unseen code (any code beyond the trained ones; the vocabulary size is one)
            records.add("{\"region\":\"atlantis\",\"amount\":" + amount + "}");
            codes.add(new float[] {REGIONS.size(), amount});
            // a numeric code keeps working
            records.add("{\"region\":3,\"amount\":" + amount + "}");
            codes.add(new float[] {3, amount});
        }
        float[] flat = new float[codes.size() * 2];
        for (int i = 0; i < codes.size(); i++) {
            System.arraycopy(codes.get(i), 0, flat, 2 * i, 2);
        }
        DMatrix scored = new DMatrix(flat, codes.size(), 2, Float.NaN);
        scored.setFeatureTypes(new String[] {"c", "q"});
        float[][] want = booster.predict(scored);
        float[] unseenFar = booster.predict(codeMatrix(40f, 0f))[0];

        JavaCompiledModel model = new JavaEngine().compile(new ModelArtifact("cats.json", booster.toByteArray("json")));
        float[] out = new float[1];
        boolean unknownDiffersFromSomeKnown = false;
        for (int i = 0; i < records.size(); i++) {
            float[] row = schema.map(new JsonRecord(JSON.readTree(records.get(i))), "record " + i);
            assertArrayEquals(codes.get(i), row, records.get(i));
            model.predict(row, out);
            assertEquals(want[i][0], out[0], 1e-6f * Math.max(1f, Math.abs(want[i][0])), records.get(i));
            unknownDiffersFromSomeKnown |= Math.abs(want[i][0] - want[i - i % 8 + 6][0]) > 1e-3;
        }
        assertTrue(unknownDiffersFromSomeKnown, "the model must tell categories apart for the test to mean anything");
        float[] row = schema.map(new JsonRecord(JSON.readTree("{\"region\":\"atlantis\",\"amount\":0}")), "far");
        model.predict(row, out);
        assertEquals(unseenFar[0], out[0], 1e-6f * Math.max(1f, Math.abs(unseenFar[0])),
                "an unknown string goes where XGBoost sends any unseen code");
    }

    private static DMatrix codeMatrix(float code, float amount) throws Exception {
        DMatrix d = new DMatrix(new float[] {code, amount}, 1, 2, Float.NaN);
        d.setFeatureTypes(new String[] {"c", "q"});
        return d;
    }

    @Test
    void missingAndSpacedValuesFollowTheCard() throws Exception {
        FeatureSchema schema = FeatureSchema.of(card(REGIONS));
        assertArrayEquals(new float[] {1f, Float.NaN},
                schema.map(new JsonRecord(JSON.readTree("{\"region\":\" south \"}")), "r"));
        CsvHeader header = new CsvHeader(List.of("amount", "region"));
        assertArrayEquals(new float[] {5f, 2.5f}, schema.map(new CsvRecord(header, List.of("2.5", "islands")), "row 1"));
        assertArrayEquals(new float[] {6f, 2.5f}, schema.map(new CsvRecord(header, List.of("2.5", "3")), "row 2"),
                "a CSV cell is text, so it is read as a category name, never as a code");
        assertThrows(com.anycompany.scoring.model.InvalidRecordException.class,
                () -> schema.map(new JsonRecord(JSON.readTree("{\"amount\":1}")), "r"), "required category missing");
        FeatureSchema optional = FeatureSchema.of(new ModelCard("c", "1", null, "reg:squarederror",
                new OutputSpec("score", "s", null, null, null, null),
                List.of(new FeatureSpec("region", FeatureType.INT, false, null, null, null, null, null, REGIONS)),
                new ArtifactInfo("model.json", "json", "0".repeat(64), 1), "2026-12-02T00:00:00Z", Map.of()));
        assertTrue(Float.isNaN(optional.map(new JsonRecord(JSON.readTree("{\"region\":\"\"}")), "r")[0]),
                "an empty category is missing and takes the default branch");
    }

    @Test
    void aBadVocabularyIsACardErrorNamingTheFeature() {
        String dup = new String(ModelCards.toJson(card(REGIONS)), StandardCharsets.UTF_8)
                .replace("\"islands\"", "\"north\"");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> ModelCards.parse("card.json", dup.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("'region'") && e.getMessage().contains("repeated"), e.getMessage());
        assertEquals(null, card(null).features().get(0).categories(), "no vocabulary: today's numeric feature");
    }
}
