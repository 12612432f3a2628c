package com.anycompany.scoring.engine;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.model.ArtifactFormat;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.ModelArtifact;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Trains small models with xgboost4j and checks that the java engine reproduces {@code Booster.predict} for every row,
 * for every objective and artifact form, and that bad artifacts fail with messages naming the source.
 */
class JavaEngineTest {
    private static final int ROWS = 300;
    private static final int FEATURES = 6;
    private static final List<String> NAMES = List.of("age", "income", "tenure", "balance", "txn_count", "score");
    private static float[] x;
    private static final Map<String, Booster> CACHE = new HashMap<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void data() {
        Random r = new Random(42);
        x = new float[ROWS * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < 0.1 ? Float.NaN : (float) r.nextGaussian();
        }
    }

    private static float v(int row, int col) {
        float f = x[row * FEATURES + col];
        return Float.isNaN(f) ? 0f : f;
    }

    private static float[] labels(String objective, Random r) {
        float[] y = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double lin = v(i, 0) + 0.5 * v(i, 1) - 0.7 * v(i, 2) * v(i, 3) + 0.3 * r.nextGaussian();
            y[i] = switch (objective) {
                case "binary:logistic", "binary:logitraw", "binary:hinge" -> lin > 0.2 ? 1 : 0;
                case "reg:logistic" -> (float) (1 / (1 + Math.exp(-lin)));
                case "count:poisson" -> (float) Math.floor(Math.exp(0.5 * lin) * (0.5 + r.nextDouble()) * 2);
                case "reg:gamma", "reg:tweedie" -> (float) (Math.exp(0.5 * lin) * (0.5 + r.nextDouble()));
                case "multi:softprob", "multi:softmax" -> lin < -0.5 ? 0 : lin < 0.5 ? 1 : 2;
                default -> (float) (3 * lin + 10);
            };
        }
        return y;
    }

    private static DMatrix matrix() throws XGBoostError {
        DMatrix d = new DMatrix(x, ROWS, FEATURES, Float.NaN);
        d.setFeatureNames(NAMES.toArray(new String[0]));
        return d;
    }

    private static synchronized Booster train(String objective) throws XGBoostError {
        Booster cached = CACHE.get(objective);
        if (cached != null) {
            return cached;
        }
        DMatrix d = matrix();
        d.setLabel(labels(objective, new Random(objective.hashCode())));
        Map<String, Object> p = new HashMap<>();
        p.put("objective", objective);
        p.put("max_depth", 5);
        p.put("eta", 0.3);
        p.put("seed", 7);
        p.put("nthread", 2);
        p.put("subsample", 0.9);
        if (objective.startsWith("multi:")) {
            p.put("num_class", 3);
        }
        Booster b = XGBoost.train(d, p, objective.startsWith("multi:") ? 20 : 30, new HashMap<>(), null, null);
        CACHE.put(objective, b);
        return b;
    }

    private static float[][] reference(Booster b) throws XGBoostError {
        return b.predict(matrix());
    }

    /** Compares every row; returns how many outputs were bit-identical. */
    private static int assertMatches(String label, JavaCompiledModel m, float[][] expected) {
        float[] out = new float[m.numOutputs()];
        float[] row = new float[FEATURES];
        float[] batch = new float[ROWS * m.numOutputs()];
        m.predictBatch(x, ROWS, batch);
        int exact = 0;
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(x, i * FEATURES, row, 0, FEATURES);
            m.predict(row, out);
            assertEquals(expected[i].length, m.numOutputs(), label + ": outputs per row");
            for (int k = 0; k < out.length; k++) {
                float want = expected[i][k];
                float got = out[k];
                float tol = 1e-6f * Math.max(1f, Math.abs(want));
                if (!(Math.abs(got - want) <= tol)) {
                    fail(label + ": row " + i + " output " + k + ": java " + got + " vs xgboost4j " + want);
                }
                assertEquals(Float.floatToIntBits(got), Float.floatToIntBits(batch[i * out.length + k]),
                        label + ": predictBatch differs from predict at row " + i);
                if (Float.floatToIntBits(got) == Float.floatToIntBits(want)) {
                    exact++;
                }
            }
        }
        return exact;
    }

    private static JavaCompiledModel compile(String source, byte[] bytes) {
        return new JavaEngine().compile(new ModelArtifact(source, bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary:logistic", "binary:logitraw", "binary:hinge", "reg:squarederror", "reg:logistic",
        "reg:absoluteerror", "count:poisson", "reg:gamma", "reg:tweedie", "multi:softprob", "multi:softmax"})
    void matchesXgboost4jInEveryForm(String objective) throws Exception {
        Booster b = train(objective);
        float[][] expected = reference(b);
        String file = objective.replace(':', '_');
        Path json = tmp.resolve(file + ".json");
        Path ubj = tmp.resolve(file + ".ubj");
        b.saveModel(json.toString());
        b.saveModel(ubj.toString());
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put(json.toString(), Files.readAllBytes(json));
        forms.put(ubj.toString(), Files.readAllBytes(ubj));
        forms.put("bytes.json", b.toByteArray("json"));
        forms.put("bytes.ubj", b.toByteArray("ubj"));
        forms.put("s3://bucket/" + file + "/model.tar.gz", tarGz("./xgboost-model", Files.readAllBytes(ubj)));
        forms.put("legacy-style.json", legacyStyleJson(b.toByteArray("json")));
        int total = 0;
        int exact = 0;
        for (Map.Entry<String, byte[]> form : forms.entrySet()) {
            JavaCompiledModel m = compile(form.getKey(), form.getValue());
            assertEquals(objective, m.objective());
            assertEquals(NAMES, m.featureNames());
            assertEquals(FEATURES, m.numFeatures());
            assertEquals(b.getNumBoostedRound(), m.numIterations());
            exact += assertMatches(objective + " from " + form.getKey(), m, expected);
            total += ROWS * m.numOutputs();
        }
        System.out.printf("%s: %d/%d outputs bit-identical to xgboost4j%n", objective, exact, total);
    }

    @Test
    void detectsFormats() throws Exception {
        Booster b = train("binary:logistic");
        assertEquals(ArtifactFormat.JSON, ArtifactFormat.unwrap(new ModelArtifact("a", b.toByteArray("json"))).format());
        assertEquals(ArtifactFormat.UBJSON, ArtifactFormat.unwrap(new ModelArtifact("a", b.toByteArray("ubj"))).format());
        ArtifactFormat.Unwrapped u = ArtifactFormat.unwrap(new ModelArtifact("s3://b/model.tar.gz",
                tarGz("xgboost-model", b.toByteArray("json"))));
        assertEquals(ArtifactFormat.JSON, u.format());
        assertTrue(u.fromTarGz());
    }

    @Test
    void multiClassCardFacts() throws Exception {
        Booster b = train("multi:softprob");
        JavaCompiledModel m = compile("m.ubj", b.toByteArray("ubj"));
        assertEquals(3, m.numClass());
        assertEquals(3, m.numOutputs());
        assertEquals(60, m.numTrees());
        assertEquals(20, m.numIterations());
        assertEquals(1, compile("m.ubj", train("multi:softmax").toByteArray("ubj")).numOutputs());
        JavaCompiledModel bin = compile("b.json", train("binary:logistic").toByteArray("json"));
        assertEquals(0, bin.numClass());
        assertEquals(30, bin.numTrees());
        assertTrue(bin.baseScore() > 0 && bin.baseScore() < 1);
    }

    @Test
    void predictAllocatesNothingPerRow() throws Exception {
        JavaCompiledModel m = compile("m.json", train("multi:softprob").toByteArray("json"));
        float[] row = Arrays.copyOf(x, FEATURES);
        float[] out = new float[3];
        for (int i = 0; i < 20_000; i++) {
            m.predict(row, out); // warm up so the JIT has compiled and escape-analysed the path
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            m.predict(row, out);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "predict allocated " + allocated + " bytes over 100k rows");
    }

    @Test
    void usesAllTreesLikeXgboost4jAndSupportsIterationRanges() throws Exception {
        Booster b = train("reg:squarederror");
        byte[] original = b.toByteArray("json");
        Booster withBest = XGBoost.loadModel(original);
        withBest.setAttr("best_iteration", "9");
        byte[] bytes = withBest.toByteArray("json");
        JavaCompiledModel m = compile("best.json", bytes);
        assertEquals(9, m.bestIteration());
        assertMatches("best_iteration ignored", m, reference(withBest)); // xgboost4j predict uses every tree

        for (int[] range : new int[][] {{0, 10}, {5, 12}, {0, 0}, {29, 30}}) {
            float[][] want = withBest.inplace_predict(x, ROWS, FEATURES, Float.NaN, range);
            assertMatches("iteration range " + Arrays.toString(range), m.withIterationRange(range[0], range[1]), want);
        }
        Booster multi = train("multi:softprob");
        JavaCompiledModel mm = compile("multi.ubj", multi.toByteArray("ubj"));
        float[][] want = multi.inplace_predict(x, ROWS, FEATURES, Float.NaN, new int[] {3, 8});
        assertMatches("multi-class iteration range", mm.withIterationRange(3, 8), reshape(want, 3));
        assertThrows(IllegalArgumentException.class, () -> m.withIterationRange(0, 31));
    }

    private static float[][] reshape(float[][] rows, int width) {
        if (rows.length == ROWS) {
            return rows;
        }
        float[] flat = rows[0];
        float[][] out = new float[ROWS][width];
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }

    @Test
    void refusesCorruptBinaryAndBase64NamingTheSource() throws Exception {
        byte[] legacy = new byte[200];
        legacy[0] = 'b';
        legacy[1] = 'i';
        legacy[2] = 'n';
        legacy[3] = 'f';
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> compile("s3://models/old.bin", legacy));
        assertTrue(e.getMessage().startsWith("s3://models/old.bin: "), e.getMessage());
        CorruptArtifactException e3 = assertThrows(CorruptArtifactException.class,
                () -> compile("s3://m/model.tar.gz", tarGz("xgboost-model", legacy)));
        assertTrue(e3.getMessage().startsWith("s3://m/model.tar.gz!xgboost-model: "), e3.getMessage());

        byte[] raw = new byte[136]; // a parameter block with no objective name after it: not a model
        raw[0] = 0x3f;
        CorruptArtifactException e2 = assertThrows(CorruptArtifactException.class, () -> compile("old.model", raw));
        assertTrue(e2.getMessage().contains("binary format"), e2.getMessage());
        byte[] b64 = "bs64AAAA".getBytes(StandardCharsets.US_ASCII);
        CorruptArtifactException e4 = assertThrows(CorruptArtifactException.class, () -> compile("b.model", b64));
        assertTrue(e4.getMessage().contains("bs64") && e4.getMessage().contains("save_model"), e4.getMessage());
    }

    @Test
    void refusesTruncatedArtifactsNamingTheSource() throws Exception {
        Booster b = train("binary:logistic");
        byte[] json = b.toByteArray("json");
        byte[] ubj = b.toByteArray("ubj");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> compile("s3://models/fraud/v3/model.json", Arrays.copyOf(json, json.length / 2)));
        assertTrue(e.getMessage().startsWith("s3://models/fraud/v3/model.json: "), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected end of input at byte " + json.length / 2), e.getMessage());
        CorruptArtifactException u = assertThrows(CorruptArtifactException.class,
                () -> compile("s3://models/fraud/v3/model.ubj", Arrays.copyOf(ubj, ubj.length - 7)));
        assertTrue(u.getMessage().startsWith("s3://models/fraud/v3/model.ubj: "), u.getMessage());
        assertTrue(u.getMessage().contains("end of input"), u.getMessage());
        byte[] gz = tarGz("xgboost-model", ubj);
        CorruptArtifactException t = assertThrows(CorruptArtifactException.class,
                () -> compile("s3://m/model.tar.gz", Arrays.copyOf(gz, gz.length / 2)));
        assertTrue(t.getMessage().contains("s3://m/model.tar.gz"), t.getMessage());
        CorruptArtifactException missing = assertThrows(CorruptArtifactException.class,
                () -> compile("s3://m/model.tar.gz", tarGz("model.json", json)));
        assertTrue(missing.getMessage().contains("xgboost-model") && missing.getMessage().contains("model.json"),
                missing.getMessage());
        CorruptArtifactException empty = assertThrows(CorruptArtifactException.class, () -> compile("e.json",
                new byte[0]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        CorruptArtifactException noBooster = assertThrows(CorruptArtifactException.class,
                () -> compile("x.json", ("{\"learner\": {\"learner_model_param\": {\"num_feature\": \"3\","
                        + " \"base_score\": \"5E-1\"}, \"objective\": {\"name\": \"binary:logistic\"}}}")
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(noBooster.getMessage().contains("missing learner.gradient_booster"), noBooster.getMessage());
    }

    @Test
    void hostileInputOnlyEverFailsAsCorruptOrUnsupported() throws Exception {
        Booster b = train("multi:softprob");
        Random r = new Random(3);
        for (byte[] good : List.of(b.toByteArray("json"), b.toByteArray("ubj"))) {
            for (int i = 0; i < 300; i++) {
                byte[] bad = i % 3 == 0 ? Arrays.copyOf(good, r.nextInt(good.length)) : good.clone();
                if (i % 3 != 0) {
                    for (int k = 0; k < 1 + r.nextInt(4); k++) {
                        bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
                    }
                }
                try {
                    JavaCompiledModel m = compile("fuzz", bad);
                    m.predict(Arrays.copyOf(x, FEATURES), new float[m.numOutputs()]);
                } catch (CorruptArtifactException | UnsupportedModelException expected) {
                    assertTrue(expected.getMessage().startsWith("fuzz"), expected.getMessage());
                }
            }
        }
        byte[] deep = ("{\"learner\":" + "[".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> compile("deep.json", deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        byte[] hugeCount = {'{', 'i', 1, 'a', '[', '$', 'd', '#', 'L', 0x7f, 0, 0, 0, 0, 0, 0, 0};
        assertThrows(CorruptArtifactException.class, () -> compile("huge.ubj", hugeCount));
    }

    /** dart (tree weights applied) and gblinear (every objective) against xgboost4j's predict and predictContrib. */
    @ParameterizedTest
    @ValueSource(strings = {"binary:logistic", "binary:logitraw", "reg:squarederror", "count:poisson", "reg:gamma",
        "multi:softprob", "multi:softmax"})
    void dartAndGblinearMatchXgboost4j(String objective) throws Exception {
        for (String booster : List.of("dart", "gblinear")) {
            Random r = new Random(11);
            DMatrix d = matrix();
            d.setLabel(labels(objective, r));
            Map<String, Object> p = new HashMap<>();
            p.put("objective", objective);
            p.put("booster", booster);
            p.put("max_depth", 4);
            p.put("rate_drop", 0.25);
            p.put("skip_drop", 0.0);
            p.put("seed", 3);
            p.put("nthread", 1);
            if (objective.startsWith("multi:")) {
                p.put("num_class", 3);
            }
            Booster b = XGBoost.train(d, p, 12, new HashMap<>(), null, null);
            String label = booster + " " + objective;
            for (String fmt : List.of("json", "ubj")) {
                JavaCompiledModel m = compile(label + "." + fmt, b.toByteArray(fmt));
                assertEquals(booster, m.booster(), label);
                assertMatches(label + " " + fmt, m, reference(b));
                float[][] contrib = b.predictContrib(matrix(), 0);
                float[] phi = new float[m.contributionGroups() * (FEATURES + 1)];
                float[] row = new float[FEATURES];
                for (int i = 0; i < ROWS; i++) {
                    System.arraycopy(x, i * FEATURES, row, 0, FEATURES);
                    m.contributions(row, phi);
                    for (int k = 0; k < phi.length; k++) {
                        float want = contrib[i][k];
                        if (!(Math.abs(phi[k] - want) <= 1e-5f * Math.max(1f, Math.abs(want)))) {
                            fail(label + ": row " + i + " contribution " + k + ": java " + phi[k] + " vs " + want);
                        }
                    }
                }
            }
        }
    }

    /**
     * Categorical splits trained by xgboost4j (partition and one-hot), scored on codes it saw, codes it never saw
     * (beyond every split's set), invalid codes (negative, beyond 2^24) and missing values, against predict and
     * predictContrib.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void categoricalSplitsMatchXgboost4j(int maxCatToOnehot) throws Exception {
        Random r = new Random(maxCatToOnehot);
        float[] cx = x.clone();
        float[] y = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            cx[i * FEATURES] = i % 7;
            cx[i * FEATURES + 1] = r.nextInt(40);
            y[i] = (i % 7 == 2 || i % 7 == 4 ? 3 : 0) + (cx[i * FEATURES + 1] % 3 == 0 ? 1 : 0) + v(i, 2);
        }
        DMatrix d = new DMatrix(cx, ROWS, FEATURES, Float.NaN);
        d.setLabel(y);
        d.setFeatureTypes(new String[] {"c", "c", "q", "q", "q", "q"});
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("tree_method", "hist");
        p.put("max_cat_to_onehot", maxCatToOnehot);
        p.put("max_depth", 5);
        p.put("seed", 1);
        p.put("nthread", 1);
        Booster cat = XGBoost.train(d, p, 12, new HashMap<>(), null, null);
        for (int i = 0; i < 8; i++) {
            cx[(ROWS - 8 + i) * FEATURES] = new float[] {9, 70, -1, 3e7f, Float.NaN, 6, 100, 7}[i];
            cx[(ROWS - 16 + i) * FEATURES + 1] = new float[] {40, 63, 64, 95, 1000, -5, Float.NaN, 2e9f}[i];
        }
        DMatrix scored = new DMatrix(cx, ROWS, FEATURES, Float.NaN);
        scored.setFeatureTypes(new String[] {"c", "c", "q", "q", "q", "q"});
        float[][] want = cat.predict(scored);
        float[][] contrib = cat.predictContrib(scored, 0);
        for (String fmt : List.of("json", "ubj")) {
            JavaCompiledModel m = compile("cat." + fmt, cat.toByteArray(fmt));
            float[] row = new float[FEATURES];
            float[] out = new float[1];
            float[] phi = new float[FEATURES + 1];
            float[] batch = new float[ROWS];
            m.predictBatch(cx, ROWS, batch);
            for (int i = 0; i < ROWS; i++) {
                System.arraycopy(cx, i * FEATURES, row, 0, FEATURES);
                m.predict(row, out);
                assertEquals(want[i][0], out[0], 1e-6f * Math.max(1f, Math.abs(want[i][0])), fmt + " row " + i);
                assertEquals(out[0], batch[i], fmt + " batch row " + i);
                m.contributions(row, phi);
                for (int k = 0; k <= FEATURES; k++) {
                    assertEquals(contrib[i][k], phi[k], 1e-5f * Math.max(1f, Math.abs(contrib[i][k])),
                            fmt + " row " + i + " contribution " + k);
                }
            }
        }
    }

    @Test
    void readsXgboost1And2StyleJson() throws Exception {
        Booster b = train("binary:logistic");
        byte[] old = legacyStyleJson(b.toByteArray("json"));
        String text = new String(old, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"base_score\":\"") && !text.contains("\"base_score\":\"["), text.substring(0, 200));
        assertTrue(text.contains("\"default_left\":[true") || text.contains("\"default_left\":[false"));
        assertMatches("1.x-style JSON", compile("v1.json", old), reference(b));

        Booster multi = train("multi:softprob");
        assertMatches("1.x-style multi-class JSON", compile("v1m.json", legacyStyleJson(multi.toByteArray("json"))),
                reference(multi));
    }

    private static final ObjectReader EXACT = Json.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));

    private static ObjectNode jsonOf(byte[] json) throws IOException {
        return (ObjectNode) EXACT.readTree(json);
    }

    /**
     * Rewrites a 3.x JSON model the way 2.x wrote it (and 1.x, apart from the version number): scalar base_score "5E-1" (multi-class vectors have no
     * scalar form and are kept), default_left as booleans, no iteration_indptr and no cats.
     */
    private static byte[] legacyStyleJson(byte[] json) throws IOException {
        ObjectNode doc = jsonOf(json);
        ObjectNode lmp = (ObjectNode) doc.at("/learner/learner_model_param");
        String bs = lmp.get("base_score").asText();
        String inner = bs.substring(1, bs.length() - 1);
        if (!inner.contains(",")) {
            lmp.put("base_score", inner);
        }
        ObjectNode model = (ObjectNode) doc.at("/learner/gradient_booster/model");
        model.remove("iteration_indptr");
        model.remove("cats");
        for (JsonNode tree : model.get("trees")) {
            ArrayNode dl = (ArrayNode) tree.get("default_left");
            ArrayNode bools = JsonNodeFactory.instance.arrayNode();
            dl.forEach(n -> bools.add(n.asInt() == 1));
            ((ObjectNode) tree).set("default_left", bools);
        }
        ((ObjectNode) doc).set("version", JsonNodeFactory.instance.arrayNode().add(2).add(1).add(4));
        return Json.MAPPER.writeValueAsBytes(doc);
    }

    /** A gzip'd ustar archive holding one regular file. */
    static byte[] tarGz(String name, byte[] content) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        putOctal(h, 100, 8, 0644);
        putOctal(h, 108, 8, 0);
        putOctal(h, 116, 8, 0);
        putOctal(h, 124, 12, content.length);
        putOctal(h, 136, 12, 1_700_000_000L);
        h[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte c : h) {
            sum += c & 0xff;
        }
        putOctal(h, 148, 7, sum);
        // a directory entry first, like `tar czf model.tar.gz .` produces
        tar.write(dirHeader());
        tar.write(h);
        tar.write(content);
        tar.write(new byte[(512 - content.length % 512) % 512]);
        tar.write(new byte[1024]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
        }
        return out.toByteArray();
    }

    private static byte[] dirHeader() {
        byte[] h = new byte[512];
        h[0] = '.';
        h[1] = '/';
        putOctal(h, 100, 8, 0755);
        putOctal(h, 124, 12, 0);
        h[156] = '5';
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte c : h) {
            sum += c & 0xff;
        }
        putOctal(h, 148, 7, sum);
        return h;
    }

    private static void putOctal(byte[] h, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
        h[off + len - 1] = 0;
    }
}
