package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.ModelRef;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns a state-machine execution input into a {@link BatchRequest}. Two shapes:
 * <ul>
 *   <li>a {@link BatchRequest} as JSON (what the S3 trigger and {@code ./scoring batch run} send);</li>
 *   <li>the monthly run, {@code {"kind":"monthly","model":"attrition","month":"2026-01"}} or, from EventBridge
 *       Scheduler, {@code "scheduledTime":"2026-01-01T03:00:00Z"} instead of the month (the run scores the month the
 *       schedule fires in): every file under {@code batch/input/<model>/<yyyy-mm>/}, results under
 *       {@code batch/output/<model>/<yyyy-mm>/}.</li>
 * </ul>
 * Either may say {@code "resume": true} to continue an interrupted execution of the same run (see
 * {@link BatchRequest}).
 * Missing bucket, model version and rows per shard come from the function's defaults.
 */
public final class BatchRequests {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    /** Defaults from the function's environment. */
    public record Defaults(String bucket, String modelVersion, int rowsPerShard) {
    }

    private BatchRequests() {
    }

    public static BatchRequest from(JsonNode input, Defaults defaults) {
        if (input == null || !input.isObject()) {
            throw new BatchInputException("the execution input must be a JSON object, not " + input);
        }
        if ("monthly".equals(text(input, "kind")) || input.has("month") || input.has("scheduledTime")) {
            String model = orDefault(text(input, "model"), "attrition");
            BatchRequest m = monthly(model, orDefault(text(input, "modelVersion"), defaults.modelVersion()),
                    month(input), orDefault(text(input, "bucket"), defaults.bucket()), intOr(input, "rowsPerShard",
                            defaults.rowsPerShard()));
            JsonNode resume = input.get("resume");
            if (resume != null && !resume.isNull() && !resume.isBoolean()) {
                throw new BatchInputException("resume must be true or false, not " + resume);
            }
            return resume != null && resume.asBoolean(false) ? new BatchRequest(m.runId(), m.bucket(), m.inputKey(),
                    m.inputPrefix(), m.model(), m.modelVersion(), m.outputPrefix(), m.rowsPerShard(), m.clientColumn(),
                    true) : m;
        }
        JsonNode withDefaults = input.deepCopy();
        var o = (com.fasterxml.jackson.databind.node.ObjectNode) withDefaults;
        if (text(input, "bucket") == null) {
            o.put("bucket", defaults.bucket());
        }
        if (text(input, "modelVersion") == null) {
            o.put("modelVersion", defaults.modelVersion());
        }
        if (!input.hasNonNull("rowsPerShard")) {
            o.put("rowsPerShard", defaults.rowsPerShard());
        }
        return BatchJson.convert(o, BatchRequest.class, "the execution input");
    }

    public static BatchRequest monthly(String model, String version, YearMonth month, String bucket, int rowsPerShard) {
        ModelRef.of(model, version);
        String m = month.toString();
        return new BatchRequest(model + "-" + m, bucket, null, "batch/input/" + model + "/" + m + "/", model, version,
                "batch/output/" + model + "/" + m + "/", rowsPerShard, null);
    }

    private static YearMonth month(JsonNode input) {
        String month = text(input, "month");
        if (month != null) {
            if (!MONTH.matcher(month).matches()) {
                throw new BatchInputException("month '" + month + "' is not yyyy-mm");
            }
            try {
                return YearMonth.parse(month);
            } catch (DateTimeParseException e) {
                throw new BatchInputException("month '" + month + "' is not a valid yyyy-mm month");
            }
        }
        String at = text(input, "scheduledTime");
        if (at == null) {
            throw new BatchInputException("a monthly run needs \"month\" (yyyy-mm) or \"scheduledTime\" (ISO-8601)");
        }
        try {
            return YearMonth.from(Instant.parse(at).atZone(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new BatchInputException("scheduledTime '" + at + "' is not an ISO-8601 instant such as "
                    + "2026-01-01T03:00:00Z");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    private static int intOr(JsonNode n, String field, int d) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return d;
        }
        if (!v.canConvertToInt()) {
            throw new BatchInputException(field + " must be a whole number, not " + v);
        }
        return v.asInt();
    }
}
