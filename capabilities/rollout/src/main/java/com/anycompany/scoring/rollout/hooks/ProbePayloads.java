package com.anycompany.scoring.rollout.hooks;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.ProbeContract;
import com.anycompany.scoring.rollout.RowProbe;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Builds and reads the {@link ProbeContract} payloads (the contract itself, its marker and answer, live there). Request: an SQS-shaped event whose records are golden rows with
 * {@code eventSource: "scoring:golden-probe"} (Lambda's SQS poller only ever sends "aws:sqs", so queue traffic never
 * takes the probe path) and a {@code modelVersion} message attribute. Response: the usual
 * {@code batchItemFailures} plus {@code probe.results[]}: {@code row}, {@code outputs} or {@code error}, {@code millis}.
 * Functions that do not take SQS events take another shape and answer the same {@code probe} object: the batch shard
 * scorer a {@link RowProbe} document ({@link Format#ROWS}); functions behind a Function URL
 * ({@link Format#FUNCTION_URL}) a payload-format-2.0 event
 * for {@code POST /v1/models/<model>/predict} whose {@code requestContext.routeKey} is {@value #URL_ROUTE_KEY} (a
 * Function URL always sends {@code $default}, so no HTTP caller can take the probe path), the version in the
 * {@value #URL_VERSION_HEADER} header and the golden rows as {@code {"records": [...]}}; the response is the HTTP
 * response whose body holds the same {@code probe} object.
 */
public final class ProbePayloads {
    public static final String EVENT_SOURCE = ProbeContract.MARKER;
    public static final String URL_ROUTE_KEY = ProbeContract.MARKER;
    public static final String URL_VERSION_HEADER = ProbeContract.VERSION_HEADER;
    private static final ObjectMapper JSON = Json.MAPPER;

    private ProbePayloads() {
    }

    /** How the function under test takes a probe: an SQS-shaped event (fraud) or a {@link RowProbe} document. */
    public enum Format {
        SQS, ROWS, FUNCTION_URL;

        /** From the hook's PROBE_FORMAT setting: {@code sqs} (default), {@code rows} or {@code function-url}. */
        public static Format parse(String s) {
            if (s == null || s.isBlank() || s.equalsIgnoreCase("sqs")) {
                return SQS;
            }
            if (s.equalsIgnoreCase("rows")) {
                return ROWS;
            }
            if (s.equalsIgnoreCase("function-url")) {
                return FUNCTION_URL;
            }
            throw new IllegalArgumentException("PROBE_FORMAT must be 'sqs', 'rows' or 'function-url', not '" + s
                    + "'");
        }
    }

    /** The probe payload in {@code format} for {@code model}'s golden set at {@code version}. */
    public static String request(Format format, String model, GoldenSet golden, String version) {
        return switch (format) {
            case SQS -> request(golden, version);
            case ROWS -> rowsRequest(model, golden, version);
            case FUNCTION_URL -> functionUrlRequest(golden, model, version);
        };
    }

    /** A {@link RowProbe} request: {@code {"goldenProbe": {"model", "version", "rows": [...]}}}. */
    public static String rowsRequest(String model, GoldenSet golden, String version) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode p = event.putObject(RowProbe.FIELD);
        p.put("model", model);
        p.put("version", version);
        ArrayNode rows = p.putArray("rows");
        for (int i = 0; i < golden.size(); i++) {
            rows.add(JSON.valueToTree(golden.json(i, Map.of())));
        }
        return event.toString();
    }

    public static String request(GoldenSet golden, String version) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < golden.size(); i++) {
            ObjectNode r = records.addObject();
            r.put("messageId", "golden-" + i);
            r.put("receiptHandle", "golden-probe");
            try {
                r.put("body", JSON.writeValueAsString(golden.json(i, Map.of("transactionId", "golden-" + i))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            r.putObject("attributes").put("ApproximateReceiveCount", "1");
            ObjectNode v = r.putObject("messageAttributes").putObject(ProbeContract.VERSION_ATTRIBUTE);
            v.put("stringValue", version);
            v.put("dataType", "String");
            r.put("eventSource", EVENT_SOURCE);
        }
        return event.toString();
    }

    /** The Function URL form of the probe (payload format 2.0). */
    public static String functionUrlRequest(GoldenSet golden, String model, String version) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        for (int i = 0; i < golden.size(); i++) {
            records.add(JSON.valueToTree(golden.json(i, Map.of())));
        }
        String path = "/v1/models/" + model + "/predict";
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", URL_ROUTE_KEY);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("content-type", "application/json");
        headers.put(URL_VERSION_HEADER, version);
        ObjectNode rc = event.putObject("requestContext");
        rc.put("routeKey", URL_ROUTE_KEY);
        rc.put("stage", "$default");
        rc.put("requestId", "golden-probe");
        ObjectNode http = rc.putObject("http");
        http.put("method", "POST");
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", "pretraffic-hook");
        event.put("body", body.toString());
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    /** Parses a Function URL function's answer (an HTTP response whose body holds {@code probe}). */
    public static List<GoldenGate.Observation> functionUrlResponse(String json, String version) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GoldenProbe.ProbeFailedException("the probe answer is not JSON: " + e.getOriginalMessage());
        }
        int status = root == null ? 0 : root.path("statusCode").asInt();
        String body = root == null ? "" : root.path("body").asText("");
        if (status != 200) {
            throw new GoldenProbe.ProbeFailedException("the function answered the golden probe with HTTP " + status
                    + ": " + (body.length() > 300 ? body.substring(0, 297) + "..." : body));
        }
        return response(body, version);
    }

    /** Parses the function's answer into one observation per row. */
    public static List<GoldenGate.Observation> response(String json, String version) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GoldenProbe.ProbeFailedException("the probe answer is not JSON: " + e.getOriginalMessage());
        }
        JsonNode probe = root == null ? null : root.get(ProbeContract.ANSWER_FIELD);
        if (probe == null || !probe.isObject()) {
            throw new GoldenProbe.ProbeFailedException("the function did not answer the golden probe (no 'probe' in "
                    + "its response); is this version's handler probe-aware?");
        }
        try {
            return ProbeContract.observations(probe, version);
        } catch (IllegalArgumentException e) {
            throw new GoldenProbe.ProbeFailedException(e.getMessage());
        }
    }
}
