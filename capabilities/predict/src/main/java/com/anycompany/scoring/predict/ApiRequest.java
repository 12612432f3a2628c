package com.anycompany.scoring.predict;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the endpoint sees it, whatever carried it (a Lambda Function URL event, the local HTTP server):
 * method, raw path, headers (names case-insensitive) and the body's bytes.
 */
public record ApiRequest(String method, String path, Map<String, String> headers, byte[] body) {
    public ApiRequest {
        method = method == null ? "" : method.toUpperCase(Locale.ROOT);
        path = path == null ? "" : path;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    h.put(k, v);
                }
            });
        }
        headers = java.util.Collections.unmodifiableMap(h);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }
}
