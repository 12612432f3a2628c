package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Open Inference Protocol v2 on the model server. Every request sent and every response received is validated
 * against the protocol's published schema (KServe's rest_predict_v2.yaml, copied under src/test/resources/oip with its
 * source); scores are compared with xgboost4j's bit for bit, reasons with xgboost4j's SHAP contributions.
 */
class InferenceProtocolTest {
    static ObjectNode spec;
    static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    static byte[] binary;
    static byte[] multi;
    static float[][] x;
    static ModelServer server;
    static ModelServer multiServer;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = InferenceProtocolTest.class.getResourceAsStream("/oip/rest_predict_v2.yaml")) {
            spec = (ObjectNode) new YAMLMapper().readTree(in);
        }
        binary = TestModels.train("binary:logistic", 21);
        multi = TestModels.train("multi:softprob", 22);
        x = TestModels.rows(50, 5);
        for (float[] row : x) {
            for (int f = 0; f < row.length; f++) {
                row[f] = Float.isNaN(row[f]) ? 0.25f * f : row[f]; // JSON has no NaN; missing values: see below
            }
        }
        server = TestModels.start("attrition", TestModels.load("model.ubj", binary));
        multiServer = TestModels.start("tiers", TestModels.load("model.ubj", multi));
    }

    @AfterAll
    static void stop() {
        server.close();
        multiServer.close();
    }

    /** The named schema of the spec's components, as a draft-4 JSON Schema whose $refs resolve inside the spec. */
    static Set<ValidationMessage> validate(String component, JsonNode value) {
        return SCHEMAS.computeIfAbsent(component, c -> {
            ObjectNode root = spec.deepCopy();
            root.put("$ref", "#/components/schemas/" + c);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
        }).validate(value);
    }

    static JsonNode valid(String component, String json) throws Exception {
        JsonNode node = BatchJson.MAPPER.readTree(json);
        Set<ValidationMessage> errors = validate(component, node);
        assertTrue(errors.isEmpty(), component + " violates the protocol's schema: " + errors + " in " + json);
        return node;
    }

    @Test
    void theValidatorIsLiveItRejectsWhatTheSchemaForbids() throws Exception {
        assertFalse(validate("inference_response", BatchJson.MAPPER.readTree("{\"model_name\": \"m\"}")).isEmpty(),
                "a response without outputs");
        assertFalse(validate("inference_request", BatchJson.MAPPER.readTree(
                "{\"inputs\": [{\"name\": \"features\", \"shape\": \"2\", \"datatype\": \"FP32\", \"data\": [1]}]}"))
                .isEmpty(), "a shape that is not a list of integers");
        assertFalse(validate("metadata_model_response", BatchJson.MAPPER.readTree("{\"name\": \"m\"}")).isEmpty(),
                "model metadata without platform");
    }

    @Test
    void healthAndMetadata() throws Exception {
        assertEquals(200, TestModels.get(server, "/v2/health/live").statusCode());
        assertEquals(200, TestModels.get(server, "/v2/health/ready").statusCode());
        assertEquals(200, TestModels.get(server, "/v2/models/attrition/ready").statusCode());
        assertEquals(200, TestModels.get(server, "/v2/models/attrition/versions/0/ready").statusCode());
        assertEquals(404, TestModels.get(server, "/v2/models/other/ready").statusCode());
        valid("metadata_server_response", TestModels.get(server, "/v2").body());

        JsonNode m = valid("metadata_model_response", TestModels.get(server, "/v2/models/attrition").body());
        assertEquals("attrition", m.get("name").asText());
        assertEquals("[\"0\"]", m.get("versions").toString());
        JsonNode in = m.get("inputs").get(0);
        assertEquals("features", in.get("name").asText());
        assertEquals("FP32", in.get("datatype").asText());
        assertEquals("[-1,6]", in.get("shape").toString());
        assertEquals("score", m.at("/outputs/0/name").asText());
        assertEquals("[-1]", m.at("/outputs/0/shape").toString());
        assertEquals("reasons", m.at("/outputs/1/name").asText());
        assertEquals("BYTES", m.at("/outputs/1/datatype").asText());

        JsonNode mm = valid("metadata_model_response", TestModels.get(multiServer, "/v2/models/tiers").body());
        assertEquals("[-1,3]", mm.at("/outputs/0/shape").toString());
    }

    @Test
    void inferScoresExactlyLikeXgboostFlatOrNested() throws Exception {
        float[][] want = TestModels.xgbPredict(binary, x);
        String request = valid("inference_request", tensorRequest("r-1", x, true, "")).toString();
        JsonNode r = infer(server, "/v2/models/attrition/infer", request, 200);
        valid("inference_response", r.toString());
        assertEquals("attrition", r.get("model_name").asText());
        assertEquals("0", r.get("model_version").asText());
        assertEquals("r-1", r.get("id").asText());
        JsonNode score = r.get("outputs").get(0);
        assertEquals("score", score.get("name").asText());
        assertEquals("FP32", score.get("datatype").asText());
        assertEquals("[" + x.length + "]", score.get("shape").toString());
        assertEquals(1, r.get("outputs").size(), "reasons only when asked");
        for (int i = 0; i < x.length; i++) {
            assertEquals(want[i][0], score.get("data").get(i).floatValue(), "row " + i);
        }
        JsonNode nested = infer(server, "/v2/models/attrition/versions/0/infer",
                valid("inference_request", tensorRequest(null, x, false, "")).toString(), 200);
        assertEquals(score.get("data"), nested.at("/outputs/0/data"));
        assertFalse(nested.has("id"));

        String one = "{\"inputs\": [{\"name\": \"features\", \"shape\": [6], \"datatype\": \"FP64\", \"data\": "
                + SageMakerContractTest.array(x[3]) + "}]}";
        JsonNode single = infer(server, "/v2/models/attrition/infer", valid("inference_request", one).toString(), 200);
        assertEquals(want[3][0], single.at("/outputs/0/data/0").floatValue());
    }

    @Test
    void multiOutputModelsAnswerRowsByClasses() throws Exception {
        float[][] want = TestModels.xgbPredict(multi, x);
        JsonNode r = infer(multiServer, "/v2/models/tiers/infer",
                valid("inference_request", tensorRequest(null, x, true, "")).toString(), 200);
        valid("inference_response", r.toString());
        assertEquals("[" + x.length + ",3]", r.at("/outputs/0/shape").toString());
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(want[i][c], r.at("/outputs/0/data/" + (i * 3 + c)).floatValue(), "row " + i + " class " + c);
            }
        }
    }

    @Test
    void reasonsAreAnOptionalOutputMatchingXgboostContributions() throws Exception {
        float[][] phi = TestModels.xgbContrib(binary, x);
        String request = tensorRequest(null, x, true,
                ", \"outputs\": [{\"name\": \"score\"}, {\"name\": \"reasons\", \"parameters\": {\"reasons\": 2}}]");
        JsonNode r = infer(server, "/v2/models/attrition/infer", valid("inference_request", request).toString(), 200);
        valid("inference_response", r.toString());
        JsonNode reasons = r.get("outputs").get(1);
        assertEquals("reasons", reasons.get("name").asText());
        assertEquals("BYTES", reasons.get("datatype").asText());
        assertEquals("[" + x.length + "]", reasons.get("shape").toString());
        for (int i = 0; i < x.length; i++) {
            JsonNode list = BatchJson.MAPPER.readTree(reasons.get("data").get(i).asText());
            SageMakerContractTest.assertReasons(list, x[i], phi[i], 2);
        }
        JsonNode onlyReasons = infer(server, "/v2/models/attrition/infer", valid("inference_request",
                tensorRequest(null, x, true, ", \"outputs\": [{\"name\": \"reasons\"}]")).toString(), 200);
        assertEquals(1, onlyReasons.get("outputs").size());
        assertEquals("reasons", onlyReasons.at("/outputs/0/name").asText());
        assertTrue(BatchJson.MAPPER.readTree(onlyReasons.at("/outputs/0/data/0").asText()).size() <= 3);
        JsonNode byParameter = infer(server, "/v2/models/attrition/infer", valid("inference_request",
                tensorRequest(null, x, true, ", \"parameters\": {\"reasons\": 1}")).toString(), 200);
        assertEquals(2, byParameter.get("outputs").size());
    }

    @Test
    void nullIsAMissingValueAsNaNIsInXgboost() throws Exception {
        float[][] gaps = {x[0].clone()};
        gaps[0][2] = Float.NaN;
        float want = TestModels.xgbPredict(binary, gaps)[0][0];
        String req = "{\"inputs\": [{\"name\": \"features\", \"shape\": [1, 6], \"datatype\": \"FP32\", \"data\": "
                + SageMakerContractTest.array(gaps[0]) + "}]}";
        assertEquals(want, infer(server, "/v2/models/attrition/infer", req, 200).at("/outputs/0/data/0").floatValue());
    }

    @Test
    void errorsFollowTheProtocolsErrorShape() throws Exception {
        String wrongShape = "{\"inputs\": [{\"name\": \"features\", \"shape\": [2, 5], \"datatype\": \"FP32\", "
                + "\"data\": [1,2,3,4,5,6,7,8,9,10]}]}";
        assertTrue(infer(server, "/v2/models/attrition/infer", wrongShape, 400).get("error").asText()
                .contains("must have shape [rows, 6]"));
        String short1 = "{\"inputs\": [{\"name\": \"features\", \"shape\": [2, 6], \"datatype\": \"FP32\", "
                + "\"data\": [1,2,3,4,5,6]}]}";
        assertTrue(infer(server, "/v2/models/attrition/infer", short1, 400).get("error").asText()
                .contains("has 6 values but its shape [2,6] needs 12"));
        String badOutput = "{\"inputs\": [{\"name\": \"features\", \"shape\": [6], \"datatype\": \"FP32\", "
                + "\"data\": [1,2,3,4,5,6]}], \"outputs\": [{\"name\": \"probabilities\"}]}";
        assertTrue(infer(server, "/v2/models/attrition/infer", badOutput, 400).get("error").asText()
                .contains("output 'probabilities' does not exist"));
        String text = "{\"inputs\": [{\"name\": \"features\", \"shape\": [6], \"datatype\": \"BYTES\", "
                + "\"data\": [\"1\",\"2\",\"x\",\"4\",\"5\",\"6\"]}]}";
        assertTrue(infer(server, "/v2/models/attrition/infer", text, 400).get("error").asText()
                .contains("'f2' is not a number"));
        assertTrue(infer(server, "/v2/models/attrition/infer", "{\"inputs\": [", 400).get("error").asText()
                .contains("not JSON"));
        assertTrue(infer(server, "/v2/models/nope/infer", wrongShape, 404).get("error").asText()
                .contains("no model 'nope'"));
        assertTrue(infer(server, "/v2/models/attrition/versions/9/infer", wrongShape, 404).get("error").asText()
                .contains("version '9'"));
    }

    private static JsonNode infer(ModelServer s, String path, String body, int status) throws Exception {
        HttpResponse<String> r = TestModels.post(s, path, "application/json", null, body);
        assertEquals(status, r.statusCode(), r.body());
        if (status >= 400) {
            return valid("inference_error_response", r.body());
        }
        return BatchJson.MAPPER.readTree(r.body());
    }

    /** A request with one FP32 tensor of the rows, data flat or nested, plus {@code extra} top-level fields. */
    static String tensorRequest(String id, float[][] rows, boolean flat, String extra) {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < rows.length; i++) {
            String a = SageMakerContractTest.array(rows[i]);
            data.append(i == 0 ? "" : ",").append(flat ? a.substring(1, a.length() - 1) : a);
        }
        data.append(']');
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"inputs\": [{\"name\": \"features\", "
                + "\"shape\": [" + rows.length + ", 6], \"datatype\": \"FP32\", \"data\": " + data + "}]" + extra + "}";
    }
}
