package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./scoring serve-model --model DIR --name NAME --port 0}: the command serves until interrupted. */
class ServeModelCommandTest {
    @Test
    void servesAModelDirectoryUnderItsNameUntilInterrupted(@TempDir Path dir) throws Exception {
        float[][] x = {{1, 2}, {2, 1}, {0, 3}, {3, 0}, {1, 1}, {2, 2}, {0, 0}, {3, 3}};
        float[] y = {1, 0, 1, 0, 1, 1, 0, 0};
        Map<String, Object> params = new LinkedHashMap<>(Map.of("objective", "binary:logistic", "max_depth", 2,
                "min_child_weight", 0));
        byte[] model = XgbTrainer.train(x, y, List.of("a", "b"), params, 5, "json");
        Files.write(dir.resolve("model.json"), model);

        StringWriter out = new StringWriter();
        var cli = ScoringCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int[] code = {-1};
        Thread serving = new Thread(() -> code[0] = cli.execute("serve-model", "--model", dir.toString(),
                "--name", "attrition", "--port", "0"));
        serving.start();
        Pattern listening = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
        Matcher m = listening.matcher("");
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < end; Thread.sleep(50)) {
            m = listening.matcher(out.toString());
            if (m.find()) {
                break;
            }
        }
        assertTrue(m.find(0), "serve-model did not start: " + out);
        URI base = URI.create("http://127.0.0.1:" + m.group(1));
        HttpClient http = HttpClient.newHttpClient();
        try {
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/ping")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpResponse<String> meta = http.send(HttpRequest.newBuilder(base.resolve("/v2/models/attrition")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, meta.statusCode(), meta.body());
            assertEquals("[\"a\",\"b\"]", Json.MAPPER.readTree(meta.body())
                    .at("/inputs/0/parameters/feature_names").toString());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/invocations"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("1,2\n3,0\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Booster b = XGBoost.loadModel(model);
            DMatrix d = new DMatrix(new float[]{1, 2, 3, 0}, 2, 2, Float.NaN);
            float[][] want = b.predict(d);
            d.dispose();
            b.dispose();
            String[] lines = r.body().split("\n");
            assertEquals(want[0][0], Float.parseFloat(lines[0]));
            assertEquals(want[1][0], Float.parseFloat(lines[1]));
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertTrue(!serving.isAlive(), "serve-model stops when interrupted");
    }
}
