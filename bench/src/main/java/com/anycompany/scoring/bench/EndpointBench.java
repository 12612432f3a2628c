package com.anycompany.scoring.bench;

import com.anycompany.scoring.records.Json;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LambdaJson;
import com.anycompany.scoring.runtime.LocalContext;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.serve.FunctionUrlEvents;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.model.StoredModel;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.serving.ModelServer;
import com.anycompany.scoring.serving.ServedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./scoring bench --endpoint}: the salary endpoint's latency for one record with explanations (top-3 TreeSHAP
 * reasons), warm, against a baseline measured in the same run on the same row and model: xgboost4j scoring it
 * ({@code inplace_predict}) and computing its contributions ({@code predictContrib} on a one-row DMatrix), which is
 * the model work alone, without parsing, validation or a response. Figures:
 * <ul>
 *   <li>{@code handler}: {@code SalaryScoringHandler.handleRequest} on the Function URL event object, as the Lambda
 *       runtime calls it (logs and EMF metrics written, to a file);</li>
 *   <li>{@code invoke}: the same plus the runtime's JSON work: the event JSON deserialized into
 *       {@code APIGatewayV2HTTPEvent}, the response serialized;</li>
 *   <li>{@code model_server_invocations} and {@code model_server_v2_infer}: the same model and row served by the model
 *       server (the container), SageMaker's {@code POST /invocations} (JSON, reasons=3) and the Open Inference
 *       Protocol's {@code infer} (reasons 3), each a full HTTP round trip over loopback (the CPU figures are the
 *       client thread's only);</li>
 *   <li>{@code core}: {@code LoadedModel.explain} alone (mapping, java engine, TreeSHAP, top-3);</li>
 *   <li>{@code xgboost4j}: the baseline.</li>
 * </ul>
 * Each figure is given as wall-clock time (what a caller waits) and as the calling thread's CPU time (what the call
 * costs, independent of what else the machine runs); ratios are the baseline's time over the handler's (below 1: the
 * handler takes longer than the baseline).
 * Runs on a fresh local state (temp dir): trains and publishes salary@1 there; nothing of {@code .scoring/} changes.
 */
public final class EndpointBench {
    static final double TARGET_P99_MS = 20;

    /** Publishes the salary model the bench calls (the CLI passes its salary demo's publisher). */
    public interface Publisher {
        ModelCard publish(LocalRuntime rt, Consumer<String> progress);
    }
    private static final ObjectMapper JSON = Json.MAPPER;
    private final double seconds;
    private final PrintStream log;
    private final Path projectDir;
    private final String function;
    private final Publisher publisher;
    private volatile double sink;

    /**
     * @param projectDir the checkout (its {@code template.yaml} and {@code events/function-url-salary-predict.json})
     * @param function the salary function's logical id in the template
     */
    public EndpointBench(double secondsPerFigure, PrintStream log, Path projectDir, String function,
            Publisher publisher) {
        this.seconds = secondsPerFigure;
        this.log = log;
        this.projectDir = projectDir;
        this.function = function;
        this.publisher = publisher;
    }

    private interface Op {
        void run() throws Exception;
    }

    public Map<String, Object> run() throws Exception {
        Path home = Files.createTempDirectory("scoring-endpoint-bench");
        Path logFile = home.resolve("functions.log");
        PrintStream previous = HandlerStdout.handlerOutput();
        try (LocalRuntime rt = LocalRuntime.open(home.resolve("state"),
                projectDir.resolve("template.yaml"), Map.of());
             PrintStream functionLog = new PrintStream(Files.newOutputStream(logFile), false, StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(functionLog);
            ModelCard card = publisher.publish(rt, line -> log.println("bench: " + line));
            StoredModel stored = new S3ModelStore(rt.aws().s3Client(), rt.bucketName("ModelBucket")).fetch(card.ref());
            LocalLambda fn = rt.function(function);
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) fn.handler();

            JsonNode record = JSON.readTree(Files.readString(projectDir
                    .resolve("events/function-url-salary-predict.json"))).get("body");
            JsonNode first = JSON.readTree(record.asText()).get("records").get(0);
            String body = JSON.writeValueAsString(Map.of("record", first));
            String eventJson = FunctionUrlEvents.request("POST", "/v1/models/salary/predict", "",
                    Map.of("content-type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8),
                    "127.0.0.1", "bench");
            Object event = fn.parseEvent(eventJson);
            Object check = HandlerStdout.asHandler(() -> handler.handleRequest(event, new LocalContext(fn.function())));
            JsonNode answer = JSON.readTree(FunctionUrlEvents.response(LambdaJson.toJson(check)).body());
            if (!answer.has("predictions") || answer.at("/predictions/0/reasons").size() != 3) {
                throw new IllegalStateException("the endpoint did not answer with 3 reasons: " + answer);
            }

            log.println("bench: handler ...");
            Timings h = HandlerStdout.asHandler(() -> measure(() -> sink += ((Object) handler.handleRequest(event,
                    new LocalContext(fn.function()))).hashCode()));
            log.println("bench: invoke (runtime JSON in and out) ...");
            Timings inv = HandlerStdout.asHandler(() -> measure(() -> sink += LambdaJson.toJson(handler.handleRequest(
                    fn.parseEvent(eventJson), new LocalContext(fn.function()))).length()));

            log.println("bench: core explain ...");
            LoadedModel model = LoadedModel.bind(stored.card(), new JavaEngine().compile(stored.artifact()), "bench");
            JsonRecord rec = new JsonRecord(first);
            Timings core = measure(() -> sink += model.explain(rec, "bench", 3).outputs()[0]);

            log.println("bench: model server (SageMaker /invocations and Open Inference Protocol, loopback HTTP) ...");
            Timings sagemaker;
            Timings oip;
            // one log line per request would flood the terminal (the handler's go to the function log file)
            org.apache.logging.log4j.core.config.Configurator.setLevel(ModelServer.class.getName(),
                    org.apache.logging.log4j.Level.WARN);
            try (ModelServer server = ModelServer.start(new ServedModel(card.name(), model), new ModelServer.Settings(
                    new InetSocketAddress("127.0.0.1", 0), 2, 1 << 20), ScoringMetrics.NONE)) {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + server.port());
                HttpRequest invocation = HttpRequest.newBuilder(base.resolve("/invocations"))
                        .header("Content-Type", "application/json").header("X-Amzn-SageMaker-Custom-Attributes",
                                "reasons=3")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + first + "]}")).build();
                StringBuilder tensor = new StringBuilder();
                for (float v : model.schema().map(rec, "bench")) {
                    tensor.append(tensor.isEmpty() ? "" : ",").append(Float.isNaN(v) ? "null" : Float.toString(v));
                }
                HttpRequest infer = HttpRequest.newBuilder(base.resolve("/v2/models/" + card.name() + "/infer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": [{\"name\": \"features\", "
                                + "\"datatype\": \"FP32\", \"shape\": [1, " + model.schema().size() + "], \"data\": ["
                                + tensor + "]}], \"parameters\": {\"reasons\": 3}}")).build();
                JsonNode served = JSON.readTree(http.send(invocation, HttpResponse.BodyHandlers.ofString()).body());
                if (served.at("/predictions/0/score").floatValue() != answer.at("/predictions/0/prediction")
                        .floatValue() || served.at("/predictions/0/reasons").size() != 3) {
                    throw new IllegalStateException("the model server answered differently: " + served);
                }
                sagemaker = measure(() -> sink += http.send(invocation, HttpResponse.BodyHandlers.ofByteArray())
                        .body().length);
                oip = measure(() -> sink += http.send(infer, HttpResponse.BodyHandlers.ofByteArray()).body().length);
            }

            log.println("bench: xgboost4j baseline (inplace_predict + predictContrib, same row) ...");
            float[] row = model.schema().map(rec, "bench");
            Booster booster = XGBoost.loadModel(stored.artifact().bytes());
            booster.setParam("nthread", 1);
            int nf = row.length;
            Timings xgb;
            float xgbPrediction;
            try {
                xgbPrediction = booster.inplace_predict(row, 1, nf, Float.NaN)[0][0];
                xgb = measure(() -> {
                    sink += booster.inplace_predict(row, 1, nf, Float.NaN)[0][0];
                    DMatrix d = new DMatrix(row, 1, nf, Float.NaN);
                    try {
                        sink += booster.predictContrib(d, 0)[0][0];
                    } finally {
                        d.dispose();
                    }
                });
            } finally {
                booster.dispose();
            }

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", Map.of("name", card.name(), "version", card.version(), "trees", SalaryModelBuilder.TREES,
                    "max_depth", SalaryModelBuilder.DEPTH, "features", nf));
            out.put("request", "one record, top-3 reasons");
            out.put("cores", Runtime.getRuntime().availableProcessors());
            figure(out, "handler", h);
            figure(out, "invoke", inv);
            figure(out, "model_server_invocations", sagemaker);
            figure(out, "model_server_v2_infer", oip);
            figure(out, "core_explain", core);
            figure(out, "xgboost4j_predict_contrib", xgb);
            out.put("handler_p50_vs_xgboost4j", ratio(pct(xgb.wall(), 50), pct(h.wall(), 50)));
            out.put("handler_p99_vs_xgboost4j", ratio(pct(xgb.wall(), 99), pct(h.wall(), 99)));
            out.put("model_server_invocations_p50_vs_xgboost4j", ratio(pct(xgb.wall(), 50), pct(sagemaker.wall(), 50)));
            out.put("model_server_invocations_p99_vs_xgboost4j", ratio(pct(xgb.wall(), 99), pct(sagemaker.wall(), 99)));
            out.put("handler_cpu_p50_vs_xgboost4j", ratio(pct(xgb.cpu(), 50), pct(h.cpu(), 50)));
            out.put("handler_cpu_p99_vs_xgboost4j", ratio(pct(xgb.cpu(), 99), pct(h.cpu(), 99)));
            out.put("prediction_abs_diff_vs_xgboost4j", Math.abs(answer.at("/predictions/0/prediction").asDouble()
                    - xgbPrediction));
            out.put("target_p99_ms", TARGET_P99_MS);
            out.put("target_met", ms(pct(h.wall(), 99)) <= TARGET_P99_MS);
            out.put("load_average_1m", Math.round(ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage() * 100) / 100.0);
            out.put("seconds_per_figure", seconds);
            return out;
        } finally {
            HandlerStdout.sendHandlerOutputTo(previous);
            deleteQuietly(home);
        }
    }

    /** Wall-clock and thread-CPU nanoseconds of each measured call, both sorted. */
    private record Timings(long[] wall, long[] cpu) {
    }

    /**
     * Warms up for {@code seconds}, then records every call for {@code seconds}: wall-clock time (what a caller
     * waits) and this thread's CPU time (what the call costs, whatever else the machine is running).
     */
    private Timings measure(Op op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            // warm-up: the JIT compiles the whole path (on a loaded machine its threads get little CPU)
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int i = 0; i < 5_000 || System.nanoTime() < end; i++) {
                op.run();
            }
            long[] t = new long[1 << 16];
            long[] c = new long[1 << 16];
            int n = 0;
            end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long c0 = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                op.run();
                long d = System.nanoTime() - s;
                long dc = threads.getCurrentThreadCpuTime() - c0;
                if (n == t.length) {
                    t = Arrays.copyOf(t, n * 2);
                    c = Arrays.copyOf(c, n * 2);
                }
                t[n] = d;
                c[n++] = dc;
            }
            t = Arrays.copyOf(t, n);
            c = Arrays.copyOf(c, n);
            Arrays.sort(t);
            Arrays.sort(c);
            return new Timings(t, c);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark step failed: " + e, e);
        }
    }

    private static void figure(Map<String, Object> out, String name, Timings t) {
        out.put(name + "_p50_ms", ms(pct(t.wall(), 50)));
        out.put(name + "_p99_ms", ms(pct(t.wall(), 99)));
        out.put(name + "_cpu_p50_ms", ms(pct(t.cpu(), 50)));
        out.put(name + "_cpu_p99_ms", ms(pct(t.cpu(), 99)));
        out.put(name + "_calls", t.wall().length);
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    private static double ratio(long baseline, long ours) {
        return Math.round(baseline * 100.0 / Math.max(1, ours)) / 100.0;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
