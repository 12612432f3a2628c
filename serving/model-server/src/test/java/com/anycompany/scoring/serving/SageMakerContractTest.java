package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.model.LoadedModel;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SageMaker's container contract, checked against xgboost4j: a built-in XGBoost {@code model.tar.gz} answers
 * headerless CSV (several rows per request, as batch transform sends them) with exactly xgboost4j's scores, JSON and
 * JSON Lines likewise, reasons match xgboost4j's SHAP contributions, and bad requests get clear 4xx answers.
 */
class SageMakerContractTest {
    static byte[] model;
    static byte[] tarGz;
    static float[][] x;
    static float[][] want;
    static float[][] contrib;
    static ModelServer server;

    @BeforeAll
    static void start() throws Exception {
        model = TestModels.train("binary:logistic", 11);
        tarGz = TestModels.sageMakerTarGz(model);
        x = TestModels.rows(200, 99);
        want = TestModels.xgbPredict(model, x);
        contrib = TestModels.xgbContrib(model, x);
        server = TestModels.start("model", TestModels.load("model.tar.gz", tarGz));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pingAnswers200() throws Exception {
        assertEquals(200, TestModels.get(server, "/ping").statusCode());
    }

    @Test
    void headerlessCsvRowsScoreExactlyLikeXgboost() throws Exception {
        HttpResponse<String> r = TestModels.post(server, "/invocations", "text/csv", "text/csv", TestModels.csv(x));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/csv", r.headers().firstValue("Content-Type").orElseThrow());
        String[] lines = r.body().split("\n");
        assertEquals(x.length, lines.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(want[i][0], Float.parseFloat(lines[i]), "row " + i + " (bit-exact)");
        }
    }

    @Test
    void csvWithCrLfQuotedCellsAndABlankLineIsAccepted() throws Exception {
        String body = TestModels.csv(new float[][]{x[0], x[1]}).replace("\n", "\r\n") + "\r\n";
        body = body.replaceFirst("^([^,]*),", "\"$1\",");
        HttpResponse<String> r = TestModels.post(server, "/invocations", "text/csv; charset=utf-8", null, body);
        assertEquals(200, r.statusCode(), r.body());
        String[] lines = r.body().split("\n");
        assertEquals(2, lines.length);
        assertEquals(want[1][0], Float.parseFloat(lines[1]));
    }

    @Test
    void jsonInstancesAndFeaturesAnswerAsAcceptAsks() throws Exception {
        StringBuilder instances = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < 3; i++) {
            instances.append(i == 0 ? "" : ",").append(i == 1 ? "{\"features\": " + array(x[i]) + "}" : array(x[i]));
        }
        instances.append("]}");
        HttpResponse<String> r = TestModels.post(server, "/invocations", "application/json", "application/json",
                instances.toString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode p = BatchJson.MAPPER.readTree(r.body()).get("predictions");
        assertEquals(3, p.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i][0], p.get(i).get("score").floatValue());
            assertFalse(p.get(i).has("reasons"), "no reasons unless asked");
        }
        HttpResponse<String> one = TestModels.post(server, "/invocations", "application/json", "text/csv",
                "{\"features\": " + array(x[4]) + "}");
        assertEquals(200, one.statusCode(), one.body());
        assertEquals("text/csv", one.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(want[4][0], Float.parseFloat(one.body().trim()));
    }

    @Test
    void jsonLinesInAndOutWithReasonsMatchingXgboostContributions() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append("{\"features\": ").append(array(x[i])).append("}\n");
        }
        HttpResponse<String> r = TestModels.post(server, "/invocations", "application/jsonlines", null,
                body.toString(), ModelServer.CUSTOM_ATTRIBUTES, "reasons=3");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/jsonlines", r.headers().firstValue("Content-Type").orElseThrow());
        String[] lines = r.body().split("\n");
        assertEquals(20, lines.length);
        for (int i = 0; i < 20; i++) {
            JsonNode line = BatchJson.MAPPER.readTree(lines[i]);
            assertEquals(want[i][0], line.get("score").floatValue());
            assertReasons(line.get("reasons"), x[i], contrib[i], 3);
        }
    }

    /**
     * The reasons are xgboost4j's own contributions for the named features (within float summation noise), and no
     * feature left out pushed the score up more than the last one given.
     */
    static void assertReasons(JsonNode reasons, float[] row, float[] phi, int k) {
        Map<String, Float> given = new HashMap<>();
        reasons.forEach(r -> given.put(r.get("feature").asText(), r.get("contribution").floatValue()));
        long positives = 0;
        for (int f = 0; f < TestModels.NF; f++) {
            positives += phi[f] > 1e-6 ? 1 : 0;
        }
        assertTrue(reasons.size() <= k && reasons.size() >= Math.min(k, positives - countNearZero(phi)),
                "reasons: " + reasons);
        float last = Float.MAX_VALUE;
        Set<Integer> named = new HashSet<>();
        for (JsonNode r : reasons) {
            int f = Integer.parseInt(r.get("feature").asText().substring(1));
            named.add(f);
            float c = r.get("contribution").floatValue();
            assertEquals(phi[f], c, 1e-5 * Math.max(1, Math.abs(phi[f])), "contribution of f" + f);
            assertTrue(c > 0 && c <= last + 1e-6, "reasons are positive, largest first: " + reasons);
            last = c;
            if (Float.isNaN(row[f])) {
                assertTrue(r.get("value").isNull());
            } else {
                assertEquals(row[f], r.get("value").floatValue());
            }
        }
        for (int f = 0; f < TestModels.NF; f++) {
            if (!named.contains(f) && reasons.size() == k) {
                assertTrue(phi[f] <= last + 1e-5, "f" + f + " (" + phi[f] + ") pushed more than a given reason");
            }
        }
    }

    private static long countNearZero(float[] phi) {
        long n = 0;
        for (int f = 0; f < TestModels.NF; f++) {
            n += phi[f] > 1e-6 && phi[f] < 1e-5 ? 1 : 0;
        }
        return n;
    }

    @Test
    void anUnpackedModelDirectoryWithItsCardServesTheSameScores(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("xgboost-model"), model);
        LoadedModel m = ModelFiles.load(dir, "fraud", com.anycompany.scoring.engine.Engines.named("java"));
        assertEquals("fraud", m.card().name());
        try (ModelServer s = TestModels.start("fraud", m)) {
            HttpResponse<String> r = TestModels.post(s, "/invocations", "text/csv", null, TestModels.csv(x));
            assertEquals(want[7][0], Float.parseFloat(r.body().split("\n")[7]));
        }
    }

    @Test
    void badRequestsGetClear4xxAnswers() throws Exception {
        assertError(TestModels.post(server, "/invocations", "text/csv", null, "1,2,3\n"), 400,
                "row 1 has 3 values but the model takes 6 features by position");
        assertError(TestModels.post(server, "/invocations", "text/csv", null, "1,2,abc,4,5,6\n"), 400,
                "'f2' is not a number");
        assertError(TestModels.post(server, "/invocations", "text/csv", null, ""), 400, "empty");
        assertError(TestModels.post(server, "/invocations", "application/json", null, "{\"rows\": []}"), 400,
                "{\"instances\": [...]} or {\"features\": [...]}");
        assertError(TestModels.post(server, "/invocations", "application/json", null, "{\"instances\": [1,"), 400,
                "not JSON");
        assertError(TestModels.post(server, "/invocations", "application/x-recordio-protobuf", null, "x"), 415,
                "Content-Type application/x-recordio-protobuf is not served here");
        assertError(TestModels.post(server, "/invocations", "text/csv", "image/png", "1,2,3,4,5,6\n"), 406,
                "ask for text/csv, application/json, application/jsonlines");
        assertError(TestModels.post(server, "/invocations", "text/csv", null, "1,2,3,4,5,6\n",
                ModelServer.CUSTOM_ATTRIBUTES, "reasons=99"), 400, "reasons must be a whole number from 0 to 20");
        assertError(TestModels.post(server, "/invocations", "text/csv", null, "1,2,3,4,5,6\n".repeat(100_000)), 413,
                "send fewer rows per request");
        assertError(TestModels.get(server, "/invocations"), 405, "use POST");
        assertError(TestModels.get(server, "/nowhere"), 404, "no route /nowhere");
    }

    @Test
    void oneBadRowFailsTheRequestAndNamesTheRowNothingIsScored() throws Exception {
        String body = TestModels.csv(new float[][]{x[0], x[1]}) + "1,2,3,4,5,x\n" + TestModels.csv(new float[][]{x[2]});
        HttpResponse<String> r = TestModels.post(server, "/invocations", "text/csv", null, body);
        assertError(r, 400, "1 of 4 rows cannot be scored, nothing was: row 3: 'f5' is not a number");
    }

    static void assertError(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = BatchJson.MAPPER.readTree(r.body());
        assertTrue(e.get("error").asText().contains(fragment), "expected '" + fragment + "' in " + r.body());
    }

    static String array(float[] row) {
        StringBuilder sb = new StringBuilder("[");
        for (int f = 0; f < row.length; f++) {
            sb.append(f == 0 ? "" : ",").append(Float.isNaN(row[f]) ? "null" : Float.toString(row[f]));
        }
        return sb.append(']').toString();
    }

}
