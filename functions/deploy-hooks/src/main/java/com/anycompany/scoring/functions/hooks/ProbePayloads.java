package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.RowProbe;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The probe contract with the scoring functions. Request: an SQS-shaped event whose records are golden rows with
 * {@code eventSource: "scoring:golden-probe"} (Lambda's SQS poller only ever sends "aws:sqs", so queue traffic never
 * takes the probe path) and a {@code modelVersion} message attribute. Response: the usual
 * {@code batchItemFailures} plus {@code probe.results[]}: {@code row}, {@code outputs} or {@code error}, {@code millis}.
 * Functions that do not take SQS events (the batch shard scorer) take a {@link RowProbe} document instead
 * ({@link Format#ROWS}) and answer the same {@code probe} object.
 */
public final class ProbePayloads {
    public static final String EVENT_SOURCE = "scoring:golden-probe";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbePayloads() {
    }

    /** How the function under test takes a probe: an SQS-shaped event (fraud) or a {@link RowProbe} document. */
    public enum Format {
        SQS, ROWS;

        /** From the hook's PROBE_FORMAT setting: {@code sqs} (default) or {@code rows}. */
        public static Format parse(String s) {
            if (s == null || s.isBlank() || s.equalsIgnoreCase("sqs")) {
                return SQS;
            }
            if (s.equalsIgnoreCase("rows")) {
                return ROWS;
            }
            throw new IllegalArgumentException("PROBE_FORMAT must be 'sqs' or 'rows', not '" + s + "'");
        }
    }

    /** The probe payload in {@code format} for {@code model}'s golden set at {@code version}. */
    public static String request(Format format, String model, GoldenSet golden, String version) {
        return format == Format.SQS ? request(golden, version) : rowsRequest(model, golden, version);
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
            ObjectNode v = r.putObject("messageAttributes").putObject("modelVersion");
            v.put("stringValue", version);
            v.put("dataType", "String");
            r.put("eventSource", EVENT_SOURCE);
        }
        return event.toString();
    }

    /** Parses the function's answer into one observation per row. */
    public static List<GoldenGate.Observation> response(String json, String version) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GoldenProbe.ProbeFailedException("the probe answer is not JSON: " + e.getOriginalMessage());
        }
        JsonNode probe = root == null ? null : root.get("probe");
        if (probe == null || !probe.isObject()) {
            throw new GoldenProbe.ProbeFailedException("the function did not answer the golden probe (no 'probe' in "
                    + "its response); is this version's handler probe-aware?");
        }
        if (!version.equals(probe.path("version").asText())) {
            throw new GoldenProbe.ProbeFailedException("the function scored with version "
                    + probe.path("version").asText() + ", not " + version);
        }
        List<GoldenGate.Observation> out = new ArrayList<>();
        for (JsonNode r : probe.path("results")) {
            int row = r.path("row").asInt(-1);
            double millis = r.path("millis").asDouble();
            if (r.hasNonNull("error") || !r.path("outputs").isArray()) {
                out.add(GoldenGate.Observation.failed(row, r.path("error").asText("no outputs"), millis));
                continue;
            }
            JsonNode outputs = r.get("outputs");
            float[] y = new float[outputs.size()];
            for (int k = 0; k < y.length; k++) {
                y[k] = (float) outputs.get(k).asDouble();
            }
            out.add(GoldenGate.Observation.ok(row, y, millis));
        }
        return out;
    }
}
