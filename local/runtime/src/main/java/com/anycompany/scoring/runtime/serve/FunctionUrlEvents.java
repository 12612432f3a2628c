package com.anycompany.scoring.runtime.serve;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

/**
 * HTTP to and from the Lambda Function URL payload (format 2.0, as in events/function-url-salary-predict.json): the
 * request event a Function URL sends its function, and the reading of the function's response (a
 * {@code {"statusCode", "headers", "body", "isBase64Encoded", "cookies"}} object, or — as Function URLs accept — any
 * other JSON, which becomes a 200 with that JSON as the body).
 */
public final class FunctionUrlEvents {
    private static final ObjectMapper JSON = Json.MAPPER;
    /** What a Function URL answers when the function itself fails (an unhandled error, a timeout). */
    public static final HttpAnswer FUNCTION_ERROR = new HttpAnswer(502, Map.of("content-type", "application/json"),
            "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));

    /** One HTTP response. */
    public record HttpAnswer(int status, Map<String, String> headers, byte[] body) {
    }

    private FunctionUrlEvents() {
    }

    /**
     * The event for one request. Text bodies (JSON, text, form data) travel as they are; anything else base64-encoded,
     * as Function URLs do. Header names are lower-cased; repeated headers are joined with commas.
     */
    public static String request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                 byte[] body, String sourceIp, String urlId) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", rawPath);
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> h = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        headers.forEach((k, vs) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String v : vs) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                }
            } else {
                h.put(name, String.join(",", vs));
            }
        });
        String domain = urlId + ".lambda-url.us-east-1.on.aws";
        h.putIfAbsent("x-forwarded-for", sourceIp);
        h.putIfAbsent("x-forwarded-proto", "https");
        h.putIfAbsent("x-forwarded-port", "443");
        if (!cookies.isEmpty()) {
            var arr = e.putArray("cookies");
            cookies.forEach(arr::add);
        }
        ObjectNode hn = e.putObject("headers");
        h.forEach(hn::put);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.merge(k, v, (a, b) -> a + "," + b);
            }
            params.forEach(q::put);
        }
        ObjectNode rc = e.putObject("requestContext");
        rc.put("accountId", "anonymous");
        rc.put("apiId", urlId);
        rc.put("domainName", domain);
        rc.put("domainPrefix", urlId);
        ObjectNode http = rc.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", h.getOrDefault("user-agent", ""));
        rc.put("requestId", UUID.randomUUID().toString());
        rc.put("routeKey", "$default");
        rc.put("stage", "$default");
        long now = System.currentTimeMillis();
        SimpleDateFormat f = new SimpleDateFormat("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        rc.put("time", f.format(new Date(now)));
        rc.put("timeEpoch", now);
        boolean text = body.length == 0 || isText(h.get("content-type"));
        if (body.length > 0) {
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        e.put("isBase64Encoded", !text);
        return e.toString();
    }

    /** Reads the function's response JSON as a Function URL does. */
    public static HttpAnswer response(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException ex) {
            return FUNCTION_ERROR;
        }
        if (root == null || !root.isObject() || !root.has("statusCode")) {
            // a function may return any JSON: the URL then answers 200 with it as application/json
            return new HttpAnswer(200, Map.of("content-type", "application/json"),
                    json.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        root.path("headers").fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
        JsonNode bodyNode = root.get("body");
        String body = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.asText();
        byte[] bytes = root.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new HttpAnswer(root.get("statusCode").asInt(), headers, bytes);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.contains("x-www-form-urlencoded");
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
