package com.anycompany.scoring.functions.salary;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.privacy.Canaries;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The salary endpoint's handler, driven by the Function URL event in events/, against a real S3Proxy holding a salary
 * model trained by xgboost4j, published and promoted to champion in the registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalaryScoringHandlerTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "scoring-models";
    private static final String EVENT = "function-url-salary-predict.json";

    private LocalAws aws;
    private ModelCard card;
    private SalaryModelBuilder.Trained trained;
    private SalaryScoringHandler handler;

    @BeforeAll
    void startServersAndPublishModel(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        S3ModelStore store = new S3ModelStore(aws.s3Client(), BUCKET);
        trained = SalaryModelBuilder.train("1", 3000, 7);
        new GoldenStore(aws.s3Client(), BUCKET).put(trained.card().ref(), SalaryModelBuilder.golden(trained, 50, 8));
        card = store.publish(trained.card(), trained.artifact(), trained.fileName());
        new AliasStore(aws.s3Client(), BUCKET).write(ModelAliases.initial("salary", "1").stamped("2026-11-25T10:00:00Z",
                "test"), Optional.empty());
        handler = handler(Map.of());
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    private SalaryScoringHandler handler(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put(ServingEnvironment.MODEL_BUCKET, BUCKET);
        env.put("MODELS", "salary,bonus");
        env.put(ServingEnvironment.MODEL_VERSION, "champion");
        env.putAll(extra);
        return FunctionEnvironment.with(env, SalaryScoringHandler::new);
    }

    private static APIGatewayV2HTTPEvent event(String body) {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent(EVENT);
        e.setBody(body);
        return e;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
        return JSON.readTree(r.getBody());
    }

    /** The one error shape: {"error": {"status", "code", "message", "requestId", ...}} and the same HTTP status. */
    private static JsonNode error(APIGatewayV2HTTPResponse r, int status, String code, LambdaTestContext ctx)
            throws Exception {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/json", r.getHeaders().get("content-type"));
        JsonNode root = body(r);
        assertEquals(List.of("error"), names(root));
        JsonNode e = root.get("error");
        assertEquals(status, e.get("status").asInt());
        assertEquals(code, e.get("code").asText());
        assertFalse(e.get("message").asText().isBlank());
        assertEquals(ctx.getAwsRequestId(), e.get("requestId").asText());
        assertEquals(ctx.getAwsRequestId(), r.getHeaders().get("x-request-id"));
        return e;
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @Event(value = EVENT, type = APIGatewayV2HTTPEvent.class)
    void theFunctionUrlEventGetsExplainedPredictions(APIGatewayV2HTTPEvent event) throws Exception {
        LambdaTestContext ctx = new LambdaTestContext("salary-scoring");
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, ctx);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals(ctx.getAwsRequestId(), r.getHeaders().get("x-request-id"));
        JsonNode out = body(r);
        assertEquals(ctx.getAwsRequestId(), out.get("requestId").asText());
        JsonNode sent = JSON.readTree(event.getBody()).get("records");
        JsonNode predictions = out.get("predictions");
        assertEquals(2, predictions.size());
        for (int i = 0; i < 2; i++) {
            JsonNode p = predictions.get(i);
            assertEquals(List.of("requestId", "model", "prediction", "reasons"), names(p));
            assertEquals(ctx.getAwsRequestId(), p.get("requestId").asText());
            assertEquals("salary", p.at("/model/name").asText());
            assertEquals("1", p.at("/model/version").asText());
            assertReasons(p.get("reasons"), sent.get(i));
        }
        double senior = predictions.get(0).get("prediction").asDouble();
        double junior = predictions.get(1).get("prediction").asDouble();
        assertTrue(senior > 100_000 && senior < 300_000, "a level-6 engineer in a dear city: " + senior);
        assertTrue(junior > 20_000 && junior < 60_000, "a level-2 operations hire: " + junior);
        assertEquals(3, predictions.get(0).get("reasons").size());
        // the same figure the model gives for the same row through the core
        var model = com.anycompany.scoring.model.LoadedModel.bind(card, new com.anycompany.scoring.engine.JavaEngine()
                .compile(new com.anycompany.scoring.model.ModelArtifact("m", trained.artifact())), "test");
        assertEquals(model.score(new com.anycompany.scoring.feature.JsonRecord(sent.get(0)), "r")[0], (float) senior);
    }

    /** At most 3 reasons, each a card feature with the record's own value and a positive contribution, largest first. */
    private void assertReasons(JsonNode reasons, JsonNode record) {
        assertTrue(reasons.isArray() && reasons.size() <= 3, reasons.toString());
        double previous = Double.POSITIVE_INFINITY;
        Set<String> seen = new HashSet<>();
        for (JsonNode r : reasons) {
            assertEquals(List.of("feature", "value", "contribution"), names(r));
            String f = r.get("feature").asText();
            assertTrue(card.featureNames().contains(f) && seen.add(f), f);
            double c = r.get("contribution").asDouble();
            assertTrue(c > 0 && c <= previous, "positive, descending: " + reasons);
            previous = c;
            JsonNode v = record.get(f);
            if (v == null) {
                assertTrue(r.get("value").isNull(), f + " was missing");
            } else {
                assertEquals((float) (v.isBoolean() ? (v.asBoolean() ? 1 : 0) : v.asDouble()),
                        (float) r.get("value").asDouble(), f);
            }
        }
    }

    @Test
    void oneRecordAndAnExplicitReasonCount() throws Exception {
        APIGatewayV2HTTPResponse r = handler.handleRequest(event("{\"record\": {\"job_level\": 4, "
                + "\"years_experience\": 6, \"tenure_months\": 18, \"cost_of_living_index\": 1.0, \"job_family\": 1},"
                + " \"reasons\": 1}"), new LambdaTestContext());
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode p = body(r).get("predictions");
        assertEquals(1, p.size());
        assertEquals(1, p.get(0).get("reasons").size());
    }

    @Test
    void badRecordsAre400NamingEveryBadFieldOfEveryRecord() throws Exception {
        LambdaTestContext ctx = new LambdaTestContext();
        String body = "{\"records\": ["
                + "{\"job_level\": 14, \"years_experience\": 3, \"tenure_months\": 10, \"cost_of_living_index\": \"1,3\","
                + " \"job_family\": 2},"
                + "{\"job_level\": 3, \"years_experience\": 3, \"tenure_months\": 10, \"cost_of_living_index\": 1.1,"
                + " \"job_family\": 2},"
                + "{\"job_level\": 3, \"tenure_months\": 10.5, \"cost_of_living_index\": 1.1, \"job_family\": 2,"
                + " \"manages_people\": \"maybe\"},"
                + "[1, 2]]}";
        JsonNode e = error(handler.handleRequest(event(body), ctx), 400, "invalid_request", ctx);
        Map<String, String> fields = new HashMap<>();
        e.get("fields").forEach(f -> fields.put(f.get("field").asText(), f.get("problem").asText()));
        // the non-object record is named before any record is scored
        assertEquals(Set.of("records[3]"), fields.keySet());

        body = body.replace(",[1, 2]]}", "]}");
        e = error(handler.handleRequest(event(body), ctx), 400, "invalid_request", ctx);
        fields.clear();
        e.get("fields").forEach(f -> fields.put(f.get("field").asText(), f.get("problem").asText()));
        assertEquals(Set.of("records[0].job_level", "records[0].cost_of_living_index", "records[2].years_experience",
                "records[2].tenure_months", "records[2].manages_people"), fields.keySet());
        assertTrue(fields.get("records[0].job_level").contains("above the maximum 10"), fields.toString());
        assertTrue(fields.get("records[2].years_experience").contains("required"), fields.toString());
        assertTrue(e.get("message").asText().startsWith("5 problems"), e.toString());
    }

    @Test
    void badBodiesAre400NamingTheField() throws Exception {
        LambdaTestContext ctx = new LambdaTestContext();
        JsonNode e = error(handler.handleRequest(event("{\"records\": [ {\"job_level\": "), ctx), 400,
                "invalid_request", ctx);
        assertEquals("body", e.at("/fields/0/field").asText());
        assertTrue(e.at("/fields/0/problem").asText().contains("not JSON"), e.toString());

        e = error(handler.handleRequest(event("{\"recods\": [], \"reasons\": 99}"), ctx), 400, "invalid_request", ctx);
        Set<String> named = new HashSet<>();
        e.get("fields").forEach(f -> named.add(f.get("field").asText()));
        assertEquals(Set.of("recods", "reasons", "records"), named);

        error(handler.handleRequest(event(""), ctx), 400, "invalid_request", ctx);
    }

    /**
     * SageMaker's text/csv contract on the sync endpoint: a model without feature names (f0..f3, trained by xgboost4j
     * on unnamed columns) scores one record per line by position, like xgboost4j; the named salary model refuses a
     * text/csv body with a 400 saying to send JSON records.
     */
    @Test
    void textCsvScoresByPositionForAModelWithoutFeatureNames() throws Exception {
        int rows = 5;
        int nf = 4;
        java.util.Random r = new java.util.Random(9);
        float[] x = new float[40 * nf];
        float[] y = new float[40];
        for (int i = 0; i < 40; i++) {
            for (int f = 0; f < nf; f++) {
                x[i * nf + f] = Math.round(r.nextGaussian() * 1000) / 100f;
            }
            y[i] = 3 * x[i * nf] - x[i * nf + 2];
        }
        ml.dmlc.xgboost4j.java.DMatrix d = new ml.dmlc.xgboost4j.java.DMatrix(x, 40, nf, Float.NaN);
        d.setLabel(y);
        ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.train(d,
                new HashMap<>(Map.of("objective", "reg:squarederror", "max_depth", 3)), 8, new HashMap<>(), null, null);
        float[][] want = b.predict(d);
        byte[] bytes = b.toByteArray("json");
        var compiled = new com.anycompany.scoring.engine.JavaEngine().compile(
                new com.anycompany.scoring.model.ModelArtifact("model.json", bytes));
        new S3ModelStore(aws.s3Client(), BUCKET).publish(com.anycompany.scoring.model.CardDeriver.derive("sm", "1",
                compiled, new com.anycompany.scoring.model.ArtifactInfo("model.json", "json", "0".repeat(64),
                        bytes.length)), bytes, "model.json");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < nf; f++) {
                csv.append(f == 0 ? "" : ",").append(x[i * nf + f]);
            }
            csv.append("\r\n");
        }
        SalaryScoringHandler sm = handler(Map.of("MODELS", "sm=1,salary"));
        LambdaTestContext ctx = new LambdaTestContext();
        APIGatewayV2HTTPEvent e = event(csv.toString());
        e.setRawPath("/v1/models/sm/predict");
        Map<String, String> headers = new HashMap<>(e.getHeaders() == null ? Map.of() : e.getHeaders());
        headers.put("content-type", "text/csv");
        e.setHeaders(headers);
        APIGatewayV2HTTPResponse resp = sm.handleRequest(e, ctx);
        assertEquals(200, resp.getStatusCode(), resp.getBody());
        JsonNode predictions = body(resp).get("predictions");
        assertEquals(rows, predictions.size());
        for (int i = 0; i < rows; i++) {
            assertEquals(want[i][0], (float) predictions.get(i).get("prediction").asDouble(),
                    1e-6f * Math.max(1f, Math.abs(want[i][0])), "row " + i);
        }
        e.setRawPath("/v1/models/salary/predict");
        JsonNode err = error(sm.handleRequest(e, ctx), 400, "invalid_request", ctx);
        assertTrue(err.toString().contains("reads its features by name"), err.toString());
    }

    /**
     * A model carrying XGBoost 3.4's own category vocabulary (cats; fixture written by XGBoost itself, see
     * core/src/test/resources/xgb34cats) takes category names in JSON records and answers what XGBoost answers for a
     * DataFrame of them; a name outside the vocabulary is a 400 naming the field, never the value.
     */
    @Test
    void categoryNamesScoreThroughTheModelsOwnVocabulary() throws Exception {
        Path dir = Path.of("../../core/src/test/resources/xgb34cats");
        byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve("cats.json"));
        JsonNode want = JSON.readTree(dir.resolve("expected.json").toFile());
        var compiled = new com.anycompany.scoring.engine.JavaEngine().compile(
                new com.anycompany.scoring.model.ModelArtifact("cats.json", bytes));
        new S3ModelStore(aws.s3Client(), BUCKET).publish(com.anycompany.scoring.model.CardDeriver.derive("cats", "1",
                compiled, new com.anycompany.scoring.model.ArtifactInfo("cats.json", "json", "0".repeat(64),
                        bytes.length)), bytes, "cats.json");
        int n = 12;
        StringBuilder records = new StringBuilder("{\"records\": [");
        for (int i = 0; i < n; i++) {
            records.append(i == 0 ? "" : ",").append(want.get("rows").get(5 * i % want.get("rows").size()));
        }
        SalaryScoringHandler cats = handler(Map.of("MODELS", "cats=1"));
        LambdaTestContext ctx = new LambdaTestContext();
        APIGatewayV2HTTPEvent e = event(records + "]}");
        e.setRawPath("/v1/models/cats/predict");
        APIGatewayV2HTTPResponse resp = cats.handleRequest(e, ctx);
        assertEquals(200, resp.getStatusCode(), resp.getBody());
        JsonNode predictions = body(resp).get("predictions");
        assertEquals(n, predictions.size());
        for (int i = 0; i < n; i++) {
            double w = want.get("predictions").get(5 * i % want.get("rows").size()).asDouble();
            assertEquals(w, predictions.get(i).get("prediction").asDouble(), 1e-6 * Math.max(1e-3, Math.abs(w)),
                    "record " + i);
        }
        e = event("{\"records\": [{\"dept\": \"HR\", \"tenure\": 2, \"level\": 10},"
                + " {\"dept\": \"Marketing\", \"tenure\": 2, \"level\": 10}]}");
        e.setRawPath("/v1/models/cats/predict");
        JsonNode err = error(cats.handleRequest(e, ctx), 400, "invalid_request", ctx);
        assertEquals("records[1].dept", err.get("fields").get(0).get("field").asText(), err.toString());
        assertTrue(err.toString().contains("not trained on") && !err.toString().contains("Marketing"), err.toString());
    }

    @Test
    void unknownModelsAre404() throws Exception {
        LambdaTestContext ctx = new LambdaTestContext();
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent(EVENT);
        e.setRawPath("/v1/models/attrition/predict");
        JsonNode err = error(handler.handleRequest(e, ctx), 404, "model_not_found", ctx);
        assertTrue(err.get("message").asText().contains("[bonus, salary]"), err.toString());
        // served by configuration, but never promoted in the registry: unknown too, not "unavailable"
        e.setRawPath("/v1/models/bonus/predict");
        err = error(handler.handleRequest(e, ctx), 404, "model_not_found", ctx);
        assertTrue(err.get("message").asText().contains("no champion"), err.toString());
        e.setRawPath("/v2/predict");
        error(handler.handleRequest(e, ctx), 404, "route_not_found", ctx);
        e.setRawPath("/v1/models/salary/predict");
        e.getRequestContext().getHttp().setMethod("GET");
        APIGatewayV2HTTPResponse r = handler.handleRequest(e, ctx);
        error(r, 405, "method_not_allowed", ctx);
        assertEquals("POST", r.getHeaders().get("allow"));
    }

    @Test
    void payloadAndRecordCountLimitsAre413() throws Exception {
        SalaryScoringHandler small = handler(Map.of("MAX_BODY_BYTES", "2048", "MAX_RECORDS", "3"));
        LambdaTestContext ctx = new LambdaTestContext();
        String record = "{\"job_level\": 3, \"years_experience\": 3, \"tenure_months\": 10, "
                + "\"cost_of_living_index\": 1.1, \"job_family\": 2}";
        JsonNode e = error(small.handleRequest(event("{\"records\": [" + String.join(",", java.util.Collections
                .nCopies(4, record)) + "]}"), ctx), 413, "too_many_records", ctx);
        assertEquals(3, e.get("limit").asInt());
        assertEquals(200, small.handleRequest(event("{\"records\": [" + String.join(",", java.util.Collections
                .nCopies(3, record)) + "]}"), ctx).getStatusCode());
        e = error(small.handleRequest(event("{\"record\": " + record.replace("}", ", \"note\": \""
                + "x".repeat(3000) + "\"}") + "}"), ctx), 413, "payload_too_large", ctx);
        assertEquals(2048, e.get("limit").asInt());
        // a base64-encoded body is limited on its decoded size and scored the same
        APIGatewayV2HTTPEvent b64 = event(java.util.Base64.getEncoder().encodeToString(("{\"record\": " + record + "}")
                .getBytes(StandardCharsets.UTF_8)));
        b64.setIsBase64Encoded(true);
        assertEquals(200, small.handleRequest(b64, ctx).getStatusCode());
    }

    @Test
    void s3DownIs503WithRetryAfterAndTheNextRequestRecovers() throws Exception {
        SalaryScoringHandler cold = handler(Map.of()); // nothing loaded yet: aliases and model come from S3
        LambdaTestContext ctx = new LambdaTestContext();
        aws.stopS3();
        APIGatewayV2HTTPResponse r;
        try {
            r = cold.handleRequest(EventLoader.loadApiGatewayHttpEvent(EVENT), ctx);
        } finally {
            aws.startS3();
        }
        JsonNode e = error(r, 503, "dependency_unavailable", ctx);
        assertNotNull(r.getHeaders().get("retry-after"));
        assertFalse(e.toString().contains(BUCKET), "no internals in the answer: " + e);
        assertEquals(200, cold.handleRequest(EventLoader.loadApiGatewayHttpEvent(EVENT), ctx).getStatusCode());
    }

    @Test
    void snapStartPrimingServesWithS3Down() throws Exception {
        SalaryScoringHandler primed = handler(Map.of());
        primed.beforeCheckpoint(null);
        aws.stopS3();
        try {
            // restore forgets the aliases' age; the re-read fails, so the router keeps the aliases read when priming
            primed.afterRestore(null);
            assertEquals(200, primed.handleRequest(EventLoader.loadApiGatewayHttpEvent(EVENT),
                    new LambdaTestContext()).getStatusCode());
        } finally {
            aws.startS3();
        }
    }

    @Test
    void salariesNeverReachTheLogs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        APIGatewayV2HTTPResponse r;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r = handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(EVENT), new LambdaTestContext());
        } finally {
            System.setOut(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("status=200"), "the request is logged: " + logs);
        for (JsonNode p : body(r).get("predictions")) {
            String figure = Long.toString((long) p.get("prediction").asDouble());
            assertFalse(logs.contains(figure), "salary " + figure.length() + " digits leaked into the logs");
        }
    }

    /**
     * Privacy canary: names, SSNs, IBANs and salaries in every field of predict requests (and one as a field name)
     * never reach a log line or metric; the 400 answer names each bad field and its problem, never the value sent.
     */
    @Test
    void noPlantedPersonalDataReachesTheLogsAndNoValueIsEchoed() throws Exception {
        String bad = "{\"job_level\": \"" + Canaries.NAME + "\", \"years_experience\": \"" + Canaries.SSN
                + "\", \"cost_of_living_index\": \"" + Canaries.IBAN + "\", \"tenure_months\": \"" + Canaries.SALARY_TEXT
                + "\", \"manages_people\": \"" + Canaries.NAME_2 + " (" + Canaries.SALARY + ")\"}";
        String high = "{\"job_level\": " + Canaries.SALARY + ", \"years_experience\": " + Canaries.SALARY
                + ", \"cost_of_living_index\": " + Canaries.SALARY + ", \"tenure_months\": " + Canaries.SALARY
                + ", \"manages_people\": " + Canaries.SALARY + "}";
        List<String> bodies = List.of("{\"records\": [" + bad + ", " + high + "]}",
                "{\"record\": " + bad + "}",
                "{\"records\": [" + high + "], \"Zebulon\": \"" + Canaries.SSN + "\"}",
                "{\"records\": [ {\"job_level\": " + Canaries.NAME + "}]}");
        LambdaTestContext ctx = new LambdaTestContext();
        for (String b : bodies) {
            Canaries.Captured<APIGatewayV2HTTPResponse> run = Canaries.capture(() -> handler.handleRequest(event(b), ctx));
            assertEquals(null, run.error(), () -> String.valueOf(run.error()));
            assertEquals(400, run.result().getStatusCode(), run.result().getBody());
            assertEquals(List.of(), Canaries.found(run.output()), run.output());
            // the caller's own field name may come back, its value never
            assertEquals(List.of(), Canaries.found(run.result().getBody().replace("\"Zebulon\"", "")),
                    run.result().getBody());
        }
    }

    @Test
    void theGoldenProbeScoresWithTheNamedVersionAndNoHttpCallerCanTakeThatPath() throws Exception {
        GoldenSet golden = new GoldenStore(aws.s3Client(), BUCKET).get(card.ref());
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < golden.size(); i++) {
            rows.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(golden.json(i, Map.of())));
        }
        APIGatewayV2HTTPEvent probe = event("{\"records\": [" + rows + "]}");
        probe.getHeaders().put(SalaryScoringHandler.PROBE_VERSION_HEADER, "1");
        // from a Function URL (routeKey $default) the header means nothing: a normal request
        assertEquals(200, handler.handleRequest(probe, new LambdaTestContext()).getStatusCode());
        assertFalse(body(handler.handleRequest(probe, new LambdaTestContext())).has("probe"));

        probe.getRequestContext().setRouteKey(SalaryScoringHandler.PROBE_ROUTE_KEY);
        JsonNode out = body(handler.handleRequest(probe, new LambdaTestContext())).get("probe");
        assertEquals("1", out.get("version").asText());
        assertEquals(golden.size(), out.get("results").size());
        for (int i = 0; i < golden.size(); i++) {
            assertEquals(golden.rows().get(i).expected()[0], (float) out.get("results").get(i).at("/outputs/0")
                    .asDouble(), 1e-3);
        }
    }
}
