package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.batch.FileScorer;
import com.anycompany.scoring.batch.RecordFormat;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.serve.LocalUrlServer;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.engine.Reason;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.serving.ModelServer;
import com.anycompany.scoring.serving.ServedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One model, one set of rows, every path: the salary model published to the local S3 as the demo does, scored by the
 * Lambda function behind its Function URL ({@code ./scoring serve}), by the batch file scorer ({@code ./scoring
 * score}), and by the model server ({@code ./scoring serve-model --model s3://...}, the container) over SageMaker's
 * CSV and JSON and over the Open Inference Protocol. Every path gives xgboost4j's scores bit for bit and the same
 * reasons, whose contributions are xgboost4j's own SHAP values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingPathsAgreeTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int K = 3;
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalRuntime rt;
    private LocalUrlServer lambda;
    private ModelServer container;
    private LoadedModel loaded;
    private List<SalaryModelBuilder.Profile> profiles;
    private float[][] want;
    private float[][] phi;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        rt = LocalRuntime.open(home, Path.of("../../template.yaml"), Map.of());
        SalaryDemo.publish(rt, 5, 2000, line -> { });
        lambda = LocalUrlServer.start(rt.function("SalaryScoringFunction"), new InetSocketAddress("127.0.0.1", 0), 1);
        String bucket = rt.bucketName("ModelBucket");
        loaded = ModelSources.load("s3://" + bucket + "/models/salary/1/", null, Engines.named("java"),
                () -> rt.aws().s3Client());
        container = ModelServer.start(new ServedModel("salary", loaded), new ModelServer.Settings(
                new InetSocketAddress("127.0.0.1", 0), 2, 1 << 20), ScoringMetrics.NONE);
        profiles = SalaryModelBuilder.profiles(40, 77);
        int nf = SalaryModelBuilder.FEATURES.size();
        float[] flat = new float[profiles.size() * nf];
        for (int i = 0; i < profiles.size(); i++) {
            System.arraycopy(profiles.get(i).features(), 0, flat, i * nf, nf);
        }
        byte[] artifact = new S3ModelStore(rt.aws().s3Client(), bucket).fetch(ModelRef.of("salary", "1")).artifact()
                .bytes();
        Booster b = XGBoost.loadModel(artifact);
        DMatrix d = new DMatrix(flat, profiles.size(), nf, Float.NaN);
        try {
            want = b.predict(d);
            phi = b.predictContrib(d, 0);
        } finally {
            d.dispose();
            b.dispose();
        }
    }

    @AfterAll
    void stop() {
        container.close();
        lambda.close();
        rt.close();
    }

    @Test
    void lambdaBatchAndContainerGiveXgboostsScoresAndTheSameReasons() throws Exception {
        List<String> records = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        StringBuilder batchCsv = new StringBuilder(String.join(",", loaded.card().featureNames()) + "\n");
        StringBuilder tensor = new StringBuilder();
        for (SalaryModelBuilder.Profile p : profiles) {
            records.add(JSON.writeValueAsString(p.json()));
            String row = positional(p.features());
            csv.append(row).append('\n');
            batchCsv.append(row).append('\n');
            for (float v : p.features()) {
                tensor.append(tensor.isEmpty() ? "" : ",").append(Float.isNaN(v) ? "null" : Float.toString(v));
            }
        }
        String named = "[" + String.join(",", records) + "]";

        JsonNode viaLambda = JSON.readTree(post(lambda.port(), "/v1/models/salary/predict", "application/json",
                "{\"records\": " + named + ", \"reasons\": " + K + "}", null).body()).get("predictions");
        JsonNode viaJson = JSON.readTree(post(container.port(), "/invocations", "application/json",
                "{\"instances\": " + named + "}", "reasons=" + K)
                .body()).get("predictions");
        String[] viaCsv = post(container.port(), "/invocations", "text/csv", csv.toString(), null).body().split("\n");
        JsonNode viaOip = JSON.readTree(post(container.port(), "/v2/models/salary/infer", "application/json",
                "{\"inputs\": [{\"name\": \"features\", \"datatype\": \"FP32\", \"shape\": [" + profiles.size() + ", "
                        + SalaryModelBuilder.FEATURES.size() + "], \"data\": [" + tensor + "]}], "
                        + "\"parameters\": {\"reasons\": " + K + "}}", null).body()).get("outputs");
        StringWriter batchOut = new StringWriter();
        new FileScorer(loaded, K).score(new StringReader(batchCsv.toString()), RecordFormat.CSV, batchOut,
                new StringWriter());
        String[] viaBatch = batchOut.toString().split("\n");

        assertEquals(profiles.size(), viaLambda.size());
        assertEquals(profiles.size(), viaJson.size());
        assertEquals(profiles.size(), viaCsv.length);
        assertEquals(profiles.size() + 1, viaBatch.length);
        int explained = 0;
        for (int i = 0; i < profiles.size(); i++) {
            String row = "row " + i;
            float w = want[i][0];
            assertEquals(w, viaLambda.get(i).get("prediction").floatValue(), row + " Lambda");
            assertEquals(w, viaJson.get(i).get("score").floatValue(), row + " container JSON");
            assertEquals(w, Float.parseFloat(viaCsv[i]), row + " container CSV");
            assertEquals(w, viaOip.get(0).get("data").get(i).floatValue(), row + " Open Inference Protocol");
            String[] batchCells = viaBatch[i + 1].split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            assertEquals(w, Float.parseFloat(batchCells[0]), row + " batch");

            JsonNode reasons = viaLambda.get(i).get("reasons");
            assertEquals(reasons, viaJson.get(i).get("reasons"), row + " reasons: Lambda vs container JSON");
            assertEquals(reasons, JSON.readTree(viaOip.get(1).get("data").get(i).asText()),
                    row + " reasons: Lambda vs Open Inference Protocol");
            for (int k = 0; k < reasons.size(); k++) {
                JsonNode r = reasons.get(k);
                Reason reason = new Reason(r.get("feature").asText(), r.get("value").isNull() ? null
                        : r.get("value").floatValue(), r.get("contribution").floatValue());
                assertEquals(reason.display(), batchCells[1 + k].replace("\"", ""), row + " reason " + k + " batch");
                int f = loaded.card().featureNames().indexOf(reason.feature());
                float xgb = phi[i][f];
                assertEquals(xgb, reason.contribution(), 1e-5 * Math.max(1, Math.abs(xgb)),
                        row + " " + reason.feature() + ": xgboost4j's SHAP value");
            }
            explained += reasons.isEmpty() ? 0 : 1;
        }
        assertTrue(explained > profiles.size() / 2, "most rows have reasons (" + explained + ")");
    }

    /** The profile as a headerless CSV line in the card's column order: whole numbers for int and bool features. */
    private static String positional(float[] values) {
        List<String> cells = new ArrayList<>();
        for (int f = 0; f < values.length; f++) {
            FeatureSpec spec = SalaryModelBuilder.FEATURES.get(f);
            float v = values[f];
            cells.add(Float.isNaN(v) ? "" : spec.type() == com.anycompany.scoring.model.FeatureType.FLOAT
                    ? Float.toString(v) : Integer.toString((int) v));
        }
        return String.join(",", cells);
    }

    private HttpResponse<String> post(int port, String path, String type, String body, String customAttributes)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (customAttributes != null) {
            b.header("X-Amzn-SageMaker-Custom-Attributes", customAttributes);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r;
    }
}
