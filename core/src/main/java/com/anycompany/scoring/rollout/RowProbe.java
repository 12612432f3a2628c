package com.anycompany.scoring.rollout;

import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCache;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-traffic golden probe for functions whose input is a plain JSON document rather than an SQS event (the
 * batch shard scorer). Request: {@code {"goldenProbe": {"model", "version", "clientId"?, "rows": [{feature: value}]}}};
 * no step input ever carries a {@code goldenProbe} field, so real work cannot take this path. Answer: {@code
 * {"probe": {"model", "version", "results": [{"row", "outputs" | "error", "millis"}]}}}, the shape the fraud function
 * answers too, so one hook parses both ({@link ProbeContract}). Nothing is written anywhere.
 */
public final class RowProbe {
    public static final String FIELD = ProbeContract.ROWS_FIELD;

    private RowProbe() {
    }

    /** The probe in {@code input}, or empty when the input is ordinary work. */
    public static Optional<ProbeContract.Request> parse(JsonNode input) {
        JsonNode p = input == null ? null : input.get(FIELD);
        if (p == null || p.isNull()) {
            return Optional.empty();
        }
        if (!p.isObject() || !p.path("model").isTextual() || !p.path("version").isTextual()
                || !p.path("rows").isArray()) {
            throw new IllegalArgumentException("a golden probe needs {\"model\": string, \"version\": string, "
                    + "\"rows\": [objects]}");
        }
        List<JsonNode> rows = new ArrayList<>();
        p.get("rows").forEach(rows::add);
        String client = p.path("clientId").isTextual() ? p.get("clientId").asText() : null;
        return Optional.of(new ProbeContract.Request(p.get("model").asText(), p.get("version").asText(), client, rows));
    }

    /** Scores every row with exactly the requested version (no fallback), one observation per row, in order. */
    public static List<GoldenGate.Observation> score(ModelCache cache, ProbeContract.Request request) {
        return score(cache.get(request.ref()), request.rows());
    }

    /** Scores every JSON row with {@code model}, one observation per row, in order; a failing row is an error. */
    public static List<GoldenGate.Observation> score(LoadedModel model, List<JsonNode> rows) {
        List<GoldenGate.Observation> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            long t0 = System.nanoTime();
            try {
                float[] y = model.score(new JsonRecord(rows.get(i)), "probe row " + i);
                out.add(GoldenGate.Observation.ok(i, y, (System.nanoTime() - t0) / 1e6));
            } catch (RuntimeException e) {
                out.add(GoldenGate.Observation.failed(i, e.getMessage(), (System.nanoTime() - t0) / 1e6));
            }
        }
        return out;
    }

    /** The {@code probe} object of the answer ({@link ProbeContract#answer}). */
    public static Map<String, Object> answer(String model, String version, List<GoldenGate.Observation> observed) {
        return ProbeContract.answer(model, version, observed);
    }
}
