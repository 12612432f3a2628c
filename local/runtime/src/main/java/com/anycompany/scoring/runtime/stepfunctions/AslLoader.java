package com.anycompany.scoring.runtime.stepfunctions;

import com.anycompany.scoring.runtime.stepfunctions.Model.Catcher;
import com.anycompany.scoring.runtime.stepfunctions.Model.Graph;
import com.anycompany.scoring.runtime.stepfunctions.Model.PathSpec;
import com.anycompany.scoring.runtime.stepfunctions.Model.Retrier;
import com.anycompany.scoring.runtime.stepfunctions.Model.State;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates an ASL document. Every field of every state is either implemented, or refused by name
 * ("state 'X': field 'Credentials' is not supported by the local executor"); unknown fields and broken references
 * (Next to a missing state, …) are errors too. All problems are collected and thrown together.
 */
final class AslLoader {
    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    static final String S3_GET_OBJECT = "arn:aws:states:::s3:getObject";
    static final String S3_LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2";
    static final String S3_PUT_OBJECT = "arn:aws:states:::s3:putObject";

    private static final Set<String> COMMON = Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath",
            "QueryLanguage");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", Set.of("Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
                    "TimeoutSeconds", "TimeoutSecondsPath"),
            "Pass", Set.of("Result", "ResultPath", "Parameters"),
            "Choice", Set.of("Choices", "Default"),
            "Wait", Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
            "Succeed", Set.of(),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            "Parallel", Set.of("Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"),
            "Map", Set.of("ItemsPath", "ItemSelector", "Parameters", "Iterator", "ItemProcessor", "MaxConcurrency",
                    "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch", "ItemReader",
                    "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
                    "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"));
    /** Real ASL fields the local executor does not implement: refused with this name, never ignored. */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("Credentials", "HeartbeatSeconds",
            "HeartbeatSecondsPath", "Arguments", "Output", "Assign", "Items");

    private final TaskInvoker invoker;
    private final List<String> problems = new ArrayList<>();

    private AslLoader(TaskInvoker invoker) {
        this.invoker = invoker;
    }

    static Graph load(JsonNode doc, TaskInvoker invoker) {
        AslLoader loader = new AslLoader(invoker);
        if (!doc.isObject()) {
            throw new AslDefinitionException("the definition is not a JSON object");
        }
        for (var it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage").contains(f)) {
                loader.problems.add("top level: field '" + f + "' is not supported by the local executor");
            }
        }
        loader.checkQueryLanguage(doc, "top level");
        Graph g = loader.graph(doc, "", 0);
        if (!loader.problems.isEmpty()) {
            throw new AslDefinitionException(loader.problems);
        }
        return g;
    }

    private void checkQueryLanguage(JsonNode node, String where) {
        if (node.has("QueryLanguage") && !"JSONPath".equals(node.get("QueryLanguage").asText())) {
            problems.add(where + ": QueryLanguage '" + node.get("QueryLanguage").asText()
                    + "' is not supported by the local executor (JSONPath only)");
        }
    }

    private Graph graph(JsonNode doc, String prefix, int depth) {
        String startAt = text(doc, "StartAt", prefix.isEmpty() ? "top level" : prefix);
        JsonNode statesNode = doc.get("States");
        Map<String, State> states = new LinkedHashMap<>();
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            problems.add((prefix.isEmpty() ? "top level" : prefix) + ": States must be a non-empty object");
            return new Graph(startAt, states);
        }
        for (var it = statesNode.fields(); it.hasNext(); ) {
            var e = it.next();
            State s = state(e.getKey(), e.getValue(), depth);
            if (s != null) {
                states.put(e.getKey(), s);
            }
        }
        if (startAt != null && !statesNode.has(startAt)) {
            problems.add((prefix.isEmpty() ? "top level" : prefix) + ": StartAt '" + startAt + "' is not a state");
        }
        // references stay inside their own state list
        statesNode.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            List<String> targets = new ArrayList<>();
            if (s.has("Next")) {
                targets.add(s.get("Next").asText());
            }
            if (s.has("Default")) {
                targets.add(s.get("Default").asText());
            }
            if (s.has("Choices")) {
                s.get("Choices").forEach(c -> targets.add(c.path("Next").asText()));
            }
            if (s.has("Catch")) {
                s.get("Catch").forEach(c -> targets.add(c.path("Next").asText()));
            }
            for (String t : targets) {
                if (!statesNode.has(t)) {
                    problems.add("state '" + e.getKey() + "': Next '" + t + "' is not a state of the same list");
                }
            }
        });
        return new Graph(startAt, states);
    }

    private State state(String name, JsonNode s, int depth) {
        String where = "state '" + name + "'";
        String type = s.path("Type").asText(null);
        Set<String> own = type == null ? null : FIELDS.get(type);
        if (own == null) {
            problems.add(where + ": Type '" + type + "' is not a state type the local executor supports");
            return null;
        }
        for (var it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            boolean allowed = own.contains(f) || (COMMON.contains(f) && !(type.equals("Fail")
                    && Set.of("Next", "End", "InputPath", "OutputPath").contains(f))
                    && !(Set.of("Choice", "Succeed").contains(type) && Set.of("Next", "End").contains(f)));
            if (!allowed) {
                problems.add(where + ": field '" + f + "' is not supported by the local executor"
                        + (KNOWN_UNSUPPORTED.contains(f) || COMMON.contains(f) ? "" : " (nor is it a " + type + " field in ASL)"));
            }
        }
        checkQueryLanguage(s, where);
        boolean terminal = Set.of("Choice", "Succeed", "Fail").contains(type);
        String next = s.has("Next") ? s.get("Next").asText() : null;
        boolean end = s.path("End").asBoolean(false);
        if (!terminal && (next == null) == !end) {
            problems.add(where + ": needs exactly one of Next or End: true");
        }
        PathSpec inputPath = pathSpec(s, "InputPath", where);
        PathSpec outputPath = pathSpec(s, "OutputPath", where);
        PathSpec resultPath = pathSpec(s, "ResultPath", where);
        PayloadTemplate parameters = template(s, "Parameters", where);
        PayloadTemplate resultSelector = template(s, "ResultSelector", where);
        List<Retrier> retry = retriers(s, where);
        List<Catcher> catchers = catchers(s, where);
        Model.Kind kind = switch (type) {
            case "Task" -> task(s, where);
            case "Pass" -> new Model.Pass(s.get("Result"));
            case "Choice" -> choice(s, where);
            case "Wait" -> waitState(s, where);
            case "Succeed" -> new Model.Succeed();
            case "Fail" -> fail(s, where);
            case "Parallel" -> parallel(s, where, depth);
            case "Map" -> map(s, where, depth);
            default -> throw new IllegalStateException(type);
        };
        if (type.equals("Map")) {
            parameters = null; // Map's legacy Parameters is its ItemSelector (see map())
        }
        return new State(name, type, next, end, inputPath, outputPath, parameters, resultSelector, resultPath,
                retry, catchers, kind);
    }

    private Model.Task task(JsonNode s, String where) {
        String resource = text(s, "Resource", where);
        if (resource != null) {
            String refusal = invoker == null ? "no TaskInvoker was given" : invoker.refusal(resource);
            if (refusal != null) {
                problems.add(where + ": Resource '" + resource + "' is not supported by the local executor: " + refusal);
            }
        }
        if (s.has("TimeoutSeconds") && s.has("TimeoutSecondsPath")) {
            problems.add(where + ": TimeoutSeconds and TimeoutSecondsPath are exclusive");
        }
        Integer timeout = s.has("TimeoutSeconds") ? positiveInt(s, "TimeoutSeconds", where) : null;
        return new Model.Task(resource, timeout, path(s, "TimeoutSecondsPath", where));
    }

    private Model.Choice choice(JsonNode s, String where) {
        JsonNode list = s.get("Choices");
        List<ChoiceRules.Branch> branches = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(where + ": Choices must be a non-empty array");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode r = list.get(i);
                String w = where + ": Choices[" + i + "]";
                if (!r.has("Next")) {
                    problems.add(w + ": needs Next");
                }
                branches.add(new ChoiceRules.Branch(ChoiceRules.parse(r, w, problems), r.path("Next").asText()));
            }
        }
        return new Model.Choice(branches, s.has("Default") ? s.get("Default").asText() : null);
    }

    private Model.Wait waitState(JsonNode s, String where) {
        int n = (s.has("Seconds") ? 1 : 0) + (s.has("SecondsPath") ? 1 : 0) + (s.has("Timestamp") ? 1 : 0)
                + (s.has("TimestampPath") ? 1 : 0);
        if (n != 1) {
            problems.add(where + ": needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
        }
        Long seconds = null;
        if (s.has("Seconds")) {
            if (!s.get("Seconds").canConvertToLong() || !s.get("Seconds").isIntegralNumber() || s.get("Seconds").asLong() < 0) {
                problems.add(where + ": Seconds must be a non-negative integer");
            } else {
                seconds = s.get("Seconds").asLong();
            }
        }
        String ts = null;
        if (s.has("Timestamp")) {
            ts = s.get("Timestamp").asText();
            if (ChoiceRules.timestamp(s.get("Timestamp")) == null) {
                problems.add(where + ": Timestamp '" + ts + "' is not an RFC 3339 timestamp");
            }
        }
        return new Model.Wait(seconds, path(s, "SecondsPath", where), ts, path(s, "TimestampPath", where));
    }

    private Model.Fail fail(JsonNode s, String where) {
        if (s.has("Error") && s.has("ErrorPath") || s.has("Cause") && s.has("CausePath")) {
            problems.add(where + ": Error/ErrorPath and Cause/CausePath are exclusive");
        }
        return new Model.Fail(s.has("Error") ? s.get("Error").asText() : null,
                s.has("Cause") ? s.get("Cause").asText() : null,
                expr(s, "ErrorPath", where), expr(s, "CausePath", where));
    }

    private Model.Parallel parallel(JsonNode s, String where, int depth) {
        JsonNode list = s.get("Branches");
        List<Graph> branches = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(where + ": Branches must be a non-empty array");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode b = list.get(i);
                unknownFields(b, Set.of("StartAt", "States", "Comment", "QueryLanguage"), where + ": Branches[" + i + "]");
                branches.add(graph(b, where + ": Branches[" + i + "]", depth + 1));
            }
        }
        return new Model.Parallel(branches);
    }

    private Model.MapKind map(JsonNode s, String where, int depth) {
        if (s.has("Iterator") == s.has("ItemProcessor")) {
            problems.add(where + ": needs exactly one of ItemProcessor or Iterator");
        }
        if (s.has("ItemSelector") && s.has("Parameters")) {
            problems.add(where + ": ItemSelector and Parameters are exclusive");
        }
        JsonNode proc = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
        boolean distributed = false;
        Graph processor = null;
        if (proc != null) {
            unknownFields(proc, Set.of("StartAt", "States", "Comment", "ProcessorConfig", "QueryLanguage"),
                    where + ": ItemProcessor");
            JsonNode cfg = proc.path("ProcessorConfig");
            if (cfg.isObject()) {
                unknownFields(cfg, Set.of("Mode", "ExecutionType"), where + ": ItemProcessor.ProcessorConfig");
                String mode = cfg.path("Mode").asText("INLINE");
                if (!Set.of("INLINE", "DISTRIBUTED").contains(mode)) {
                    problems.add(where + ": ProcessorConfig.Mode '" + mode + "' is not INLINE or DISTRIBUTED");
                }
                distributed = mode.equals("DISTRIBUTED");
                String execType = cfg.path("ExecutionType").asText("STANDARD");
                if (!Set.of("STANDARD", "EXPRESS").contains(execType)) {
                    problems.add(where + ": ProcessorConfig.ExecutionType '" + execType + "' is not STANDARD or EXPRESS");
                }
            }
            processor = graph(proc, where + ": ItemProcessor", depth + 1);
        }
        if (!distributed) {
            for (String f : List.of("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label")) {
                if (s.has(f)) {
                    problems.add(where + ": field '" + f + "' needs ItemProcessor.ProcessorConfig.Mode DISTRIBUTED");
                }
            }
        }
        if (s.has("ItemReader") && s.has("ItemsPath")) {
            problems.add(where + ": ItemsPath and ItemReader are exclusive");
        }
        PayloadTemplate selector = s.has("ItemSelector") ? template(s, "ItemSelector", where) : template(s, "Parameters", where);
        Integer maxConcurrency = s.has("MaxConcurrency") ? nonNegativeInt(s, "MaxConcurrency", where) : null;
        Double pct = null;
        if (s.has("ToleratedFailurePercentage")) {
            JsonNode p = s.get("ToleratedFailurePercentage");
            if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                problems.add(where + ": ToleratedFailurePercentage must be a number from 0 to 100");
            } else {
                pct = p.asDouble();
            }
        }
        Long count = s.has("ToleratedFailureCount") ? (long) nonNegativeInt(s, "ToleratedFailureCount", where) : null;
        return new Model.MapKind(processor, distributed, path(s, "ItemsPath", where), selector, maxConcurrency,
                path(s, "MaxConcurrencyPath", where), itemReader(s.get("ItemReader"), where),
                itemBatcher(s.get("ItemBatcher"), where), resultWriter(s.get("ResultWriter"), where),
                pct, path(s, "ToleratedFailurePercentagePath", where), count,
                path(s, "ToleratedFailureCountPath", where), s.has("Label") ? s.get("Label").asText() : null);
    }

    private Model.ItemReader itemReader(JsonNode r, String where) {
        if (r == null) {
            return null;
        }
        String w = where + ": ItemReader";
        unknownFields(r, Set.of("Resource", "Parameters", "ReaderConfig"), w);
        String resource = text(r, "Resource", w);
        JsonNode cfg = r.path("ReaderConfig");
        unknownFields(cfg, Set.of("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
                "MaxItemsPath"), w + ".ReaderConfig");
        String inputType = null;
        boolean firstRow = true;
        List<String> headers = null;
        if (S3_GET_OBJECT.equals(resource)) {
            inputType = cfg.path("InputType").asText(null);
            if (!Set.of("JSON", "JSONL", "CSV").contains(String.valueOf(inputType))) {
                problems.add(w + ": ReaderConfig.InputType '" + inputType
                        + "' is not supported by the local executor (JSON, JSONL, CSV)");
            }
            String loc = cfg.path("CSVHeaderLocation").asText("FIRST_ROW");
            firstRow = loc.equals("FIRST_ROW");
            if (!firstRow && !loc.equals("GIVEN")) {
                problems.add(w + ": CSVHeaderLocation '" + loc + "' is not FIRST_ROW or GIVEN");
            }
            if (!firstRow) {
                if (!cfg.path("CSVHeaders").isArray()) {
                    problems.add(w + ": CSVHeaderLocation GIVEN needs CSVHeaders");
                } else {
                    headers = new ArrayList<>();
                    for (JsonNode h : cfg.get("CSVHeaders")) {
                        headers.add(h.asText());
                    }
                }
            }
            String d = cfg.path("CSVDelimiter").asText("COMMA");
            if (!d.equals("COMMA")) {
                problems.add(w + ": CSVDelimiter '" + d + "' is not supported by the local executor (COMMA only)");
            }
        } else if (S3_LIST_OBJECTS.equals(resource)) {
            if (cfg.has("InputType") || cfg.has("CSVHeaderLocation") || cfg.has("CSVHeaders")) {
                problems.add(w + ": ReaderConfig.InputType/CSV* do not apply to s3:listObjectsV2");
            }
        } else if (resource != null) {
            problems.add(w + ": Resource '" + resource + "' is not supported by the local executor ("
                    + S3_GET_OBJECT + " or " + S3_LIST_OBJECTS + ")");
        }
        Long maxItems = cfg.has("MaxItems") ? (long) nonNegativeInt(cfg, "MaxItems", w) : null;
        PayloadTemplate params = template(r, "Parameters", w);
        if (params == null) {
            problems.add(w + ": needs Parameters (Bucket and Key, or Bucket and Prefix)");
        } else {
            JsonNode p = r.get("Parameters");
            for (var it = p.fieldNames(); it.hasNext(); ) {
                String f = it.next().replace(".$", "");
                Set<String> allowed = S3_LIST_OBJECTS.equals(resource) ? Set.of("Bucket", "Prefix") : Set.of("Bucket", "Key");
                if (!allowed.contains(f)) {
                    problems.add(w + ": Parameters field '" + f + "' is not supported by the local executor");
                }
            }
        }
        return new Model.ItemReader(resource, params, inputType, firstRow, headers, maxItems,
                path(cfg, "MaxItemsPath", w));
    }

    private Model.ItemBatcher itemBatcher(JsonNode b, String where) {
        if (b == null) {
            return null;
        }
        String w = where + ": ItemBatcher";
        unknownFields(b, Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath", "BatchInput"), w);
        Integer items = b.has("MaxItemsPerBatch") ? positiveInt(b, "MaxItemsPerBatch", w) : null;
        Integer bytes = b.has("MaxInputBytesPerBatch") ? positiveInt(b, "MaxInputBytesPerBatch", w) : null;
        if (items == null && bytes == null && !b.has("MaxItemsPerBatchPath") && !b.has("MaxInputBytesPerBatchPath")) {
            problems.add(w + ": needs MaxItemsPerBatch or MaxInputBytesPerBatch");
        }
        return new Model.ItemBatcher(items, path(b, "MaxItemsPerBatchPath", w), bytes,
                path(b, "MaxInputBytesPerBatchPath", w), template(b, "BatchInput", w));
    }

    private Model.ResultWriter resultWriter(JsonNode r, String where) {
        if (r == null) {
            return null;
        }
        String w = where + ": ResultWriter";
        unknownFields(r, Set.of("Resource", "Parameters"), w);
        if (!S3_PUT_OBJECT.equals(r.path("Resource").asText())) {
            problems.add(w + ": Resource must be " + S3_PUT_OBJECT);
        }
        PayloadTemplate p = template(r, "Parameters", w);
        if (p == null) {
            problems.add(w + ": needs Parameters (Bucket, Prefix)");
        }
        return new Model.ResultWriter(p);
    }

    private List<Retrier> retriers(JsonNode s, String where) {
        List<Retrier> out = new ArrayList<>();
        JsonNode list = s.get("Retry");
        if (list == null) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String w = where + ": Retry[" + i + "]";
            unknownFields(r, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                    "JitterStrategy", "Comment"), w);
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!Set.of("NONE", "FULL").contains(jitter)) {
                problems.add(w + ": JitterStrategy '" + jitter + "' is not NONE or FULL");
            }
            double backoff = r.path("BackoffRate").asDouble(2.0);
            if (backoff < 1.0) {
                problems.add(w + ": BackoffRate must be at least 1.0");
            }
            out.add(new Retrier(errorEquals(r, w, i == list.size() - 1), r.has("IntervalSeconds")
                    ? positiveInt(r, "IntervalSeconds", w) : 1, r.has("MaxAttempts")
                    ? nonNegativeInt(r, "MaxAttempts", w) : 3, backoff,
                    r.has("MaxDelaySeconds") ? (double) positiveInt(r, "MaxDelaySeconds", w) : null,
                    jitter.equals("FULL")));
        }
        return out;
    }

    private List<Catcher> catchers(JsonNode s, String where) {
        List<Catcher> out = new ArrayList<>();
        JsonNode list = s.get("Catch");
        if (list == null) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String w = where + ": Catch[" + i + "]";
            unknownFields(c, Set.of("ErrorEquals", "ResultPath", "Next", "Comment"), w);
            out.add(new Catcher(errorEquals(c, w, i == list.size() - 1), pathSpec(c, "ResultPath", w),
                    text(c, "Next", w)));
        }
        return out;
    }

    private List<String> errorEquals(JsonNode r, String where, boolean last) {
        JsonNode list = r.get("ErrorEquals");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(where + ": ErrorEquals must be a non-empty array");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.asText()));
        if (out.contains(AslErrors.ALL) && (out.size() > 1 || !last)) {
            problems.add(where + ": States.ALL must be alone and in the last retrier/catcher");
        }
        return List.copyOf(out);
    }

    // ---- field helpers -------------------------------------------------------------------------------------------

    private void unknownFields(JsonNode node, Set<String> allowed, String where) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                problems.add(where + ": field '" + f + "' is not supported by the local executor");
            }
        }
    }

    private String text(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (v == null || !v.isTextual()) {
            problems.add(where + ": needs " + field + " (a string)");
            return null;
        }
        return v.asText();
    }

    private Integer positiveInt(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            problems.add(where + ": " + field + " must be a positive integer");
            return 1;
        }
        return v.asInt();
    }

    private Integer nonNegativeInt(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            problems.add(where + ": " + field + " must be a non-negative integer");
            return 0;
        }
        return v.asInt();
    }

    private JsonPath path(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (v == null) {
            return null;
        }
        try {
            return JsonPath.parse(v.asText());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + field + ": " + e.getMessage());
            return null;
        }
    }

    private PathSpec pathSpec(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (v == null) {
            return PathSpec.ROOT;
        }
        if (v.isNull()) {
            return PathSpec.DISCARD;
        }
        JsonPath p = path(s, field, where);
        if (p != null && p.isContext() && field.equals("ResultPath")) {
            problems.add(where + ": ResultPath cannot point into the context object");
            return PathSpec.ROOT;
        }
        return p == null ? PathSpec.ROOT : new PathSpec(p, false);
    }

    private PayloadTemplate template(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (v == null) {
            return null;
        }
        try {
            return PayloadTemplate.compile(v, where + ": " + field);
        } catch (AslDefinitionException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private Intrinsics.Expr expr(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (v == null) {
            return null;
        }
        try {
            return PayloadTemplate.compileExpression(v.asText(), where + ": " + field);
        } catch (AslDefinitionException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
