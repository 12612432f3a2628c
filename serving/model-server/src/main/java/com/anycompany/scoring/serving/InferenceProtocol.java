package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.model.LoadedModel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Open Inference Protocol v2 (KServe, Triton, MLServer) tensor JSON for the served model.
 *
 * <p>Input: one tensor {@value #INPUT} of shape {@code [rows, features]} (or {@code [features]} for one row), data flat
 * or nested, row-major, datatype FP32, FP64, an integer type, BOOL or BYTES (numbers as text); JSON null is a missing
 * value. Outputs: {@value #SCORE} (FP32, {@code [rows]}, or {@code [rows, outputs]} for multi-output models) and, when
 * asked for, {@value #REASONS} (BYTES, {@code [rows]}, each element the row's top-k TreeSHAP reasons as a JSON list).
 * Reasons are asked for by naming the {@value #REASONS} output ({@code "outputs": [{"name": "reasons"}]}, k from its
 * {@code parameters.reasons}, default {@value #DEFAULT_REASONS}) or by the request's {@code parameters.reasons}.
 */
final class InferenceProtocol {
    static final String INPUT = "features";
    static final String SCORE = "score";
    static final String REASONS = "reasons";
    static final int DEFAULT_REASONS = 3;
    static final String PLATFORM = "xgboost_json";
    private static final Set<String> DATATYPES = Set.of("FP16", "FP32", "FP64", "BOOL", "BYTES", "INT8", "INT16",
            "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64");

    private InferenceProtocol() {
    }

    /** The server metadata ({@code GET /v2}). */
    static ObjectNode serverMetadata(String version) {
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        o.put("name", "scoring-model-server");
        o.put("version", version);
        o.putArray("extensions");
        return o;
    }

    /** The model metadata ({@code GET /v2/models/{name}}): inputs and outputs with datatypes and shapes. */
    static ObjectNode modelMetadata(ServedModel m) {
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        o.put("name", m.name());
        o.putArray("versions").add(m.version());
        o.put("platform", PLATFORM);
        ObjectNode in = o.putArray("inputs").addObject();
        in.put("name", INPUT);
        in.put("datatype", "FP32");
        in.putArray("shape").add(-1).add(m.numFeatures());
        ArrayNode names = in.putObject("parameters").putArray("feature_names");
        m.model().card().featureNames().forEach(names::add);
        ArrayNode outputs = o.putArray("outputs");
        ObjectNode score = outputs.addObject();
        score.put("name", SCORE);
        score.put("datatype", "FP32");
        ArrayNode shape = score.putArray("shape").add(-1);
        if (m.numOutputs() > 1) {
            shape.add(m.numOutputs());
        }
        ObjectNode reasons = outputs.addObject();
        reasons.put("name", REASONS);
        reasons.put("datatype", "BYTES");
        reasons.putArray("shape").add(-1);
        return o;
    }

    /** A parsed inference request: its rows, their labels, the reasons wanted (0: none) and the outputs to return. */
    record Request(String id, List<RecordView> rows, List<String> labels, int reasons, boolean wantScore,
                   boolean wantReasons) {
    }

    static Request parse(byte[] body, RowScorer scorer) {
        JsonNode root;
        try {
            root = BatchJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw BadRequestException.invalid("the inference request is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw BadRequestException.invalid("the inference request cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw BadRequestException.invalid("the inference request must be a JSON object with \"inputs\"");
        }
        JsonNode id = root.get("id");
        if (id != null && !id.isTextual()) {
            throw BadRequestException.invalid("\"id\" must be a string");
        }
        int reasons = 0;
        JsonNode params = root.get("parameters");
        if (params != null && !params.isObject()) {
            throw BadRequestException.invalid("\"parameters\" must be an object");
        }
        if (params != null && params.has(REASONS)) {
            reasons = reasonCount(params.get(REASONS), "parameters.reasons");
        }
        boolean wantScore = true;
        boolean wantReasons = reasons > 0;
        JsonNode outputs = root.get("outputs");
        if (outputs != null) {
            if (!outputs.isArray()) {
                throw BadRequestException.invalid("\"outputs\" must be a list of {\"name\": ...}");
            }
            Set<String> named = new HashSet<>();
            for (JsonNode out : outputs) {
                String name = out.path("name").asText("");
                if (!name.equals(SCORE) && !name.equals(REASONS)) {
                    throw BadRequestException.invalid("output '" + abbreviate(name) + "' does not exist; the outputs"
                            + " are \"" + SCORE + "\" and \"" + REASONS + "\"");
                }
                named.add(name);
                if (name.equals(REASONS)) {
                    JsonNode k = out.path("parameters").get(REASONS);
                    reasons = k != null ? reasonCount(k, "outputs[reasons].parameters.reasons")
                            : reasons > 0 ? reasons : DEFAULT_REASONS;
                }
            }
            wantScore = named.contains(SCORE);
            wantReasons = named.contains(REASONS);
            if (!wantReasons) {
                reasons = 0;
            }
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw BadRequestException.invalid("\"inputs\" must hold exactly one tensor, \"" + INPUT + "\" of shape "
                    + "[rows, " + scorer.served().numFeatures() + "]");
        }
        List<RecordView> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        tensorRows(inputs.get(0), scorer, rows, labels);
        return new Request(id == null ? null : id.textValue(), rows, labels, reasons, wantScore, wantReasons);
    }

    private static void tensorRows(JsonNode t, RowScorer scorer, List<RecordView> rows, List<String> labels) {
        int nf = scorer.served().numFeatures();
        String name = t.path("name").asText("");
        if (!name.equals(INPUT)) {
            throw BadRequestException.invalid("input '" + abbreviate(name) + "' does not exist; the model's input is \""
                    + INPUT + "\"");
        }
        String datatype = t.path("datatype").asText("");
        if (!DATATYPES.contains(datatype)) {
            throw BadRequestException.invalid("input \"" + INPUT + "\" has datatype '" + abbreviate(datatype)
                    + "'; use FP32 (or FP64, an integer type, BOOL, BYTES)");
        }
        JsonNode shape = t.get("shape");
        long[] dims = new long[shape == null || !shape.isArray() ? 0 : shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).isIntegralNumber() ? shape.get(i).asLong() : -1;
        }
        boolean oneRow = dims.length == 1 && dims[0] == nf;
        if (!oneRow && !(dims.length == 2 && dims[0] >= 1 && dims[1] == nf)) {
            throw BadRequestException.invalid("input \"" + INPUT + "\" must have shape [rows, " + nf + "] (or [" + nf
                    + "] for one row)");
        }
        long n = oneRow ? 1 : dims[0];
        List<JsonNode> flat = new ArrayList<>();
        flatten(t.get("data"), flat);
        if (flat.size() != n * nf) {
            throw BadRequestException.invalid("input \"" + INPUT + "\" has " + flat.size() + " values but its shape "
                    + shape + " needs " + n * nf);
        }
        for (int r = 0; r < n; r++) {
            List<Object> values = new ArrayList<>(nf);
            for (int f = 0; f < nf; f++) {
                values.add(JsonRecord.value(flat.get(r * nf + f)));
            }
            String label = "row " + r;
            rows.add(scorer.positional(values, label));
            labels.add(label);
        }
    }

    private static void flatten(JsonNode data, List<JsonNode> out) {
        if (data == null || !data.isArray()) {
            throw BadRequestException.invalid("input \"" + INPUT + "\" needs \"data\": a list of values, flat or"
                    + " nested in row-major order");
        }
        for (JsonNode v : data) {
            if (v.isArray()) {
                flatten(v, out);
            } else if (v.isObject()) {
                throw BadRequestException.invalid("input \"" + INPUT + "\" data holds an object; values are numbers");
            } else {
                out.add(v);
            }
        }
    }

    private static int reasonCount(JsonNode k, String where) {
        if (!k.isIntegralNumber()) {
            throw BadRequestException.invalid(where + " must be a whole number from 0 to " + RowScorer.MAX_REASONS);
        }
        return RowScorer.checkReasons(k.asLong(), where);
    }

    /** The inference response for {@code results}, in the request's row order. */
    static ObjectNode response(ServedModel m, Request req, List<LoadedModel.Explained> results) {
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        o.put("model_name", m.name());
        o.put("model_version", m.version());
        if (req.id() != null) {
            o.put("id", req.id());
        }
        ArrayNode outputs = o.putArray("outputs");
        if (req.wantScore()) {
            int no = m.numOutputs();
            ObjectNode score = outputs.addObject();
            score.put("name", SCORE);
            score.put("datatype", "FP32");
            ArrayNode shape = score.putArray("shape").add(results.size());
            if (no > 1) {
                shape.add(no);
            }
            ArrayNode data = score.putArray("data");
            for (LoadedModel.Explained e : results) {
                for (float v : e.outputs()) {
                    data.add(v);
                }
            }
        }
        if (req.wantReasons()) {
            ObjectNode reasons = outputs.addObject();
            reasons.put("name", REASONS);
            reasons.put("datatype", "BYTES");
            reasons.putArray("shape").add(results.size());
            ArrayNode data = reasons.putArray("data");
            for (LoadedModel.Explained e : results) {
                data.add(SageMakerCodec.reasonsJson(e.reasons()).toString());
            }
        }
        return o;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
