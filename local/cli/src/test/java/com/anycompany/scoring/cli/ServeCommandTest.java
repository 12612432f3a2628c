package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.serve.LocalUrlServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ./scoring serve's server: SalaryScoringFunction from template.yaml behind a local port, spoken to over real HTTP,
 * with the salary model published to the local S3 as the demo does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeCommandTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String RECORD = "{\"job_level\": 5, \"years_experience\": 8, \"tenure_months\": 30, "
            + "\"cost_of_living_index\": 1.2, \"job_family\": 3}";

    private LocalRuntime rt;
    private LocalUrlServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        rt = LocalRuntime.open(home, Path.of("../../template.yaml"), Map.of());
        SalaryDemo.publish(rt, 5, 2000, line -> { });
        server = LocalUrlServer.start(rt.function("SalaryScoringFunction"), new InetSocketAddress("127.0.0.1", 0), 1);
    }

    @AfterAll
    void stop() {
        server.close();
        rt.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void curlGetsAnExplainedPrediction() throws Exception {
        HttpResponse<String> r = post("/v1/models/salary/predict", "{\"record\": " + RECORD + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        JsonNode p = JSON.readTree(r.body()).at("/predictions/0");
        assertEquals("salary", p.at("/model/name").asText());
        assertEquals("1", p.at("/model/version").asText());
        assertEquals(r.headers().firstValue("x-request-id").orElseThrow(), p.get("requestId").asText());
        assertEquals(3, p.get("reasons").size());
        assertTrue(p.get("prediction").asDouble() > 50_000, p.toString());
    }

    @Test
    void errorsKeepTheirStatusAndShapeOverHttp() throws Exception {
        HttpResponse<String> r = post("/v1/models/salary/predict", "{\"record\": {\"job_level\": 0}}");
        assertEquals(400, r.statusCode());
        assertEquals("invalid_request", JSON.readTree(r.body()).at("/error/code").asText());
        r = post("/v1/models/nope/predict", "{}");
        assertEquals(404, r.statusCode());
        assertEquals("model_not_found", JSON.readTree(r.body()).at("/error/code").asText());
    }

    @Test
    void beyondTheInFlightLimitCallersGet429() throws Exception {
        // a request whose body has not finished arriving holds the only in-flight slot
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            OutputStream o = slow.getOutputStream();
            byte[] body = ("{\"record\": " + RECORD + "}").getBytes(StandardCharsets.UTF_8);
            o.write(("POST /v1/models/salary/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(body, 0, 5);
            o.flush();
            HttpResponse<String> r = null;
            for (int i = 0; i < 50; i++) { // until the server has taken the slow request in
                Thread.sleep(100);
                r = post("/v1/models/salary/predict", "{\"record\": " + RECORD + "}");
                if (r.statusCode() == 429) {
                    break;
                }
            }
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("throttled", JSON.readTree(r.body()).at("/error/code").asText());
            assertTrue(r.headers().firstValue("retry-after").isPresent());
            o.write(body, 5, body.length - 5);
            o.flush();
            String answer = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", answer);
        }
        // the slot is released once the slow exchange has finished (just after its status line was read)
        int status = 0;
        for (int i = 0; i < 50 && status != 200; i++) {
            status = post("/v1/models/salary/predict", "{\"record\": " + RECORD + "}").statusCode();
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status, "the slot is free again once the slow request is answered");
    }
}
