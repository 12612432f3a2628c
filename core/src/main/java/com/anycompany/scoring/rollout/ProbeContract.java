package com.anycompany.scoring.rollout;

import com.anycompany.scoring.model.ModelRef;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one golden-probe contract between the pre-traffic hook and the scoring functions (docs/rollouts.md).
 *
 * <p>A probe carries a model, a version and golden rows; the function scores every row with exactly that version and
 * answers {@code {"probe": {"model", "version", "results": [{"row", "outputs" | "error", "millis"}]}}}, written and
 * read only here ({@link #answer}, {@link #observations}). It reaches a function in the envelope the function already
 * takes, each marked with {@link #MARKER}, a value no real caller can send:
 * <ul>
 *   <li>SQS-fed functions (fraud): an SQS event whose records have {@code eventSource} {@link #MARKER} (Lambda's
 *       poller always sends {@code aws:sqs}) and the version in the {@link #VERSION_ATTRIBUTE} message attribute;</li>
 *   <li>Function URL functions (salary, predict): a payload-format-2.0 event whose {@code requestContext.routeKey}
 *       is {@link #MARKER} (a Function URL always sends {@code $default}), the version in the
 *       {@link #VERSION_HEADER} header and the rows as {@code {"records": [...]}};</li>
 *   <li>JSON-document functions (the batch shard scorer): a document with a {@link #ROWS_FIELD} object, which no
 *       step input carries (see {@link RowProbe}).</li>
 * </ul>
 */
public final class ProbeContract {
    /** Marks a probe in every envelope: the SQS eventSource and the Function URL routeKey. */
    public static final String MARKER = "scoring:golden-probe";
    /** The SQS message attribute naming the version to score with. */
    public static final String VERSION_ATTRIBUTE = "modelVersion";
    /** The HTTP header naming the version to score with. */
    public static final String VERSION_HEADER = "x-scoring-probe-version";
    /** The field of a JSON-document probe. */
    public static final String ROWS_FIELD = "goldenProbe";
    /** The field of every answer. */
    public static final String ANSWER_FIELD = "probe";

    private ProbeContract() {
    }

    /** A probe: score {@code rows} (JSON objects) with {@code model} at {@code version} (for {@code clientId}). */
    public record Request(String model, String version, String clientId, List<JsonNode> rows) {
        public ModelRef ref() {
            return clientId == null ? ModelRef.of(model, version) : new ModelRef(model, version, clientId);
        }
    }

    /** The {@link #ANSWER_FIELD} object for what {@code version} of {@code model} answered, row by row. */
    public static Map<String, Object> answer(String model, String version, List<GoldenGate.Observation> observed) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (GoldenGate.Observation o : observed) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", o.row());
            if (o.outputs() != null) {
                List<Float> outputs = new ArrayList<>(o.outputs().length);
                for (float f : o.outputs()) {
                    outputs.add(f);
                }
                r.put("outputs", outputs);
            }
            if (o.error() != null) {
                r.put("error", o.error());
            }
            r.put("millis", o.millis());
            results.add(r);
        }
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("model", model);
        probe.put("version", version);
        probe.put("results", results);
        return probe;
    }

    /**
     * Reads an answer's {@link #ANSWER_FIELD} object back into one observation per row; a row without outputs is a
     * failed observation.
     *
     * @throws IllegalArgumentException when the answer is not for {@code version}, saying which version it was for
     */
    public static List<GoldenGate.Observation> observations(JsonNode probe, String version) {
        if (!version.equals(probe.path("version").asText())) {
            throw new IllegalArgumentException("the function scored with version "
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
