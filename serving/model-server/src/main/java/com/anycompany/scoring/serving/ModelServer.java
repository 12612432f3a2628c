package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model behind two HTTP contracts on one port, over the same core as the Lambda functions:
 * <ul>
 *   <li>SageMaker's inference container contract: {@code GET /ping}, {@code POST /invocations} ({@link SageMakerCodec}),
 *       and {@code GET /execution-parameters} for batch transform;</li>
 *   <li>the Open Inference Protocol v2 ({@link InferenceProtocol}): {@code /v2}, {@code /v2/health/live|ready},
 *       {@code /v2/models/{name}[/versions/{v}]}, {@code .../ready}, {@code POST .../infer}.</li>
 * </ul>
 * Errors are {@code {"error": "what to fix"}} with a 4xx status; a failure of the server itself is a 500 without
 * details. Logs name the method, path, status, row count and time, never a feature value or a score.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    private static final Pattern V2_MODEL = Pattern.compile(
            "^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?/?$");
    static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    private static final long DRAIN_LIMIT = 256L * 1024 * 1024;
    private static final Pattern REASONS_ATTRIBUTE = Pattern.compile("(?:^|[,;])\\s*reasons\\s*=\\s*([^,;]*)");

    static {
        // answers are small: without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK and every answer waits ~40 ms. Read once, when the first server of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** How the server runs: its port, threads and the largest body it reads. */
    public record Settings(InetSocketAddress address, int threads, long maxBodyBytes) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("the server needs at least one thread");
            }
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("the body limit must be positive");
            }
        }
    }

    private final RowScorer scorer;
    private final Settings settings;
    private final ScoringMetrics metrics;
    private final HttpServer http;
    private final ExecutorService pool;

    private ModelServer(ServedModel served, Settings settings, ScoringMetrics metrics) throws IOException {
        this.scorer = new RowScorer(served);
        this.settings = settings;
        this.metrics = metrics == null ? ScoringMetrics.NONE : metrics;
        this.http = HttpServer.create(settings.address(), 64);
        this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "model-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/", this::handle);
    }

    /** Starts serving {@code served}; the model is loaded already, so {@code /ping} answers 200 from the start. */
    public static ModelServer start(ServedModel served, Settings settings, ScoringMetrics metrics) throws IOException {
        ModelServer s = new ModelServer(served, settings, metrics);
        s.http.start();
        LOG.info("serving model={} version={} features={} port={} threads={}", served.name(), served.version(),
                served.numFeatures(), s.port(), settings.threads());
        return s;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a request came to: status, content type, body, and how many rows were scored. */
    private record Answer(int status, String type, byte[] body, int rows) {
        static Answer json(int status, JsonNode body, int rows) {
            return new Answer(status, SageMakerCodec.JSON, body.toString().getBytes(StandardCharsets.UTF_8), rows);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        Answer answer;
        try {
            answer = route(ex, method, path);
        } catch (BadRequestException e) {
            answer = error(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("request failed method={} path={} cause={}", method, abbreviate(path), e.getClass().getName());
            answer = error(500, "the server failed to answer; this is not a problem with the request");
        }
        try (ex) {
            if (answer.status() == 405) {
                ex.getResponseHeaders().set("Allow", path.equals("/invocations") || path.endsWith("/infer")
                        ? "POST" : "GET");
            }
            if (answer.body().length == 0) {
                ex.sendResponseHeaders(answer.status(), -1);
            } else {
                ex.getResponseHeaders().set("Content-Type", answer.type());
                ex.sendResponseHeaders(answer.status(), answer.body().length);
                ex.getResponseBody().write(answer.body());
            }
        } finally {
            double millis = (System.nanoTime() - start) / 1e6;
            record(method, path, answer, millis);
        }
    }

    private Answer route(HttpExchange ex, String method, String path) throws IOException {
        ServedModel served = scorer.served();
        switch (path) {
            case "/ping", "/v2/health/live", "/v2/health/ready" -> {
                requireMethod(method, "GET");
                if (path.equals("/ping")) {
                    return new Answer(200, null, new byte[0], 0);
                }
                ObjectNode o = BatchJson.MAPPER.createObjectNode();
                o.put(path.endsWith("live") ? "live" : "ready", true);
                return Answer.json(200, o, 0);
            }
            case "/execution-parameters" -> {
                requireMethod(method, "GET");
                ObjectNode o = BatchJson.MAPPER.createObjectNode();
                o.put("MaxConcurrentTransforms", settings.threads());
                o.put("BatchStrategy", "MULTI_RECORD");
                o.put("MaxPayloadInMB", Math.max(1, settings.maxBodyBytes() / (1024 * 1024)));
                return Answer.json(200, o, 0);
            }
            case "/invocations" -> {
                requireMethod(method, "POST");
                return invocations(ex);
            }
            case "/v2", "/v2/" -> {
                requireMethod(method, "GET");
                return Answer.json(200, InferenceProtocol.serverMetadata(version()), 0);
            }
            default -> {
                Matcher m = V2_MODEL.matcher(path);
                if (!m.matches()) {
                    throw new BadRequestException(404, "no route " + abbreviate(path) + "; this server answers "
                            + "/ping, /invocations and the Open Inference Protocol under /v2");
                }
                if (!m.group(1).equals(served.name()) || m.group(2) != null && !m.group(2).equals(served.version())) {
                    throw new BadRequestException(404, "no model '" + abbreviate(m.group(1))
                            + (m.group(2) == null ? "" : "' version '" + abbreviate(m.group(2))) + "' is served here;"
                            + " this server serves '" + served.name() + "' version '" + served.version() + "'");
                }
                String tail = m.group(3);
                if ("/infer".equals(tail)) {
                    requireMethod(method, "POST");
                    InferenceProtocol.Request req = InferenceProtocol.parse(body(ex), scorer);
                    List<LoadedModel.Explained> results = scorer.score(req.rows(), req.labels(), req.reasons());
                    return Answer.json(200, InferenceProtocol.response(served, req, results), results.size());
                }
                requireMethod(method, "GET");
                if ("/ready".equals(tail)) {
                    ObjectNode o = BatchJson.MAPPER.createObjectNode();
                    o.put("name", served.name());
                    o.put("ready", true);
                    return Answer.json(200, o, 0);
                }
                return Answer.json(200, InferenceProtocol.modelMetadata(served), 0);
            }
        }
    }

    private Answer invocations(HttpExchange ex) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String answerType = SageMakerCodec.answerType(ex.getRequestHeaders().getFirst("Accept"), contentType);
        int reasons = reasonsAttribute(ex.getRequestHeaders().getFirst(CUSTOM_ATTRIBUTES));
        SageMakerCodec.Rows rows = SageMakerCodec.parse(contentType, body(ex), scorer);
        List<LoadedModel.Explained> results = scorer.score(rows.rows(), rows.labels(), reasons);
        return new Answer(200, answerType, SageMakerCodec.write(answerType, results, reasons > 0), results.size());
    }

    /** {@code reasons=k} in SageMaker's custom attributes (what {@code invoke-endpoint --custom-attributes} sends). */
    static int reasonsAttribute(String attributes) {
        if (attributes == null) {
            return 0;
        }
        Matcher m = REASONS_ATTRIBUTE.matcher(attributes);
        if (!m.find()) {
            return 0;
        }
        String k = m.group(1).trim();
        if (!k.matches("\\d{1,3}")) {
            throw BadRequestException.invalid(CUSTOM_ATTRIBUTES + " reasons must be a whole number from 0 to "
                    + RowScorer.MAX_REASONS);
        }
        return RowScorer.checkReasons(Long.parseLong(k), CUSTOM_ATTRIBUTES + " reasons");
    }

    private byte[] body(HttpExchange ex) throws IOException {
        long max = settings.maxBodyBytes();
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                // read the rest (bounded) so the caller gets the 413 rather than a reset connection
                long rest = 0;
                byte[] sink = new byte[64 * 1024];
                for (int n; rest < DRAIN_LIMIT && (n = in.read(sink)) >= 0; ) {
                    rest += n;
                }
                throw tooLarge(b.length + rest);
            }
            return b;
        }
    }

    private BadRequestException tooLarge(long bytes) {
        return new BadRequestException(413, "the body has " + (bytes > settings.maxBodyBytes() ? "more than " : "")
                + settings.maxBodyBytes() + " bytes, the most one request may carry; send fewer rows per request"
                + " (batch transform: a smaller MaxPayloadInMB)");
    }

    private static void requireMethod(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new BadRequestException(405, method + " is not allowed here; use " + allowed);
        }
    }

    private static Answer error(int status, String message) {
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        o.put("error", message);
        return Answer.json(status, o, 0);
    }

    private void record(String method, String path, Answer answer, double millis) {
        boolean scoring = path.equals("/invocations") || path.endsWith("/infer");
        if (scoring) {
            synchronized (metrics) {
                metrics.count("Invocations", 1);
                metrics.count("RecordsScored", answer.rows());
                metrics.count(answer.status() >= 500 ? "ServerErrors" : answer.status() >= 400 ? "ClientErrors"
                        : "Succeeded", 1);
                metrics.millis("InvocationLatency", millis);
                metrics.flush();
            }
        }
        if (scoring || answer.status() >= 400) {
            LOG.info("request method={} path={} status={} rows={} millis={}", method, abbreviate(path),
                    answer.status(), answer.rows(), Math.round(millis * 100) / 100.0);
        }
    }

    static String version() {
        String v = ModelServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String abbreviate(String s) {
        return s.length() > 96 ? s.substring(0, 93) + "..." : s;
    }
}
