package com.anycompany.scoring.engine;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.ModelArtifact;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The java engine against Debian's python3-xgboost 1.7.4: the fixtures in {@code src/test/resources/xgb174} were written
 * by {@code make_fixtures.py} (XGBoost 1.7.4 saved every model as JSON, UBJSON and its binary format, derived the binary
 * layouts of 0.90, 1.0, 1.3, 2.0 and 2.1, and recorded its own {@code predict} and {@code pred_contribs} for each file).
 * {@link #fixturesAreWhatTheOracleWrites} re-runs the script and is required in CI ({@code SCORING_REQUIRE_XGBOOST_PY=1}).
 */
class XgboostFixtureTest {
    private static final String DIR = "/xgb174/";
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.MAPPER;
    private static JsonNode expected;
    private static float[] rows;
    private static int nRows;
    private static int nFeatures;

    @BeforeAll
    static void load() throws IOException {
        expected = MAPPER.readTree(resource("expected.json"));
        nFeatures = expected.get("features").asInt();
        nRows = expected.get("rows").size();
        rows = rows(expected.get("rows"));
    }

    /** Rows as written by make_fixtures.py (null is missing). */
    private static float[] rows(JsonNode json) {
        float[] out = new float[json.size() * nFeatures];
        for (int r = 0; r < json.size(); r++) {
            for (int f = 0; f < nFeatures; f++) {
                JsonNode v = json.get(r).get(f);
                out[r * nFeatures + f] = v.isNumber() ? (float) v.asDouble() : Float.NaN;
            }
        }
        return out;
    }

    /** The rows a model was scored on: its own (categorical models) or the shared ones. */
    private static float[] rowsOf(String model) {
        JsonNode own = expected.get("models").get(model).get("rows");
        return own == null ? rows : rows(own);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = XgboostFixtureTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "missing fixture " + DIR + name + "; run make_fixtures.py there");
            return in.readAllBytes();
        }
    }

    private static JavaCompiledModel compile(String file) throws IOException {
        return new JavaEngine().compile(new ModelArtifact(file, resource(file)));
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    /** predict and predictBatch within 1e-6 relative of XGBoost's predict; contributions within 1e-5. */
    static void assertScores(String label, JavaCompiledModel m, float[] want, float[] wantContribs) {
        assertScores(label, m, rows, want, wantContribs);
    }

    static void assertScores(String label, JavaCompiledModel m, float[] rows, float[] want, float[] wantContribs) {
        int no = m.numOutputs();
        assertEquals(want.length, nRows * no, label + ": outputs");
        float[] batch = new float[nRows * no];
        m.predictBatch(rows, nRows, batch);
        float[] row = new float[nFeatures];
        float[] out = new float[no];
        for (int r = 0; r < nRows; r++) {
            System.arraycopy(rows, r * nFeatures, row, 0, nFeatures);
            m.predict(row, out);
            for (int k = 0; k < no; k++) {
                float w = want[r * no + k];
                if (!(Math.abs(out[k] - w) <= 1e-6f * Math.max(1f, Math.abs(w)))) {
                    fail(label + ": row " + r + " output " + k + ": java " + out[k] + " vs XGBoost 1.7.4 " + w);
                }
                assertEquals(out[k], batch[r * no + k], label + ": predictBatch differs from predict at row " + r);
            }
        }
        if (wantContribs == null) {
            return;
        }
        assertTrue(m.explains(), label + ": explains");
        int width = m.contributionGroups() * (nFeatures + 1);
        assertEquals(wantContribs.length, nRows * width, label + ": contributions");
        float[] phi = new float[width];
        for (int r = 0; r < nRows; r++) {
            System.arraycopy(rows, r * nFeatures, row, 0, nFeatures);
            m.contributions(row, phi);
            for (int k = 0; k < width; k++) {
                float w = wantContribs[r * width + k];
                if (!(Math.abs(phi[k] - w) <= 1e-5f * Math.max(1f, Math.abs(w)))) {
                    fail(label + ": row " + r + " contribution " + k + ": java " + phi[k] + " vs XGBoost 1.7.4 " + w);
                }
            }
        }
    }

    private static List<String> models() {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = expected.get("models").fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void everyModelInEveryFormScoresLikeXgboost174() throws IOException {
        List<String> models = models();
        assertTrue(models.size() >= 13 && models.contains("cat_partition") && models.contains("cat_onehot"),
                "fixture models: " + models);
        int checked = 0;
        for (String model : models) {
            JsonNode forms = expected.get("models").get(model);
            for (Iterator<String> it = forms.fieldNames(); it.hasNext(); ) {
                String form = it.next();
                if (form.equals("rows")) {
                    continue;
                }
                if (model.equals("logitraw") && (form.equals("v10") || form.equals("v13"))) {
                    continue; // XGBoost 1.0-1.3 used a different base margin: logitraw13AppliesTheLogit
                }
                String file = model + "." + (form.startsWith("v") ? form + ".bin" : form);
                JavaCompiledModel m = compile(file);
                assertEquals(nFeatures, m.numFeatures(), file);
                assertEquals(model.startsWith("linear") ? "gblinear" : model.startsWith("dart") ? "dart" : "gbtree",
                        m.booster(), file);
                assertScores(file, m, rowsOf(model), floats(forms.get(form).get("predict")),
                        floats(forms.get(form).get("contribs")));
                checked++;
            }
        }
        assertTrue(checked >= 64, "checked " + checked + " files");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v090", "v10", "v13", "bin", "v20", "v21"})
    void binaryFormatOfEachVersionFamily(String version) throws IOException {
        String file = "logistic." + (version.equals("bin") ? "bin" : version + ".bin");
        byte[] bytes = resource(file);
        assertEquals(!version.equals("v090") && !version.equals("v10"),
                new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("binf"), file + " header");
        JavaCompiledModel m = compile(file);
        assertEquals("binary:logistic", m.objective());
        assertEquals(List.of(), m.featureNames(), "the binary format carries no feature names");
        JsonNode want = expected.get("models").get("logistic").get(version);
        assertScores(file, m, floats(want.get("predict")), floats(want.get("contribs")));
    }

    @Test
    void sageMakerModelTarGzHoldingTheBinaryXgboostModel() throws IOException {
        JavaCompiledModel m = compile("sagemaker-model.tar.gz");
        assertTrue(m.source().endsWith("!xgboost-model"), m.source());
        JsonNode want = expected.get("models").get("logistic").get("bin");
        assertScores("sagemaker-model.tar.gz", m, floats(want.get("predict")), floats(want.get("contribs")));
    }

    /**
     * Pickled Boosters (SageMaker's 0.90 containers saved {@code pickle.dump(booster)}): 1.7.4's own pickles
     * (protocols 2 and 4, UBJSON snapshot), the 0.90 and 1.0 buffers, an XGBClassifier's {@code _Booster}, and the 0.90
     * pickle inside a SageMaker model.tar.gz, all read without running the pickle, against 1.7.4's predict.
     */
    @ParameterizedTest
    @ValueSource(strings = {"logistic.p2.pkl", "logistic.p4.pkl", "logistic.v090.pkl", "logistic.v10.pkl",
            "dart_logistic.sklearn.pkl", "sagemaker090-model.tar.gz"})
    void pickledBoosterScoresLikeXgboost174(String file) throws IOException {
        JavaCompiledModel m = compile(file);
        String key = file.endsWith(".tar.gz") ? "logistic.v090.pkl" : file;
        JsonNode want = expected.get("pickles").get(key);
        assertNotNull(want, key);
        assertEquals(file.startsWith("dart") ? "dart" : "gbtree", m.booster(), file);
        assertScores(file, m, floats(want.get("predict")), floats(want.get("contribs")));
    }

    /** A pickle that is not a Booster, or is cut short, is refused with the remedy, and nothing in it is run. */
    @Test
    void otherPicklesAreRefusedWithTheRemedy() throws IOException {
        byte[] os = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 'X', 2, 0, 0, 0, 'i', 'd',
                (byte) 0x85, 'R', '.'};
        byte[] p4 = resource("logistic.p4.pkl");
        for (byte[] bad : new byte[][] {os, java.util.Arrays.copyOf(p4, p4.length / 2), java.util.Arrays.copyOf(p4, 40)}) {
            CorruptArtifactException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptArtifactException.class,
                    () -> new JavaEngine().compile(new ModelArtifact("s3://m/xgboost-model", bad)));
            assertTrue(e.getMessage().startsWith("s3://m/xgboost-model: the artifact is a Python pickle"), e.getMessage());
            assertTrue(e.getMessage().contains("booster.save_model(\"model.json\")"), e.getMessage());
            if (bad == os) {
                assertTrue(e.getMessage().contains("os.system, not an XGBoost Booster"), e.getMessage());
            }
        }
    }

    /** XGBoost 1.7.4 and 2.x use logitraw's base_score 0.3 as the margin, in JSON, UBJSON and binary alike. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "ubj", "bin", "v090", "v20", "v21"})
    void logitrawBaseScoreIsTheMarginFrom14On(String form) throws IOException {
        String file = "logitraw." + (form.startsWith("v") ? form + ".bin" : form);
        JavaCompiledModel m = compile(file);
        assertEquals(0.3f, m.baseMargins()[0], file);
        JsonNode want = expected.get("models").get("logitraw").get(form);
        assertScores(file, m, floats(want.get("predict")), null);
    }

    /**
     * XGBoost 1.0 to 1.3 converted logitraw's base_score with binary:logistic's logit (ProbToMargin was not overridden
     * until dmlc/xgboost#6517, in 1.4), so models they trained carry margin logit(0.3) = -0.8473. Hand-worked from
     * XGBoost 1.7.4's margin of the same file (which uses 0.3): subtract 0.3, add logit(0.3).
     */
    @ParameterizedTest
    @ValueSource(strings = {"v10", "v13"})
    void logitraw10To13AppliesTheLogit(String form) throws IOException {
        String file = "logitraw." + form + ".bin";
        JavaCompiledModel m = compile(file);
        float logit = (float) -Math.log(1.0f / 0.3f - 1.0f);
        assertEquals(-0.84729785f, logit, 1e-6f);
        assertEquals(logit, m.baseMargins()[0], file);
        float[] margin174 = floats(expected.get("models").get("logitraw").get(form).get("margin"));
        float[] want = new float[margin174.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = margin174[i] - 0.3f + logit;
        }
        assertScores(file, m, want, null);
    }

    @Test
    void truncatedBinaryFailsNamingTheSource() throws IOException {
        byte[] bin = resource("dart_logistic.bin");
        for (int cut : new int[] {10, 150, bin.length / 2, bin.length - 3}) {
            byte[] part = java.util.Arrays.copyOf(bin, cut);
            CorruptArtifactException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptArtifactException.class,
                    () -> new JavaEngine().compile(new ModelArtifact("s3://m/xgboost-model", part)));
            assertTrue(e.getMessage().startsWith("s3://m/xgboost-model"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    /**
     * Re-runs make_fixtures.py with Debian's XGBoost 1.7.4 and checks it writes the committed expected values, so the
     * fixtures provably come from the oracle. Required in CI (.ci/run installs python3-xgboost and sets
     * SCORING_REQUIRE_XGBOOST_PY=1); elsewhere skipped when python3-xgboost is absent.
     */
    @Test
    void fixturesAreWhatTheOracleWrites(@TempDir Path dir) throws Exception {
        boolean required = "1".equals(System.getenv("SCORING_REQUIRE_XGBOOST_PY"));
        boolean present = Files.isExecutable(Path.of("/usr/bin/python3")) && new ProcessBuilder("/usr/bin/python3",
                "-c", "import xgboost").redirectErrorStream(true).start().waitFor() == 0;
        if (required) {
            assertTrue(present, "CI must have Debian's python3-xgboost (apt-get install -y python3-xgboost)");
        }
        assumeTrue(present, "python3-xgboost not installed");
        Files.write(dir.resolve("make_fixtures.py"), resource("make_fixtures.py"));
        Process p = new ProcessBuilder("/usr/bin/python3", "make_fixtures.py").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "make_fixtures.py timed out");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log.txt")));
        JsonNode again = MAPPER.readTree(Files.readAllBytes(dir.resolve("expected.json")));
        assertTrue(expected.get("pickles").equals(again.get("pickles")),
                "make_fixtures.py no longer writes the committed expected values of the pickles; re-run it");
        for (String model : models()) {
            assertTrue(expected.get("models").get(model).equals(again.get("models").get(model)),
                    "make_fixtures.py no longer writes the committed expected values of " + model + "; re-run it");
        }
        assertTrue(expected.equals(again), "make_fixtures.py no longer writes the committed expected.json");
        for (String f : new String[] {"logistic.bin", "logistic.v090.bin", "dart_logistic.json", "linear_softprob.ubj"}) {
            assertTrue(java.util.Arrays.equals(resource(f), Files.readAllBytes(dir.resolve(f))), f + " differs");
        }
    }
}
