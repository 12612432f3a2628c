package com.anycompany.scoring.feature;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.engine.UnsupportedModelException;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.CategoryVocabulary;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's own category vocabulary (XGBoost 3.1+ {@code cats}) maps category names to codes when the card has none.
 * The fixture {@code xgb34cats/} was written by XGBoost 3.4 itself (its C API inside xgboost4j's native library, driven
 * as Python XGBoost drives it for a pandas DataFrame; see make_cats_fixture.py). Oracles: XGBoost 3.4's own
 * re-coded predictions for a DataFrame of names and its errors for unseen names (recorded in expected.json), and
 * xgboost4j 3.4 loading the same files and predicting on the codes.
 */
class ModelCategoryVocabularyTest {
    private static final ObjectMapper JSON = BatchJson.MAPPER;
    private static final String DIR = "/xgb34cats/";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelCategoryVocabularyTest.class.getResourceAsStream(DIR + name)) {
            assertTrue(in != null, "missing fixture " + name);
            return in.readAllBytes();
        }
    }

    private static JsonNode expected() throws IOException {
        return JSON.readTree(resource("expected.json"));
    }

    private static CompiledModel compile(String name, byte[] bytes) {
        return new JavaEngine().compile(new ModelArtifact(name, bytes));
    }

    private static LoadedModel derived(String name) throws IOException {
        CompiledModel m = compile(name, resource(name));
        return LoadedModel.bind(CardDeriver.derive("cats", "1", m, new ArtifactInfo(name, "json", "0".repeat(64), 1)),
                m, name);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertClose(double want, double got, String what) {
        assertEquals(want, got, 1e-6 * Math.max(1e-3, Math.abs(want)), what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cats.json", "cats.ubj"})
    void xgboostsOwnVocabularyIsRead(String file) throws Exception {
        JsonNode want = expected();
        assertEquals("[3,4,0]", want.get("xgboost_version").toString());
        List<CategoryVocabulary> v = compile(file, resource(file)).categoryVocabularies();
        assertEquals(3, v.size());
        assertEquals(new CategoryVocabulary(strings(want.get("dept")), false), v.get(0), "string names, UTF-8");
        assertNull(v.get(1), "tenure is numeric");
        assertEquals(new CategoryVocabulary(strings(want.get("level")), true), v.get(2), "integer names");
    }

    /** Names in JSON and CSV records score as XGBoost 3.4 scores a DataFrame of them (it re-codes through cats). */
    @ParameterizedTest
    @ValueSource(strings = {"cats.json", "cats.ubj"})
    void namesScoreLikeXgboostRecodingADataFrame(String file) throws Exception {
        JsonNode want = expected();
        LoadedModel model = derived(file);
        CsvHeader header = new CsvHeader(List.of("level", "dept", "tenure"));
        JsonNode rows = want.get("rows");
        assertEquals(42, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            double p = want.get("predictions").get(i).asDouble();
            assertClose(p, model.score(new JsonRecord(r), "row " + i)[0], "JSON " + r);
            List<String> cells = List.of(r.get("level").isNull() ? "" : r.get("level").asText(),
                    r.get("dept").isNull() ? "" : " " + r.get("dept").asText() + " ", r.get("tenure").asText());
            assertClose(p, model.score(new CsvRecord(header, cells), "csv " + i)[0], "CSV " + cells);
        }
        double spread = 0;
        for (JsonNode p : want.get("predictions")) {
            spread = Math.max(spread, Math.abs(p.asDouble() - want.get("predictions").get(0).asDouble()));
        }
        assertTrue(spread > 0.1, "the categories must matter for this test to mean anything");
    }

    /** xgboost4j 3.4 loads the same files (so XGBoost parses their cats) and, on the codes, predicts what we do. */
    @ParameterizedTest
    @ValueSource(strings = {"cats.json", "cats.ubj"})
    void xgboost4jLoadsTheFileAndAgreesOnTheCodes(String file) throws Exception {
        JsonNode want = expected();
        List<String> depts = strings(want.get("dept"));
        List<String> levels = strings(want.get("level"));
        Booster booster = XGBoost.loadModel(resource(file));
        assertEquals(Arrays.asList("dept", "tenure", "level"), Arrays.asList(booster.getFeatureNames()));
        JsonNode rows = want.get("rows");
        float[] codes = new float[rows.size() * 3];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            codes[3 * i] = r.get("dept").isNull() ? Float.NaN : depts.indexOf(r.get("dept").asText());
            codes[3 * i + 1] = (float) r.get("tenure").asDouble();
            codes[3 * i + 2] = r.get("level").isNull() ? Float.NaN : levels.indexOf(r.get("level").asText());
        }
        DMatrix m = new DMatrix(codes, rows.size(), 3, Float.NaN);
        m.setFeatureTypes(new String[] {"c", "q", "c"});
        float[][] xgb = booster.predict(m);
        LoadedModel model = derived(file);
        for (int i = 0; i < rows.size(); i++) {
            float ours = model.score(new JsonRecord(rows.get(i)), "row " + i)[0];
            assertClose(xgb[i][0], ours, "xgboost4j on codes vs names " + rows.get(i));
            assertClose(want.get("predictions").get(i).asDouble(), xgb[i][0], "the two XGBoost paths agree");
        }
    }

    /**
     * XGBoost 3.x refuses a DataFrame holding a category outside the model's vocabulary ("Found a category not in the
     * training set"); here that record alone is refused, its message naming the feature but never the value.
     */
    @Test
    void unseenNamesAreRefusedPerRecordAsXgboostRefusesThem() throws Exception {
        JsonNode want = expected();
        assertTrue(want.get("unknown_dept_error").asText().startsWith("Found a category not in the training set for"
                + " the 0th"), want.get("unknown_dept_error").asText());
        assertTrue(want.get("unknown_level_error").asText().contains("not in the training set for the 2th"));
        LoadedModel model = derived("cats.json");
        InvalidRecordException dept = assertThrows(InvalidRecordException.class, () -> model.score(
                new JsonRecord(JSON.readTree("{\"dept\":\"Marketing\",\"tenure\":1,\"level\":10}")), "record 7"));
        assertTrue(dept.getMessage().contains("'dept'") && dept.getMessage().contains("not trained on"),
                dept.getMessage());
        assertFalse(dept.getMessage().contains("Marketing"), "the value is never echoed");
        InvalidRecordException level = assertThrows(InvalidRecordException.class, () -> model.score(
                new JsonRecord(JSON.readTree("{\"dept\":\"HR\",\"tenure\":1,\"level\":50}")), "record 8"));
        assertTrue(level.getMessage().contains("'level'"), level.getMessage());
        assertThrows(InvalidRecordException.class, () -> model.score(
                new JsonRecord(JSON.readTree("{\"dept\":\"HR\",\"tenure\":1,\"level\":\"ten\"}")), "record 9"));
        assertThrows(InvalidRecordException.class, () -> model.score(
                new JsonRecord(JSON.readTree("{\"dept\":\"HR\",\"tenure\":1,\"level\":10.5}")), "record 10"));
        // the next record is unaffected, and a JSON number for a string-named feature is the code itself
        float named = model.score(new JsonRecord(JSON.readTree("{\"dept\":\"HR\",\"tenure\":1,\"level\":10}")), "a")[0];
        float coded = model.score(new JsonRecord(JSON.readTree("{\"dept\":2,\"tenure\":1,\"level\":\"10\"}")), "b")[0];
        assertEquals(named, coded);
    }

    @Test
    void aCardVocabularyMustEqualTheModelsAndThenDecides() throws Exception {
        JsonNode want = expected();
        List<String> depts = strings(want.get("dept"));
        CompiledModel m = compile("cats.json", resource("cats.json"));
        LoadedModel same = LoadedModel.bind(card(depts, null), m, "same");
        float unseen = same.score(new JsonRecord(JSON.readTree("{\"dept\":\"Marketing\",\"tenure\":1,\"level\":10}")),
                "r")[0];
        float asCode = same.score(new JsonRecord(JSON.readTree("{\"dept\":6,\"tenure\":1,\"level\":10}")), "r")[0];
        assertEquals(asCode, unseen, "with the card's vocabulary an unknown name is the unseen code, as documented");

        List<String> swapped = new ArrayList<>(depts);
        swapped.set(0, depts.get(1));
        swapped.set(1, depts.get(0));
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> LoadedModel.bind(card(swapped, null), m, "swapped"));
        assertTrue(e.getMessage().contains("'dept'") && e.getMessage().contains("first difference at code 0"),
                e.getMessage());
        assertThrows(CorruptArtifactException.class, () -> LoadedModel.bind(card(null, strings(want.get("level"))), m,
                "integer names are the model's to map"));
    }

    private static ModelCard card(List<String> dept, List<String> level) {
        return new ModelCard("cats", "1", null, "binary:logistic", CardDeriver.outputOf(new JavaEngine().compile(
                new ModelArtifact("x.json", resourceUnchecked("cats.json")))),
                List.of(new FeatureSpec("dept", FeatureType.INT, false, null, null, null, null, null, dept),
                        FeatureSpec.optional("tenure"),
                        new FeatureSpec("level", FeatureType.INT, false, null, null, null, null, null, level)),
                new ArtifactInfo("cats.json", "json", "0".repeat(64), 1), "2026-12-02T00:00:00Z", Map.of());
    }

    private static byte[] resourceUnchecked(String name) {
        try {
            return resource(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Re-runs make_cats_fixture.py against the xgboost4j jar on this test's classpath and checks it writes the
     * committed files byte for byte, so the fixture provably is what XGBoost 3.4 writes. Needs only python3; required in
     * CI ({@code SCORING_REQUIRE_XGBOOST_PY=1}), elsewhere skipped without /usr/bin/python3.
     */
    @Test
    void theFixtureIsWhatXgboostWrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path python = java.nio.file.Path.of("/usr/bin/python3");
        if ("1".equals(System.getenv("SCORING_REQUIRE_XGBOOST_PY"))) {
            assertTrue(java.nio.file.Files.isExecutable(python), "CI must have python3");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(python), "no python3");
        String jar = java.nio.file.Path.of(Booster.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        java.nio.file.Files.write(dir.resolve("make_cats_fixture.py"), resource("make_cats_fixture.py"));
        Process p = new ProcessBuilder(python.toString(), "make_cats_fixture.py", jar).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "make_cats_fixture.py timed out");
        assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("log.txt")));
        for (String f : List.of("cats.json", "cats.ubj", "expected.json")) {
            assertTrue(Arrays.equals(resource(f), java.nio.file.Files.readAllBytes(dir.resolve(f))),
                    f + " is no longer what make_cats_fixture.py writes; re-run it");
        }
    }

    @Test
    void aModelTrainedOnCodesHasNoVocabulary() throws Exception {
        float[] x = {0, 1, 1, 0, 2, 1, 3, 0};
        DMatrix d = new DMatrix(x, 4, 2, Float.NaN);
        d.setLabel(new float[] {0, 1, 1, 0});
        d.setFeatureTypes(new String[] {"c", "q"});
        Booster b = XGBoost.train(d, new HashMap<>(Map.of("objective", "binary:logistic", "nthread", 1)), 2,
                new HashMap<>(), null, null);
        byte[] json = b.toByteArray("json");
        assertTrue(new String(json, java.nio.charset.StandardCharsets.UTF_8).contains("\"cats\""),
                "xgboost4j 3.4 writes an empty cats section");
        assertEquals(List.of(), compile("codes.json", json).categoryVocabularies());
        assertEquals(List.of(), compile("codes.ubj", b.toByteArray("ubj")).categoryVocabularies());
    }

    @Test
    void aMalformedSectionIsRefusedWithItsPath() throws Exception {
        assertRefused(c -> ((ArrayNode) c.at("/enc/0/offsets")).set(2, 99), CorruptArtifactException.class,
                "offsets: must rise");
        assertRefused(c -> ((ArrayNode) c.get("feature_segments")).set(1, 5), CorruptArtifactException.class,
                "feature_segments: gives feature 0 5 categories");
        assertRefused(c -> ((ObjectNode) c.at("/enc/2")).put("type", 8), UnsupportedModelException.class,
                "floating-point category names");
        assertRefused(c -> ((ArrayNode) c.at("/enc/2/values")).set(1, 30), CorruptArtifactException.class,
                "repeats a category name");
        assertRefused(c -> ((ArrayNode) c.at("/enc/0/values")).set(11, -1), CorruptArtifactException.class,
                "category 3 is not valid UTF-8");
        assertRefused(c -> ((ArrayNode) c.get("enc")).remove(1), CorruptArtifactException.class,
                "has 2 features but the model has 3");
        ObjectNode root = (ObjectNode) JSON.readTree(resource("cats.json"));
        ((ArrayNode) root.get("version")).set(1, 3);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> compile("v33.json", JSON.writeValueAsBytes(root)));
        assertTrue(e.getMessage().contains("XGBoost 3.1 to 3.3") && e.getMessage().contains("categories"),
                e.getMessage());
    }

    private static void assertRefused(java.util.function.Consumer<JsonNode> edit, Class<? extends Exception> type,
            String says) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(resource("cats.json"));
        edit.accept(root.at("/learner/gradient_booster/model/cats"));
        Exception e = assertThrows(type, () -> compile("bad.json", JSON.writeValueAsBytes(root)));
        assertTrue(e.getMessage().contains(says) && e.getMessage().startsWith("bad.json: "), e.getMessage());
    }
}
