package com.anycompany.scoring.serving;

import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.serving.image.TarWriter;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Models trained with xgboost4j (the outside oracle), packaged as SageMaker does, and an HTTP client for the server. */
final class TestModels {
    static final int NF = 6;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestModels() {
    }

    /** Rows with some missing values (NaN), seeded. */
    static float[][] rows(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][NF];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < NF; f++) {
                x[i][f] = r.nextInt(10) == 0 ? Float.NaN : (float) (r.nextGaussian() * (f + 1) * 3.7);
            }
        }
        return x;
    }

    /** A model of {@code objective} trained on seeded data, saved as XGBoost UBJSON (no feature names: positional). */
    static byte[] train(String objective, long seed) {
        float[][] x = rows(400, seed);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = nz(x[i][0]) - 0.5 * nz(x[i][1]) + 0.3 * nz(x[i][2]) * nz(x[i][3]);
            y[i] = switch (objective) {
                case "binary:logistic" -> s > 0 ? 1 : 0;
                case "multi:softprob" -> s < -2 ? 0 : s < 2 ? 1 : 2;
                default -> (float) s;
            };
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", objective);
        params.put("max_depth", 4);
        params.put("eta", 0.3);
        params.put("seed", 7);
        if (objective.startsWith("multi:")) {
            params.put("num_class", 3);
        }
        return XgbTrainer.train(x, y, List.of(), params, 25, "ubj");
    }

    private static double nz(float v) {
        return Float.isNaN(v) ? 0 : v;
    }

    /** A SageMaker model.tar.gz holding {@code ./xgboost-model}, as the built-in XGBoost algorithm writes it. */
    static byte[] sageMakerTarGz(byte[] model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            try (TarWriter tar = new TarWriter(gz, 1_700_000_000L)) {
                tar.directory("./", 0755);
                tar.file("./xgboost-model", 0644, model);
            }
        }
        return bytes.toByteArray();
    }

    static LoadedModel load(String source, byte[] artifact) {
        return ModelFiles.bind(source, source, artifact, java.util.Optional.empty(), "none", "model",
                Engines.named(Engines.DEFAULT));
    }

    static ModelServer start(String name, LoadedModel model) throws IOException {
        return ModelServer.start(new ServedModel(name, model), new ModelServer.Settings(
                new InetSocketAddress("127.0.0.1", 0), 2, 1024 * 1024), ScoringMetrics.NONE);
    }

    /** xgboost4j's predictions for {@code x}, one array per row. */
    static float[][] xgbPredict(byte[] model, float[][] x) throws XGBoostError, IOException {
        Booster b = XGBoost.loadModel(model);
        DMatrix d = matrix(x);
        try {
            return b.predict(d);
        } finally {
            d.dispose();
            b.dispose();
        }
    }

    /** xgboost4j's SHAP contributions for {@code x} (per group: features then bias). */
    static float[][] xgbContrib(byte[] model, float[][] x) throws XGBoostError, IOException {
        Booster b = XGBoost.loadModel(model);
        DMatrix d = matrix(x);
        try {
            return b.predictContrib(d, 0);
        } finally {
            d.dispose();
            b.dispose();
        }
    }

    private static DMatrix matrix(float[][] x) throws XGBoostError, IOException {
        float[] flat = new float[x.length * NF];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * NF, NF);
        }
        return new DMatrix(flat, x.length, NF, Float.NaN);
    }

    /** Headerless CSV, one row per line, an empty cell for a missing value. */
    static String csv(float[][] x) {
        StringBuilder sb = new StringBuilder();
        for (float[] row : x) {
            List<String> cells = new ArrayList<>();
            for (float v : row) {
                cells.add(Float.isNaN(v) ? "" : Float.toString(v));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    static HttpResponse<String> post(ModelServer s, String path, String contentType, String accept, String body,
                                     String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(ModelServer s, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
