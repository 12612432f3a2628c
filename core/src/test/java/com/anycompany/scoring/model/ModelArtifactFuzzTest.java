package com.anycompany.scoring.model;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.engine.UnsupportedModelException;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.fasterxml.jackson.databind.JsonNode;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests of model loading: truncated, bit-flipped, deeply nested and absurdly sized XGBoost JSON, UBJSON,
 * pickled Booster and SageMaker tar.gz artifacts either load or fail with a narrow, non-retryable {@link ScoringException} naming the
 * artifact; never a stack overflow, an unbounded allocation or a generic crash (a RuntimeException that only the
 * engine's catch-all would have wrapped). Also: the size, tree-count and decompression limits, and a tampered artifact
 * refused by its SHA-256.
 */
class ModelArtifactFuzzTest {
    private static final byte[] JSON;
    private static final byte[] UBJ;
    private static final byte[] TAR_GZ;
    /** XGBoost 1.7.4's pickle.dump of a Booster, protocol 4 (src/test/resources/xgb174/make_fixtures.py). */
    private static final byte[] PICKLE;
    private static final com.fasterxml.jackson.databind.ObjectReader TREE_READER =
            Json.MAPPER.reader();
    private static final JsonNode MODEL_TREE;

    static {
        try {
            // a real model: 6 trees of depth 3 over 4 features, trained by xgboost4j, saved as JSON and as UBJSON
            java.util.Random r = new java.util.Random(11);
            int rows = 60;
            float[] x = new float[rows * 4];
            float[] y = new float[rows];
            for (int i = 0; i < rows; i++) {
                for (int f = 0; f < 4; f++) {
                    x[i * 4 + f] = (float) r.nextGaussian();
                }
                y[i] = x[i * 4] + x[i * 4 + 1] * x[i * 4 + 2] > 0 ? 1 : 0;
            }
            DMatrix d = new DMatrix(x, rows, 4, Float.NaN);
            d.setLabel(y);
            Booster b = XGBoost.train(d, new java.util.HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 3,
                    "seed", 1, "nthread", 1, "min_child_weight", 0.0)), 6, new java.util.HashMap<>(), null, null);
            JSON = b.toByteArray("json");
            UBJ = b.toByteArray("ubj");
            TAR_GZ = tarGz(List.of(Map.entry("xgboost-model", JSON)));
            try (java.io.InputStream in = ModelArtifactFuzzTest.class.getResourceAsStream("/xgb174/logistic.p4.pkl")) {
                PICKLE = in.readAllBytes();
            }
            MODEL_TREE = TREE_READER.readTree(JSON);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] artifact(String kind) {
        return switch (kind) {
            case "json" -> JSON;
            case "ubj" -> UBJ;
            case "pkl" -> PICKLE;
            default -> TAR_GZ;
        };
    }

    /** Loads or fails narrowly; returns the failure message (null when it loaded). */
    private static String loadOrClearError(String source, byte[] bytes) {
        try {
            new JavaEngine().compile(new ModelArtifact(source, bytes));
            return null;
        } catch (ScoringException e) {
            assertFalse(e.retryable(), "a broken artifact is not retried: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(source), e.getMessage());
            assertFalse(e.getMessage().contains("could not be read (java."), "a generic crash, not a clear error: "
                    + e.getMessage() + (e.getCause() == null ? "" : " caused by " + stack(e.getCause())));
            assertTrue(e.getMessage().length() < 1_000, () -> "a short message, not: "
                    + e.getMessage().substring(0, 400) + " ... (" + e.getMessage().length() + " characters)");
            return e.getMessage();
        }
    }

    private static String stack(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString().lines().limit(8).reduce("", (a, b) -> a + "\n" + b);
    }

    @Example
    void theIntactArtifactsLoad() {
        for (String kind : List.of("json", "ubj", "targz", "pkl")) {
            assertEquals(null, loadOrClearError("m." + kind, artifact(kind)), kind);
        }
    }

    @Property(tries = 300)
    void anyTruncationIsAClearError(@ForAll("kinds") String kind, @ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
        byte[] full = artifact(kind);
        int n = cut % full.length;
        String error = loadOrClearError("m." + kind, java.util.Arrays.copyOf(full, n));
        if (!kind.equals("targz")) { // a tar.gz cut after the entry still holds the whole model (GNU tar reads it)
            assertTrue(error != null, "a truncated " + kind + " of " + n + " bytes must not load");
        }
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("json", "ubj", "targz", "pkl");
    }

    @Provide
    Arbitrary<List<Map.Entry<Integer, Byte>>> flips() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
                .as(Map::entry).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 400)
    void anyCorruptionLoadsOrIsAClearError(@ForAll("kinds") String kind, @ForAll("flips") List<Map.Entry<Integer, Byte>> flips) {
        byte[] bytes = artifact(kind).clone();
        for (Map.Entry<Integer, Byte> f : flips) {
            bytes[f.getKey() % bytes.length] = f.getValue();
        }
        loadOrClearError("m." + kind, bytes);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return JsonMutator.mutations(4);
    }

    /**
     * Issue 18, item 7: the real model's JSON document mutated structurally by the shared {@link JsonMutator} (wrong
     * types, absurd numbers, long strings, deep nesting, removed and added members, grown arrays, duplicate keys,
     * odd encodings), loaded as JSON and, re-encoded by {@link #ubjson}, as UBJSON: it loads, or fails with
     * CorruptArtifactException or UnsupportedModelException naming the artifact; never NPE, ClassCast,
     * IndexOutOfBounds or OOM.
     */
    @Property(tries = 150)
    void structurallyMutatedModelsLoadOrFailWithACorruptOrUnsupportedError(@ForAll("mutations") List<Mutation> ms,
            @ForAll boolean asUbjson) throws IOException {
        String text = JsonMutator.mutate(MODEL_TREE, ms);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (asUbjson) {
            JsonNode tree;
            try {
                tree = TREE_READER.readTree(text);
            } catch (IOException e) {
                return; // not JSON any more (an encoding mutation): the UBJSON form of it does not exist
            }
            if (tree == null) {
                return;
            }
            bytes = ubjson(tree);
        }
        String source = asUbjson ? "m.ubj" : "m.json";
        try {
            new JavaEngine().compile(new ModelArtifact(source, bytes));
        } catch (CorruptArtifactException | UnsupportedModelException e) {
            loadOrClearError(source, bytes); // the same checks: not retryable, names the artifact, short, no crash
        }
    }

    @Example
    void theIntactModelReEncodedAsUbjsonLoads() throws IOException {
        assertEquals(null, loadOrClearError("m.ubj", ubjson(MODEL_TREE)));
    }

    /** A plain UBJSON encoding (draft 12, as XGBoost reads it) of a JSON tree: the test's own writer. */
    static byte[] ubjson(JsonNode n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        writeUbj(n, d);
        return out.toByteArray();
    }

    private static void writeUbj(JsonNode n, java.io.DataOutputStream d) throws IOException {
        if (n.isObject()) {
            d.write('{');
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                d.write('l');
                d.writeInt(k.length);
                d.write(k);
                writeUbj(e.getValue(), d);
            }
            d.write('}');
        } else if (n.isArray()) {
            d.write('[');
            for (JsonNode c : n) {
                writeUbj(c, d);
            }
            d.write(']');
        } else if (n.isIntegralNumber() && n.canConvertToLong()) {
            d.write('L');
            d.writeLong(n.longValue());
        } else if (n.isNumber()) {
            d.write('D');
            d.writeDouble(n.doubleValue());
        } else if (n.isTextual()) {
            byte[] b = n.textValue().getBytes(StandardCharsets.UTF_8);
            d.write('S');
            d.write('l');
            d.writeInt(b.length);
            d.write(b);
        } else if (n.isBoolean()) {
            d.write(n.booleanValue() ? 'T' : 'F');
        } else {
            d.write('Z');
        }
    }

    @Property(tries = 12)
    void deepNestingIsRefusedNotAStackOverflow(@ForAll @IntRange(min = 65, max = 200_000) int depth,
            @ForAll boolean ubjson, @ForAll boolean objects) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (ubjson) {
            b.write('{');
            for (int i = 0; i < depth; i++) {
                b.writeBytes(objects ? new byte[] {'i', 1, 'a', '{'} : new byte[] {'i', 1, 'a', '['});
                if (!objects) {
                    break;
                }
            }
            for (int i = 0; !objects && i < depth; i++) {
                b.write('[');
            }
        } else {
            b.writeBytes("{\"learner\":".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < depth; i++) {
                b.writeBytes((objects ? "{\"a\":" : "[").getBytes(StandardCharsets.UTF_8));
            }
        }
        String error = loadOrClearError("deep", b.toByteArray());
        assertTrue(error != null && error.contains("nesting deeper than 64 levels"), error);
    }

    @Property(tries = 50)
    void absurdUbjsonCountsAndLengthsFailFast(@ForAll @IntRange(min = 0, max = 5) int shape,
            @ForAll("hugeCounts") long count) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) '{').put((byte) 'i').put((byte) 7).put("learner".getBytes(StandardCharsets.US_ASCII));
        switch (shape) {
            case 0 -> b.put((byte) '[').put((byte) '$').put((byte) 'd').put((byte) '#').put((byte) 'L').putLong(count);
            case 1 -> b.put((byte) '[').put((byte) '#').put((byte) 'L').putLong(count);
            case 2 -> b.put((byte) '{').put((byte) '#').put((byte) 'L').putLong(count);
            case 3 -> b.put((byte) 'S').put((byte) 'L').putLong(count);
            case 4 -> b.put((byte) '[').put((byte) '$').put((byte) 'Z').put((byte) '#').put((byte) 'l')
                    .putInt((int) count);
            default -> b.put((byte) 'H').put((byte) 'l').putInt((int) count);
        }
        byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
        long t0 = System.nanoTime();
        String error = loadOrClearError("absurd.ubj", bytes);
        assertTrue(error != null, "must not load");
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "fails fast, no allocation of the claimed size");
    }

    @Provide
    Arbitrary<Long> hugeCounts() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(Long.MAX_VALUE, (long) Integer.MAX_VALUE,
                1L << 40, -1L, 100_000_000L));
    }

    @Example
    void absurdDeclaredSizesInTheJsonAreClearErrors() {
        String json = new String(JSON, StandardCharsets.UTF_8);
        assertTrue(loadOrClearError("features.json", json.replace("\"num_feature\":\"4\"",
                "\"num_feature\":\"99999999999\"").getBytes(StandardCharsets.UTF_8)).contains("num_feature"));
        assertTrue(loadOrClearError("trees.json", json.replace("\"num_trees\":\"6\"",
                "\"num_trees\":\"1000000000\"").getBytes(StandardCharsets.UTF_8))
                .contains("1000000000 trees, over the limit of " + ModelLimits.DEFAULT_MAX_TREES + " (MODEL_MAX_TREES)"));
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    @Example
    void aModelWithMoreTreesThanTheLimitIsRefusedBeforeCompiling() {
        String error = FunctionEnvironment.with(Map.of("MODEL_MAX_TREES", "5"),
                () -> loadOrClearError("six-trees.json", JSON));
        assertEquals("six-trees.json: the model has 6 trees, over the limit of 5 (MODEL_MAX_TREES); train with fewer"
                + " rounds (or early stopping) or raise MODEL_MAX_TREES together with the function's memory", error);
        assertEquals(null, FunctionEnvironment.with(Map.of("MODEL_MAX_TREES", "6"),
                () -> loadOrClearError("six-trees.json", JSON)), "at the limit it loads");
    }

    @Example
    void anArtifactOverTheSizeLimitIsRefusedBeforeItIsRead() throws IOException {
        Path dir = Files.createTempDirectory("model-limits");
        FolderModelStore store = new FolderModelStore(dir);
        JavaEngine engine = new JavaEngine();
        ModelCard card = CardDeriver.derive("m", "1", engine.compile(new ModelArtifact("m.json", JSON)),
                new ArtifactInfo("model.json", "json", "0".repeat(64), JSON.length));
        store.publish(card, JSON, "model.json");
        ModelLoader loader = new ModelLoader(store, engine);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> FunctionEnvironment.with(
                Map.of("MODEL_MAX_BYTES", String.valueOf(JSON.length - 1)), () -> loader.load(ModelRef.of("m", "1"))));
        assertTrue(e.getMessage().endsWith("model.json: the model artifact is " + JSON.length + " bytes, over the "
                + (JSON.length - 1) + "-byte limit (MODEL_MAX_BYTES); publish a smaller model (fewer or shallower trees)"
                + " or raise MODEL_MAX_BYTES together with the function's memory"), e.getMessage());
        assertEquals(4, FunctionEnvironment.with(Map.of("MODEL_MAX_BYTES", String.valueOf(JSON.length)),
                () -> loader.load(ModelRef.of("m", "1"))).compiled().numFeatures(), "at the limit it loads");
    }

    @Example
    void aTamperedArtifactIsRefusedByItsSha256() throws IOException {
        Path dir = Files.createTempDirectory("model-tamper");
        FolderModelStore store = new FolderModelStore(dir);
        JavaEngine engine = new JavaEngine();
        ModelCard card = CardDeriver.derive("m", "1", engine.compile(new ModelArtifact("m.json", JSON)),
                new ArtifactInfo("model.json", "json", "0".repeat(64), JSON.length));
        store.publish(card, JSON, "model.json");
        Path artifact = dir.resolve("models/m/1/model.json");
        byte[] tampered = JSON.clone();
        String text = new String(tampered, StandardCharsets.UTF_8);
        int at = text.indexOf("\"split_conditions\":[") + "\"split_conditions\":[".length();
        tampered[at] = (byte) (tampered[at] == '1' ? '2' : '1'); // same length, still valid JSON, another model
        Files.write(artifact, tampered);
        assertEquals(null, loadOrClearError("tampered.json", tampered), "the tampered bytes are a loadable model");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> new ModelLoader(store, engine).load(ModelRef.of("m", "1")));
        assertTrue(e.getMessage().contains("SHA-256 is ") && e.getMessage().contains("(corrupt or replaced artifact)"),
                e.getMessage());
    }

    @Example
    void aGzipBombIsRefusedAtTheInflationBound() throws IOException {
        int limit = 1024 * 1024;
        byte[] padding = new byte[16 * 1024 * 1024]; // zeros: 16 MiB inflated from a few KiB
        byte[] bomb = tarGz(List.of(Map.entry("padding.bin", padding), Map.entry("xgboost-model", JSON)));
        assertTrue(bomb.length < 64 * 1024, "a real small gzip: " + bomb.length + " bytes");
        String error = FunctionEnvironment.with(Map.of("MODEL_MAX_BYTES", String.valueOf(limit)),
                () -> loadOrClearError("bomb.tar.gz", bomb));
        assertTrue(error != null && error.contains("the tar.gz inflates to more than " + (2L * limit + (1 << 20))
                + " bytes (a decompression bomb or a model over MODEL_MAX_BYTES)"), error);

        byte[] bigEntry = tarGz(List.of(Map.entry("xgboost-model", padding)));
        String big = FunctionEnvironment.with(Map.of("MODEL_MAX_BYTES", String.valueOf(limit)),
                () -> loadOrClearError("big.tar.gz", bigEntry));
        assertTrue(big != null && big.contains("big.tar.gz!xgboost-model: the model artifact is " + padding.length
                + " bytes, over the " + limit + "-byte limit"), big);
    }

    /** A gzip-compressed ustar archive of the given entries. */
    static byte[] tarGz(List<Map.Entry<String, byte[]>> entries) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries) {
                byte[] h = new byte[512];
                put(h, 0, e.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", e.getValue().length));
                put(h, 136, "00000000000");
                h[156] = '0';
                put(h, 257, "ustar");
                put(h, 263, "00");
                java.util.Arrays.fill(h, 148, 156, (byte) ' ');
                int sum = 0;
                for (byte x : h) {
                    sum += x & 0xff;
                }
                put(h, 148, String.format("%06o", sum));
                h[154] = 0;
                gz.write(h);
                gz.write(e.getValue());
                gz.write(new byte[(512 - e.getValue().length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return raw.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
