package com.anycompany.scoring.predict;

import com.anycompany.scoring.feature.FieldError;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The one error shape of the prediction endpoint, sent as {@code {"error": {...}}} with the HTTP status it names.
 *
 * <table>
 *   <tr><th>status</th><th>code</th><th>when</th></tr>
 *   <tr><td>400</td><td>{@value #INVALID_REQUEST}</td><td>the body or a record is wrong; {@code fields} names every
 *       bad field</td></tr>
 *   <tr><td>404</td><td>{@value #MODEL_NOT_FOUND}, {@value #ROUTE_NOT_FOUND}</td><td>no such model here / not
 *       {@code /v1/models/{name}/predict}</td></tr>
 *   <tr><td>405</td><td>{@value #METHOD_NOT_ALLOWED}</td><td>not POST</td></tr>
 *   <tr><td>413</td><td>{@value #PAYLOAD_TOO_LARGE}, {@value #TOO_MANY_RECORDS}</td><td>body or record count over
 *       the limit</td></tr>
 *   <tr><td>429</td><td>{@value #THROTTLED}</td><td>too many requests in flight; retry after {@code Retry-After}</td></tr>
 *   <tr><td>503</td><td>{@value #DEPENDENCY_UNAVAILABLE}</td><td>the model store (S3) is down or throttling;
 *       retry after {@code Retry-After}</td></tr>
 *   <tr><td>500</td><td>{@value #MODEL_UNUSABLE}, {@value #INTERNAL_ERROR}</td><td>our fault</td></tr>
 * </table>
 */
@JsonPropertyOrder({"status", "code", "message", "requestId", "fields", "limit"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String code, String message, String requestId, List<FieldError> fields,
                       Integer limit) {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String MODEL_NOT_FOUND = "model_not_found";
    public static final String ROUTE_NOT_FOUND = "route_not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String TOO_MANY_RECORDS = "too_many_records";
    public static final String THROTTLED = "throttled";
    public static final String DEPENDENCY_UNAVAILABLE = "dependency_unavailable";
    public static final String MODEL_UNUSABLE = "model_unusable";
    public static final String INTERNAL_ERROR = "internal_error";

    /** Seconds a client should wait before retrying a 429 or 503. */
    public static final int RETRY_AFTER_SECONDS = 1;

    public ApiError {
        fields = fields == null || fields.isEmpty() ? null : List.copyOf(fields);
    }

    public ApiError withRequestId(String id) {
        return new ApiError(status, code, message, id, fields, limit);
    }

    public static ApiError invalid(List<FieldError> fields) {
        String message = fields.size() == 1
                ? "1 problem in the request: fix the field listed and send it again"
                : fields.size() + " problems in the request: fix the fields listed and send it again";
        return new ApiError(400, INVALID_REQUEST, message, null, fields, null);
    }

    public static ApiError invalid(String field, String problem) {
        return invalid(List.of(new FieldError(field, problem)));
    }

    public static ApiError modelNotFound(String message) {
        return new ApiError(404, MODEL_NOT_FOUND, message, null, null, null);
    }

    public static ApiError routeNotFound(String path) {
        return new ApiError(404, ROUTE_NOT_FOUND, "no route " + abbreviate(path)
                + "; send POST /v1/models/{name}/predict", null, null, null);
    }

    public static ApiError methodNotAllowed(String method) {
        return new ApiError(405, METHOD_NOT_ALLOWED, "method " + abbreviate(method) + " is not allowed; use POST",
                null, null, null);
    }

    public static ApiError payloadTooLarge(long bytes, int limit) {
        return new ApiError(413, PAYLOAD_TOO_LARGE, "the body is " + bytes + " bytes; the limit is " + limit
                + " bytes: send fewer records per request", null, null, limit);
    }

    public static ApiError tooManyRecords(int records, int limit) {
        return new ApiError(413, TOO_MANY_RECORDS, "the request has " + records + " records; the limit is " + limit
                + " per request: split it", null, null, limit);
    }

    public static ApiError throttled(int limit) {
        return new ApiError(429, THROTTLED, "too many requests in flight (limit " + limit + "); retry after "
                + RETRY_AFTER_SECONDS + " s", null, null, limit);
    }

    public static ApiError dependencyUnavailable(String what) {
        return new ApiError(503, DEPENDENCY_UNAVAILABLE, what + "; retry after " + RETRY_AFTER_SECONDS + " s", null,
                null, null);
    }

    public static ApiError modelUnusable(String message) {
        return new ApiError(500, MODEL_UNUSABLE, message, null, null, null);
    }

    public static ApiError internal() {
        return new ApiError(500, INTERNAL_ERROR, "the request could not be scored because of an internal error; "
                + "quote the requestId when reporting it", null, null, null);
    }

    public boolean retryable() {
        return status == 429 || status == 503;
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s;
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
