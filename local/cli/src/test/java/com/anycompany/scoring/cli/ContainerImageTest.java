package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./scoring build-image}, then what a container runtime does with the result: the OCI layout's digests are
 * checked, the layers are unpacked with GNU tar into a root file system, SageMaker's model directory is filled, and the
 * image's own entrypoint and command run in a chroot of it (as root, as CI runs) with the image's environment plus
 * {@code SAGEMAKER_BIND_TO_PORT}. {@code /ping} answers and {@code /invocations} gives xgboost4j's scores.
 */
class ContainerImageTest {
    private static final ObjectMapper JSON = Json.MAPPER;

    @Test
    void theImageRunsInAChrootAndAnswersPingAndInvocations(@TempDir Path tmp) throws Exception {
        assertEquals("0", run(List.of("id", "-u")).trim(), "this test runs the image in a chroot, which needs root");
        Path layout = tmp.resolve("image");
        StringWriter out = new StringWriter();
        var cli = ScoringCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("build-image", "--jar", "../../serving/model-server/target/model-server.jar",
                "--output", layout.toString(), "--tag", "test");
        assertEquals(0, code, out.toString());

        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertEquals("1.0.0", JSON.readTree(layout.resolve("oci-layout").toFile()).get("imageLayoutVersion").asText());
        JsonNode entry = index.get("manifests").get(0);
        assertEquals("test", entry.at("/annotations/org.opencontainers.image.ref.name").asText());
        JsonNode manifest = JSON.readTree(blob(layout, entry));
        JsonNode config = JSON.readTree(blob(layout, manifest.get("config")));
        assertEquals("linux", config.get("os").asText());
        assertTrue(config.at("/config/ExposedPorts").has("8080/tcp"));
        assertEquals("true", config.at("/config/Labels/com.amazonaws.sagemaker.capabilities.accept-bind-to-port")
                .asText());

        Path rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs);
        JsonNode layers = manifest.get("layers");
        assertEquals(3, layers.size());
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layer.get("mediaType").asText());
            Path file = layout.resolve("blobs/sha256").resolve(layer.get("digest").asText().substring(7));
            blob(layout, layer);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                assertEquals(config.at("/rootfs/diff_ids/" + i).asText(), "sha256:" + sha256(in.readAllBytes()),
                        "diff_id of layer " + i);
            }
            run(List.of("tar", "-xzf", file.toString(), "-C", rootfs.toString()));
        }
        assertTrue(Files.isRegularFile(rootfs.resolve("opt/app/model-server.jar")));
        assertTrue(Files.isExecutable(rootfs.resolve("opt/java/bin/java")));

        // SageMaker unpacks the model's model.tar.gz into /opt/ml/model
        Random r = new Random(3);
        int nf = 4;
        float[][] x = new float[300][nf];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int f = 0; f < nf; f++) {
                x[i][f] = (float) r.nextGaussian();
            }
            y[i] = x[i][0] + x[i][1] * x[i][2] > 0 ? 1 : 0;
        }
        Map<String, Object> params = new LinkedHashMap<>(Map.of("objective", "binary:logistic", "max_depth", 3));
        byte[] model = XgbTrainer.train(x, y, List.of(), params, 10, "ubj");
        Files.write(rootfs.resolve("opt/ml/model/xgboost-model"), model);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("chroot", rootfs.toString()));
        config.at("/config/Entrypoint").forEach(a -> command.add(a.asText()));
        config.at("/config/Cmd").forEach(a -> command.add(a.asText()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("container.log").toFile());
        pb.environment().clear();
        config.at("/config/Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        });
        pb.environment().put("SAGEMAKER_BIND_TO_PORT", Integer.toString(port));
        Process container = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int ping = -1;
            while (ping != 200 && System.nanoTime() < deadline && container.isAlive()) {
                try {
                    ping = http.send(HttpRequest.newBuilder(base.resolve("/ping")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, ping, "/ping; container log: " + Files.readString(tmp.resolve("container.log")));

            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                for (int f = 0; f < nf; f++) {
                    csv.append(f == 0 ? "" : ",").append(x[i][f]);
                }
                csv.append('\n');
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/invocations"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            float[][] want = xgboost(model, x, 20, nf);
            String[] lines = answer.body().split("\n");
            assertEquals(20, lines.length);
            for (int i = 0; i < 20; i++) {
                assertEquals(want[i][0], Float.parseFloat(lines[i]), "row " + i);
            }
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/v2/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } finally {
            container.destroy();
            if (!container.waitFor(10, TimeUnit.SECONDS)) {
                container.destroyForcibly();
            }
        }
    }

    private static float[][] xgboost(byte[] model, float[][] x, int n, int nf) throws Exception {
        float[] flat = new float[n * nf];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, flat, i * nf, nf);
        }
        Booster b = XGBoost.loadModel(model);
        DMatrix d = new DMatrix(flat, n, nf, Float.NaN);
        try {
            return b.predict(d);
        } finally {
            d.dispose();
            b.dispose();
        }
    }

    /** A descriptor's blob, checked against its digest and size. */
    private static byte[] blob(Path layout, JsonNode descriptor) throws Exception {
        String digest = descriptor.get("digest").asText();
        byte[] b = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
        assertEquals(digest, "sha256:" + sha256(b));
        assertEquals(descriptor.get("size").asLong(), b.length);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), command + ": " + out);
        return out;
    }
}
