package com.anycompany.scoring.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server on 127.0.0.1 and a free port, on daemon threads, for the local stand-ins of AWS services that
 * have no embeddable server (Textract, Lambda's Invoke API, CodeDeploy): each speaks its service's documented wire
 * protocol so the functions reach it with the real SDK client or signed request.
 */
public final class LocalHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private LocalHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server whose every request goes to {@code handler}; {@code name} names its threads. */
    public static LocalHttpServer start(String name, HttpHandler handler) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            s.createContext("/", handler);
            s.setExecutor(executor);
            s.start();
            return new LocalHttpServer(s, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local " + name + " server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sends {@code status} with {@code body} (empty: no body) and the headers, and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body,
                               Map<String, String> headers) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    /** Whether the request carries a SigV4 signature for {@code service} (what AWS requires before anything else). */
    public static boolean signedFor(HttpExchange exchange, String service) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("AWS4-HMAC-SHA256 ") && auth.contains("/" + service + "/aws4_request");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
