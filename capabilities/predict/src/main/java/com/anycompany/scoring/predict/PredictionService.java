package com.anycompany.scoring.predict;


import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.feature.FieldError;
import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.engine.Reason;
import com.anycompany.scoring.feature.CsvReader;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.feature.PositionalColumns;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelNotFoundException;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.ModelUnavailableException;
import com.anycompany.scoring.model.Priming;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.ProbeContract;
import com.anycompany.scoring.rollout.RowProbe;
import com.anycompany.scoring.rollout.Route;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synchronous scoring: {@code POST /v1/models/{name}/predict} with {@code {"record": {...}}} or
 * {@code {"records": [{...}, ...]}} (and optionally {@code "reasons": k}) in, one prediction per record out, each with
 * its top-k TreeSHAP reasons, the model name and version that scored it and the request id. All or nothing: if any
 * record is wrong, nothing is scored and the 400 names every bad field of every record. Errors have one shape
 * ({@link ApiError}). Knows nothing of Lambda: the handler and the local HTTP server translate to and from
 * {@link ApiRequest}/{@link ApiResponse}.
 *
 * <p>Logs carry the request id, model, version, status, record count and time; never a feature value or a prediction
 * (salaries are personal data). Metrics: {@code PredictRequests}, {@code RecordsScored}, {@code ClientErrors},
 * {@code ServerErrors}, {@code PredictLatency}.
 */
public final class PredictionService {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
    private static final Pattern ROUTE = Pattern.compile("^/v1/models/([^/]+)/predict/?$");
    private static final Pattern PROBLEM_FIELD = Pattern.compile("^'([^']+)'");
    private static final Set<String> BODY_FIELDS = Set.of("record", "records", "reasons");
    /**
     * A copy of the shared mapper, because a request body gets stream read limits (nesting depth, number length) that
     * are a setting of the mapper's factory, which a reader cannot carry; the copy has its own factory.
     */
    private static final ObjectMapper JSON = Json.MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxNumberLength(64).build());
    }

    private final ModelCatalog catalog;
    private final ModelCache cache;
    private final PredictionLimits limits;
    private final String routingField;
    private final ScoringMetrics metrics;

    /**
     * @param routingField the record field whose value keeps a caller on champion or challenger (sticky); may be null
     */
    public PredictionService(ModelCatalog catalog, ModelCache cache, PredictionLimits limits, String routingField,
                             ScoringMetrics metrics) {
        this.catalog = catalog;
        this.cache = cache;
        this.limits = limits;
        this.routingField = routingField;
        this.metrics = metrics == null ? ScoringMetrics.NONE : metrics;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public PredictionLimits limits() {
        return limits;
    }

    /** Serves one request. Never throws: every failure is an {@link ApiError} response. */
    public ApiResponse handle(ApiRequest request, String requestId) {
        long start = System.nanoTime();
        Served served = serve(request, requestId);
        double millis = (System.nanoTime() - start) / 1e6;
        metrics.count("PredictRequests", 1);
        metrics.count("RecordsScored", served.scored());
        if (served.response().status() >= 500) {
            metrics.count("ServerErrors", 1);
        } else if (served.response().status() >= 400) {
            metrics.count("ClientErrors", 1);
        }
        metrics.millis("PredictLatency", millis);
        metrics.flush();
        if (served.response().status() >= 500) {
            LOG.error("predict requestId={} model={} status={} records={} millis={} cause={}", requestId,
                    served.model(), served.response().status(), served.scored(), round(millis), served.note());
        } else {
            LOG.info("predict requestId={} model={} status={} records={} millis={}{}", requestId, served.model(),
                    served.response().status(), served.scored(), round(millis),
                    served.note() == null ? "" : " " + served.note());
        }
        return served.response();
    }

    /** What one request came to; {@code note} is safe to log (field names and causes, never values). */
    private record Served(ApiResponse response, String model, int scored, String note) {
    }

    private Served serve(ApiRequest request, String requestId) {
        String model = null;
        try {
            Matcher m = ROUTE.matcher(request.path());
            if (!m.matches()) {
                throw new Failure(ApiError.routeNotFound(request.path()));
            }
            model = abbreviate(m.group(1));
            if (!"POST".equals(request.method())) {
                throw new Failure(ApiError.methodNotAllowed(request.method()));
            }
            if (catalog.router(m.group(1)).isEmpty()) {
                throw new Failure(ApiError.modelNotFound("no model '" + model + "' is served here; "
                        + "models: " + catalog.names()));
            }
            Body body = isCsv(request) ? parseCsv(m.group(1), request.body()) : parse(request.body());
            List<ObjectNode> predictions = score(m.group(1), body);
            ObjectNode out = JSON.createObjectNode();
            out.put("requestId", requestId);
            ArrayNode list = out.putArray("predictions");
            for (ObjectNode p : predictions) {
                ObjectNode withId = JSON.createObjectNode();
                withId.put("requestId", requestId);
                withId.setAll(p);
                list.add(withId);
            }
            return new Served(new ApiResponse(200, headers(requestId, null), write(out)), model, predictions.size(),
                    null);
        } catch (Failure f) {
            return new Served(error(f.error.withRequestId(requestId)), model, 0, f.note);
        } catch (ModelNotFoundException e) {
            return new Served(error(ApiError.modelNotFound(e.getMessage()).withRequestId(requestId)), model, 0, null);
        } catch (ModelUnavailableException e) {
            return new Served(error(ApiError.dependencyUnavailable("the model store cannot be read now")
                    .withRequestId(requestId)), model, 0, e.getMessage());
        } catch (ScoringException e) {
            ApiError err = e.retryable()
                    ? ApiError.dependencyUnavailable("a dependency failed")
                    : ApiError.modelUnusable("model '" + model + "' cannot serve: its published artifact or card is "
                    + "unusable; the model's owner must republish it");
            return new Served(error(err.withRequestId(requestId)), model, 0, e.getMessage());
        } catch (RuntimeException e) {
            return new Served(error(ApiError.internal().withRequestId(requestId)), model, 0,
                    e.getClass().getName());
        }
    }

    // ---- the body -------------------------------------------------------------------------------------------------

    /** The parsed body: the records in order, whether it was the single-record form, and how many reasons. */
    private record Body(List<JsonNode> records, boolean single, int reasons) {
    }

    private Body parse(byte[] bytes) {
        if (bytes.length > limits.maxBodyBytes()) {
            throw new Failure(ApiError.payloadTooLarge(bytes.length, limits.maxBodyBytes()));
        }
        if (bytes.length == 0) {
            throw invalid("body", "the body is empty; send {\"record\": {...}} or {\"records\": [{...}, ...]}");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw invalid("body", "the body is not JSON (" + com.anycompany.scoring.privacy.Redaction.jsonLocation(e)
                    + "); every string value needs double quotes");
        } catch (java.io.IOException e) {
            throw invalid("body", "the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("body", "the body must be a JSON object: {\"record\": {...}} or {\"records\": [{...}, ...]}");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!BODY_FIELDS.contains(f)) {
                // a blank key ("") is named in quotes, so the field error still names something a client can find
                errors.add(new FieldError(f.isBlank() ? "\"" + f + "\"" : abbreviate(f), "unknown field; the body takes "
                        + "\"record\" or \"records\", "
                        + "and optionally \"reasons\""));
            }
        }
        int reasons = limits.defaultReasons();
        JsonNode k = root.get("reasons");
        if (k != null) {
            if (k.isIntegralNumber() && k.asLong() >= 0 && k.asLong() <= PredictionLimits.MAX_REASONS) {
                reasons = k.asInt();
            } else {
                errors.add(new FieldError("reasons", "must be a whole number from 0 to " + PredictionLimits.MAX_REASONS));
            }
        }
        JsonNode one = root.get("record");
        JsonNode many = root.get("records");
        List<JsonNode> records = new ArrayList<>();
        boolean single = one != null;
        if (one != null && many != null) {
            errors.add(new FieldError("records", "send either \"record\" (one) or \"records\" (a list), not both"));
        } else if (one == null && many == null) {
            errors.add(new FieldError("records", "missing: send {\"record\": {...}} or {\"records\": [{...}, ...]}"));
        } else if (single) {
            records.add(one);
        } else if (!many.isArray()) {
            errors.add(new FieldError("records", "must be a list of records (JSON objects)"));
        } else if (many.isEmpty()) {
            errors.add(new FieldError("records", "is empty; send at least one record"));
        } else if (many.size() > limits.maxRecords()) {
            throw new Failure(ApiError.tooManyRecords(many.size(), limits.maxRecords()));
        } else {
            many.forEach(records::add);
        }
        for (int i = 0; i < records.size(); i++) {
            if (!records.get(i).isObject()) {
                errors.add(new FieldError(label(single, i), "must be a JSON object of feature values"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Body(records, single, reasons);
    }

    private static boolean isCsv(ApiRequest request) {
        String type = request.header("content-type");
        return type != null && type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
    }

    /**
     * SageMaker's {@code text/csv} contract: one record per line, features by position, no header. Read only for models
     * without feature names (f0..fN); each line becomes the record {@code {"f0": ..., "f1": ...}}.
     */
    private Body parseCsv(String name, byte[] bytes) {
        if (bytes.length > limits.maxBodyBytes()) {
            throw new Failure(ApiError.payloadTooLarge(bytes.length, limits.maxBodyBytes()));
        }
        LoadedModel model = cache.get(catalog.route(name, null).serving());
        List<String> names = model.schema().names();
        if (!PositionalColumns.arePositional(names)) {
            throw invalid("body", "model '" + abbreviate(name) + "' reads its features by name " + names + "; a text/csv"
                    + " body is read by position only for models without feature names (f0..fN); send"
                    + " application/json {\"records\": [{...}]}");
        }
        List<JsonNode> records = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        try (CsvReader csv = new CsvReader(new java.io.StringReader(new String(bytes,
                java.nio.charset.StandardCharsets.UTF_8)))) {
            for (List<String> cells = csv.next(); cells != null; cells = csv.next()) {
                if (cells.isEmpty() || cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                if (records.size() == limits.maxRecords()) {
                    throw new Failure(ApiError.tooManyRecords(records.size() + 1, limits.maxRecords()));
                }
                if (!PositionalColumns.isDataLine(cells)) {
                    errors.add(new FieldError(label(false, records.size()), "line " + csv.recordLine() + " is not all"
                            + " numbers; a text/csv body has no header line and holds feature values by position"));
                } else if (cells.size() != names.size()) {
                    errors.add(new FieldError(label(false, records.size()), "has " + cells.size() + " values but the"
                            + " model takes " + names.size() + " features, by position"));
                }
                ObjectNode record = JSON.createObjectNode();
                for (int f = 0; f < Math.min(cells.size(), names.size()); f++) {
                    if (!cells.get(f).isBlank()) {
                        record.put(names.get(f), cells.get(f).strip());
                    }
                }
                records.add(record);
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof Failure f) {
                throw f;
            }
            throw invalid("body", "the text/csv body cannot be read: " + e.getMessage());
        }
        if (records.isEmpty()) {
            errors.add(new FieldError("records", "the text/csv body holds no lines; send one record per line"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Body(records, false, limits.defaultReasons());
    }

    // ---- scoring --------------------------------------------------------------------------------------------------

    private List<ObjectNode> score(String name, Body body) {
        List<ObjectNode> out = new ArrayList<>(body.records().size());
        List<FieldError> errors = new ArrayList<>();
        Map<ModelRef, LoadedModel> models = new LinkedHashMap<>(2);
        for (int i = 0; i < body.records().size(); i++) {
            JsonNode node = body.records().get(i);
            String label = label(body.single(), i);
            Route route = catalog.route(name, routingKey(node));
            LoadedModel model = models.computeIfAbsent(route.serving(), cache::get);
            try {
                LoadedModel.Explained e = model.explain(new JsonRecord(node), label, body.reasons());
                if (errors.isEmpty()) {
                    out.add(prediction(model.card(), e));
                }
            } catch (InvalidRecordException e) {
                for (String problem : e.problems()) {
                    Matcher f = PROBLEM_FIELD.matcher(problem);
                    errors.add(new FieldError(f.find() ? label + "." + f.group(1) : label, problem));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return out;
    }

    private static ObjectNode prediction(ModelCard card, LoadedModel.Explained e) {
        ObjectNode p = JSON.createObjectNode();
        ObjectNode model = p.putObject("model");
        model.put("name", card.name());
        model.put("version", card.version());
        float[] y = e.outputs();
        if (y.length == 1) {
            p.put("prediction", y[0]);
        } else {
            ArrayNode a = p.putArray("prediction");
            for (float v : y) {
                a.add(v);
            }
        }
        ArrayNode reasons = p.putArray("reasons");
        for (Reason r : e.reasons()) {
            ObjectNode o = reasons.addObject();
            o.put("feature", r.feature());
            if (r.value() == null) {
                o.putNull("value");
            } else {
                o.put("value", r.value());
            }
            o.put("contribution", r.contribution());
        }
        return p;
    }

    private String routingKey(JsonNode record) {
        if (routingField == null) {
            return null;
        }
        JsonNode v = record.get(routingField);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    // ---- pre-traffic probe ------------------------------------------------------------------------------------

    /**
     * Pre-traffic golden probe: scores {@code rows} (JSON objects) with version {@code version} of model {@code name},
     * one observation per row, in order; a row that fails is an error observation. Nothing is logged per row.
     *
     * @throws com.anycompany.scoring.model.ModelNotFoundException the name is not served here or the version is not
     *                                                             published
     */
    public List<GoldenGate.Observation> probe(String name, String version, List<JsonNode> rows) {
        if (catalog.router(name).isEmpty()) {
            throw new ModelNotFoundException("no model '" + abbreviate(name) + "' is served here; models: "
                    + catalog.names());
        }
        ModelRef ref = version == null ? catalog.router(name).get().primary() : ModelRef.of(name, version);
        return RowProbe.score(cache.get(ref), rows);
    }

    /**
     * The probe over HTTP shapes: {@code {"records": [...]}} in; {@code {"probe": {"model", "version", "results":
     * [{"row", "outputs" | "error", "millis"}]}}} out (the {@link ProbeContract}).
     */
    public ApiResponse probeResponse(String name, String version, byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode records = root == null ? null : root.get("records");
            if (records == null || !records.isArray()) {
                return error(ApiError.invalid("records", "a probe sends {\"records\": [...]}"));
            }
            List<JsonNode> rows = new ArrayList<>();
            records.forEach(rows::add);
            ModelRef served = version == null ? catalog.router(name).map(r -> r.primary()).orElse(null) : null;
            List<GoldenGate.Observation> observed = probe(name, version, rows);
            String answered = version != null ? version : served.version();
            ObjectNode out = JSON.createObjectNode();
            out.set(ProbeContract.ANSWER_FIELD, JSON.valueToTree(ProbeContract.answer(name, answered, observed)));
            LOG.info("golden probe: {} rows scored with {}@{}", observed.size(), name, answered);
            return new ApiResponse(200, JSON_HEADERS, write(out));
        } catch (java.io.IOException e) {
            return error(ApiError.invalid("body", "the probe body is not JSON"));
        } catch (ModelNotFoundException e) {
            return error(ApiError.modelNotFound(e.getMessage()));
        } catch (ScoringException e) {
            return error(e.retryable() ? ApiError.dependencyUnavailable("the model store cannot be read now")
                    : ApiError.modelUnusable(e.getMessage()));
        }
    }

    // ---- warm-up ----------------------------------------------------------------------------------------------------

    /**
     * Loads every served model and runs the whole request path (JSON in, scoring with reasons, JSON out) on
     * synthetic records built from each card, {@code rounds} times, without metrics or logs: for container init and
     * SnapStart priming. Returns a checksum so the work is not optimised away.
     */
    public double warmUp(int rounds) {
        double sum = 0;
        for (String name : catalog.names()) {
            ModelRef ref;
            LoadedModel model;
            try {
                ref = catalog.router(name).orElseThrow().primary();
                model = cache.get(ref);
            } catch (ScoringException e) {
                LOG.warn("not warming model {}: {}", name, e.getMessage());
                continue;
            }
            sum += Priming.exercise(model, rounds);
            String body = "{\"records\":[" + syntheticRecord(model.card()) + "]}";
            ApiRequest request = new ApiRequest("POST", "/v1/models/" + ref.name() + "/predict", Map.of(),
                    body.getBytes(StandardCharsets.UTF_8));
            for (int r = 0; r < Math.max(1, rounds / 10); r++) {
                Served s = serve(request, "priming");
                if (s.response().status() != 200) {
                    throw new IllegalStateException("priming " + ref + " failed: " + s.response().body());
                }
                sum += s.response().body().length();
            }
        }
        return sum;
    }

    private static String syntheticRecord(ModelCard card) {
        ObjectNode o = JSON.createObjectNode();
        for (FeatureSpec f : card.features()) {
            double lo = f.min() != null ? f.min() : 0;
            double hi = f.max() != null ? f.max() : lo + 100;
            double mid = (lo + hi) / 2;
            switch (f.type()) {
                case BOOL -> o.put(f.name(), true);
                case INT -> o.put(f.name(), (long) Math.floor(mid));
                default -> o.put(f.name(), mid);
            }
        }
        return o.toString();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static ApiResponse error(ApiError e) {
        ObjectNode root = JSON.createObjectNode();
        root.set("error", JSON.valueToTree(e));
        return new ApiResponse(e.status(), headers(e.requestId(), e), write(root));
    }

    private static Map<String, String> headers(String requestId, ApiError e) {
        Map<String, String> h = new LinkedHashMap<>(JSON_HEADERS);
        if (requestId != null) {
            h.put("x-request-id", requestId);
        }
        if (e != null && e.retryable()) {
            h.put("retry-after", Integer.toString(ApiError.RETRY_AFTER_SECONDS));
        }
        if (e != null && e.status() == 405) {
            h.put("allow", "POST");
        }
        return h;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response", e);
        }
    }

    private static String label(boolean single, int i) {
        return single ? "record" : "records[" + i + "]";
    }

    private static Failure invalid(String field, String problem) {
        return invalid(List.of(new FieldError(field, problem)));
    }

    private static Failure invalid(List<FieldError> errors) {
        return new Failure(ApiError.invalid(errors), "fields=" + errors.stream().map(PredictionService::loggable).toList());
    }

    /**
     * A field as the log may name it: ours (body, record(s), reasons, a record's feature) as is; a name the caller
     * made up (an unknown body field, which may be anything, a person's name too) only as "unknown". The response
     * still names it to the caller.
     */
    private static String loggable(FieldError e) {
        String f = e.field();
        return BODY_FIELDS.contains(f) || f.equals("body") || f.startsWith("records[") || f.startsWith("record.")
                ? f : "unknown";
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }

    /** Ends a request with an error response; no stack trace (it is control flow, not a bug). */
    private static final class Failure extends RuntimeException {
        private final ApiError error;
        private final String note;

        Failure(ApiError error) {
            this(error, null);
        }

        Failure(ApiError error, String note) {
            super(error.code(), null, false, false);
            this.error = error;
            this.note = note;
        }
    }
}
