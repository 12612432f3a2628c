package com.anycompany.scoring.runtime.serve;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.predict.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A function behind a local HTTP port, the way its Lambda Function URL serves it: each HTTP request becomes the
 * payload-format-2.0 event ({@link FunctionUrlEvents#request}), is deserialized into the handler's event class and
 * invoked like the Lambda runtime does ({@link LocalLambda}), and the response object goes back as HTTP. A request
 * beyond {@code maxInFlight} concurrent ones is refused with 429 (the function's reserved concurrency, as Lambda
 * throttles), in the endpoint's error shape; a handler that throws answers 502 as a Function URL does. No SigV4 check:
 * it listens on loopback by default.
 */
public final class LocalUrlServer implements AutoCloseable {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int MAX_BODY = 6 * 1024 * 1024; // Lambda's synchronous payload limit

    private final HttpServer server;
    private final ExecutorService pool;
    private final LocalLambda function;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final String urlId;

    private LocalUrlServer(HttpServer server, ExecutorService pool, LocalLambda function, int maxInFlight) {
        this.server = server;
        this.pool = pool;
        this.function = function;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.urlId = "local" + Integer.toHexString(function.function().logicalId().hashCode());
    }

    /** Binds {@code address} (port 0: any free port) and starts serving. */
    public static LocalUrlServer start(LocalLambda function, InetSocketAddress address, int maxInFlight)
            throws IOException {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1");
        }
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService pool = Executors.newFixedThreadPool(maxInFlight + 2, r -> {
            Thread t = new Thread(r, "local-url");
            t.setDaemon(true);
            return t;
        });
        LocalUrlServer s = new LocalUrlServer(server, pool, function, maxInFlight);
        function.handler(); // the cold start happens now, not on the first request
        server.createContext("/", s::exchange);
        server.setExecutor(pool);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    private void exchange(HttpExchange x) throws IOException {
        try {
            if (!inFlight.tryAcquire()) {
                ApiError e = ApiError.throttled(maxInFlight);
                send(x, new FunctionUrlEvents.HttpAnswer(429, Map.of("content-type", "application/json",
                        "retry-after", Integer.toString(ApiError.RETRY_AFTER_SECONDS)),
                        JSON.writeValueAsBytes(Map.of("error", e))));
                return;
            }
            try {
                byte[] body = read(x.getRequestBody());
                if (body == null) {
                    ApiError e = ApiError.payloadTooLarge(MAX_BODY + 1L, MAX_BODY);
                    send(x, new FunctionUrlEvents.HttpAnswer(413, Map.of("content-type", "application/json"),
                            JSON.writeValueAsBytes(Map.of("error", e))));
                    return;
                }
                String event = FunctionUrlEvents.request(x.getRequestMethod(), x.getRequestURI().getRawPath(),
                        x.getRequestURI().getRawQuery(), x.getRequestHeaders(), body,
                        x.getRemoteAddress().getAddress().getHostAddress(), urlId);
                LocalLambda.Invocation inv = function.invoke(function.parseEvent(event));
                send(x, inv.failed() ? FunctionUrlEvents.FUNCTION_ERROR
                        : FunctionUrlEvents.response(inv.outputJson()));
            } finally {
                inFlight.release();
            }
        } catch (RuntimeException e) {
            send(x, FunctionUrlEvents.FUNCTION_ERROR);
        } finally {
            x.close();
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    private static void send(HttpExchange x, FunctionUrlEvents.HttpAnswer a) throws IOException {
        a.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
        x.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
            x.getResponseBody().write(a.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** Reads the reserved concurrency the template gives the function, if any. */
    public static int reservedConcurrency(Map<String, Object> resource, int fallback) {
        Object props = resource == null ? null : resource.get("Properties");
        Object v = props instanceof Map<?, ?> p ? p.get("ReservedConcurrentExecutions") : null;
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? fallback : Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
