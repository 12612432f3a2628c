package com.anycompany.scoring.runtime;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.anycompany.scoring.local.LocalAws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SAM template read for the local runtime: parameters, {@code Globals.Function} merged into every
 * {@code AWS::Serverless::Function}, the functions with their events, the SQS queues and S3 buckets; intrinsics
 * ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::If}, {@code Fn::Join}, …) resolve to LOCAL names:
 * <ul>
 *   <li>{@code Ref} bucket → its local name: a literal {@code BucketName}, else the lower-cased logical id;</li>
 *   <li>{@code Ref} queue → its ElasticMQ URL; {@code GetAtt Q.Arn} → {@code arn:aws:sqs:us-east-1:000000000000:<name>};
 *       the name is a literal {@code QueueName}, else the logical id (plus {@code .fifo} for FIFO queues);</li>
 *   <li>{@code Ref} parameter → its override or default; pseudo parameters → us-east-1, 000000000000, "local", aws.</li>
 * </ul>
 * Functions are resolved on first use, so an intrinsic the local runtime cannot resolve in one function only breaks
 * that function. Errors are {@link TemplateException}s naming the resource, the property and the intrinsic.
 */
public final class SamTemplate {
    public static final String STACK_NAME = "local";
    /** The version number {@code ${Fn.Version}} names locally: the one version of the code the runtime runs. */
    public static final String LOCAL_VERSION = "1";
    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

    private final String source;
    private final String sqsEndpoint;
    private final Map<String, Object> root;
    private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Set<String> listParameters = new LinkedHashSet<>();
    private final Map<String, Boolean> conditionCache = new LinkedHashMap<>();
    private final Map<String, String> bucketNames = new LinkedHashMap<>();
    private final Map<String, String> queueNames = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();

    private SamTemplate(String source, Map<String, Object> root, String sqsEndpoint, Map<String, String> overrides) {
        this.source = source;
        this.root = root;
        this.sqsEndpoint = stripSlash(sqsEndpoint);
        readParameters(overrides);
        Map<String, Object> rawResources = map(root.get("Resources"), "Resources");
        for (var e : rawResources.entrySet()) {
            Map<String, Object> resource = map(e.getValue(), e.getKey());
            Object condition = resource.get("Condition");
            if (condition != null && !condition(String.valueOf(condition), e.getKey() + ".Condition")) {
                continue;
            }
            resources.put(e.getKey(), resource);
        }
        resources.forEach((id, resource) -> {
            Map<String, Object> props = properties(resource, id);
            switch (type(id)) {
                case "AWS::S3::Bucket" -> bucketNames.put(id, props.get("BucketName") instanceof String s
                        ? s : id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-"));
                case "AWS::SQS::Queue" -> queueNames.put(id, props.get("QueueName") instanceof String s
                        ? s : id + (truthy(props.get("FifoQueue")) ? ".fifo" : ""));
                default -> {
                }
            }
        });
        bucketNames.forEach((id, name) -> buckets.put(id, new Bucket(id, name)));
        queueNames.keySet().forEach(id -> queues.put(id, readQueue(id)));
    }

    /** Reads the template; {@code sqsEndpoint} is the ElasticMQ base URL used for queue URLs. */
    public static SamTemplate load(Path file, String sqsEndpoint, Map<String, String> parameterOverrides) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file + ": " + e.getMessage(), e);
        }
        return parse(yaml, file.getFileName().toString(), sqsEndpoint, parameterOverrides);
    }

    public static SamTemplate parse(String yaml, String source, String sqsEndpoint, Map<String, String> overrides) {
        Map<String, Object> root;
        try {
            root = CfnYaml.parse(yaml);
        } catch (TemplateException e) {
            throw new TemplateException(source + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new TemplateException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        return new SamTemplate(source, root, sqsEndpoint, overrides);
    }

    /** A template with nothing in it (for commands run where no template.yaml exists). */
    public static SamTemplate empty(String sqsEndpoint) {
        return new SamTemplate("(no template)", new LinkedHashMap<>(), sqsEndpoint, Map.of());
    }

    public String source() {
        return source;
    }

    /** Parameter values after overrides (list parameters joined with commas). */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public Map<String, Queue> queues() {
        return Collections.unmodifiableMap(queues);
    }

    public Map<String, Bucket> buckets() {
        return Collections.unmodifiableMap(buckets);
    }

    public Queue queue(String logicalId) {
        Queue q = queues.get(logicalId);
        if (q == null) {
            throw new TemplateException(source + ": no AWS::SQS::Queue named " + logicalId + " (queues: "
                    + queues.keySet() + ")");
        }
        return q;
    }

    public Bucket bucket(String logicalId) {
        Bucket b = buckets.get(logicalId);
        if (b == null) {
            throw new TemplateException(source + ": no AWS::S3::Bucket named " + logicalId + " (buckets: "
                    + buckets.keySet() + ")");
        }
        return b;
    }

    /** Queues ordered so that every dead-letter queue comes before the queues that redrive to it. */
    public List<Queue> queuesInCreationOrder() {
        List<Queue> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String id : queues.keySet()) {
            addQueue(id, ordered, done, new LinkedHashSet<>());
        }
        return ordered;
    }

    private void addQueue(String id, List<Queue> ordered, Set<String> done, Set<String> visiting) {
        if (done.contains(id) || !visiting.add(id)) {
            return;
        }
        Queue q = queues.get(id);
        q.redrive().flatMap(Redrive::deadLetterQueueLogicalId).ifPresent(dlq -> addQueue(dlq, ordered, done, visiting));
        done.add(id);
        ordered.add(q);
    }

    public Set<String> functionIds() {
        Set<String> ids = new LinkedHashSet<>();
        resources.forEach((id, r) -> {
            if (isFunctionType(type(id))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Every function, resolved (fails on the first one that cannot be resolved). */
    public Map<String, Function> functions() {
        Map<String, Function> all = new LinkedHashMap<>();
        for (String id : functionIds()) {
            all.put(id, function(id));
        }
        return all;
    }

    /** The function with this logical id, Globals merged and intrinsics resolved. */
    public synchronized Function function(String logicalId) {
        Function cached = functions.get(logicalId);
        if (cached != null) {
            return cached;
        }
        if (!resources.containsKey(logicalId) || !isFunctionType(type(logicalId))) {
            throw new TemplateException(source + ": no function named " + logicalId + " (functions: "
                    + functionIds() + ")");
        }
        Function f = readFunction(logicalId);
        functions.put(logicalId, f);
        return f;
    }

    /** The raw resource (Type, Properties, …) as parsed, intrinsics unresolved. */
    public Map<String, Object> resource(String logicalId) {
        return resources.get(logicalId);
    }

    /** Resolves intrinsics in any node of the template; {@code path} names it in errors. */
    public Object resolve(Object node, String path) {
        Object value = resolveNode(node, path);
        return value == NO_VALUE ? null : value;
    }

    /** Resolves a node that must be a scalar and returns it as a string (null when absent or AWS::NoValue). */
    public String resolveString(Object node, String path) {
        Object value = resolve(node, path);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new TemplateException(source + ": " + path + ": expected a string, got " + value);
        }
        return String.valueOf(value);
    }

    // ---- parameters and conditions ------------------------------------------------------------------------

    private void readParameters(Map<String, String> overrides) {
        Map<String, Object> declared = root.get("Parameters") == null ? Map.of() : map(root.get("Parameters"), "Parameters");
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new TemplateException(source + ": parameter override " + name + " is not a declared parameter "
                        + "(parameters: " + declared.keySet() + ")");
            }
        }
        declared.forEach((name, raw) -> {
            Map<String, Object> def = map(raw, "Parameters." + name);
            String type = String.valueOf(def.getOrDefault("Type", "String"));
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                listParameters.add(name);
            }
            Object value = overrides.containsKey(name) ? overrides.get(name) : def.get("Default");
            if (value instanceof List<?> list) {
                value = String.join(",", list.stream().map(String::valueOf).toList());
            }
            if (value != null) {
                parameters.put(name, String.valueOf(value));
            } else {
                parameters.put(name, null);
            }
            Object allowed = def.get("AllowedValues");
            if (value != null && allowed instanceof List<?> values
                    && values.stream().map(String::valueOf).noneMatch(String.valueOf(value)::equals)) {
                throw new TemplateException(source + ": parameter " + name + "=" + value + " is not one of " + values);
            }
        });
    }

    private boolean condition(String name, String path) {
        Boolean cached = conditionCache.get(name);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> conditions = root.get("Conditions") == null ? Map.of() : map(root.get("Conditions"), "Conditions");
        if (!conditions.containsKey(name)) {
            throw new TemplateException(source + ": " + path + ": unknown condition " + name);
        }
        conditionCache.put(name, false); // guards against cycles
        boolean value = truthy(resolveNode(conditions.get(name), "Conditions." + name));
        conditionCache.put(name, value);
        return value;
    }

    // ---- resources ----------------------------------------------------------------------------------------

    private String type(String logicalId) {
        return String.valueOf(resources.get(logicalId).get("Type"));
    }

    private static boolean isFunctionType(String type) {
        return type.equals("AWS::Serverless::Function") || type.equals("AWS::Lambda::Function");
    }

    private Map<String, Object> properties(Map<String, Object> resource, String id) {
        Object props = resource.get("Properties");
        return props == null ? new LinkedHashMap<>() : map(props, id + ".Properties");
    }

    private Queue readQueue(String id) {
        Map<String, Object> props = properties(resources.get(id), id);
        String path = id + ".Properties.";
        String name = queueNames.get(id);
        boolean fifo = truthy(resolve(props.get("FifoQueue"), path + "FifoQueue"));
        int visibility = intValue(resolve(props.get("VisibilityTimeout"), path + "VisibilityTimeout"), 30, path + "VisibilityTimeout");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("VisibilityTimeout", String.valueOf(visibility));
        if (fifo) {
            attributes.put("FifoQueue", "true");
        }
        for (String attr : List.of("ContentBasedDeduplication", "DelaySeconds", "MessageRetentionPeriod",
                "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize", "DeduplicationScope", "FifoThroughputLimit")) {
            Object v = resolve(props.get(attr), path + attr);
            if (v != null) {
                attributes.put(attr, String.valueOf(v));
            }
        }
        Optional<Redrive> redrive = Optional.empty();
        Object rawRedrive = props.get("RedrivePolicy");
        if (rawRedrive != null) {
            Object resolved = resolve(rawRedrive, path + "RedrivePolicy");
            Map<String, Object> policy;
            if (resolved instanceof String s) {
                try {
                    policy = JSON.readValue(s, LinkedHashMap.class);
                } catch (JsonProcessingException e) {
                    throw new TemplateException(source + ": " + path + "RedrivePolicy is not JSON: " + e.getOriginalMessage());
                }
            } else {
                policy = map(resolved, path + "RedrivePolicy");
            }
            String target = Objects.toString(policy.get("deadLetterTargetArn"), null);
            if (target == null) {
                throw new TemplateException(source + ": " + path + "RedrivePolicy has no deadLetterTargetArn");
            }
            int maxReceive = intValue(policy.get("maxReceiveCount"), 10, path + "RedrivePolicy.maxReceiveCount");
            Optional<String> dlqId = queueNames.entrySet().stream()
                    .filter(e -> LocalAws.queueArn(e.getValue()).equals(target)).map(Map.Entry::getKey).findFirst();
            redrive = Optional.of(new Redrive(target, dlqId, maxReceive));
            try {
                attributes.put("RedrivePolicy", JSON.writeValueAsString(
                        Map.of("deadLetterTargetArn", target, "maxReceiveCount", maxReceive)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Queue(id, name, queueUrl(name), LocalAws.queueArn(name), visibility, fifo, redrive,
                Collections.unmodifiableMap(attributes));
    }

    private Function readFunction(String id) {
        Map<String, Object> props = properties(resources.get(id), id);
        if (type(id).equals("AWS::Serverless::Function") && root.get("Globals") instanceof Map<?, ?> globals
                && globals.get("Function") instanceof Map<?, ?> globalFunction) {
            props = mergeGlobals(castMap(globalFunction), props);
        }
        String path = id + ".Properties.";
        String handler = resolveString(props.get("Handler"), path + "Handler");
        if (handler == null || handler.isBlank()) {
            throw new TemplateException(source + ": " + id + " has no Handler");
        }
        String name = props.get("FunctionName") instanceof String s ? s : id;
        Map<String, String> env = new LinkedHashMap<>();
        if (props.get("Environment") instanceof Map<?, ?> environment && environment.get("Variables") != null) {
            Map<String, Object> vars = map(environment.get("Variables"), path + "Environment.Variables");
            vars.forEach((k, v) -> {
                Object value = resolveNode(v, path + "Environment.Variables." + k);
                if (value == NO_VALUE || value == null) {
                    return;
                }
                if (value instanceof Map || value instanceof List) {
                    throw new TemplateException(source + ": " + path + "Environment.Variables." + k
                            + ": an environment variable must resolve to a string, got " + value);
                }
                env.put(k, String.valueOf(value));
            });
        }
        List<Event> events = new ArrayList<>();
        if (props.get("Events") != null) {
            map(props.get("Events"), path + "Events").forEach((eventName, raw) ->
                    events.add(readEvent(id, eventName, map(raw, path + "Events." + eventName))));
        }
        return new Function(id, name, handler,
                resolveString(props.get("Runtime"), path + "Runtime"),
                intValue(resolve(props.get("MemorySize"), path + "MemorySize"), 128, path + "MemorySize"),
                intValue(resolve(props.get("Timeout"), path + "Timeout"), 3, path + "Timeout"),
                props.get("CodeUri") instanceof String s ? s : null,
                Collections.unmodifiableMap(env), List.copyOf(events), Collections.unmodifiableMap(props));
    }

    private Event readEvent(String functionId, String eventName, Map<String, Object> event) {
        String path = functionId + ".Properties.Events." + eventName + ".Properties.";
        String type = String.valueOf(event.get("Type"));
        Map<String, Object> p = event.get("Properties") == null ? Map.of() : map(event.get("Properties"), path);
        switch (type) {
            case "SQS": {
                String queueRef = resolveString(p.get("Queue"), path + "Queue");
                Queue queue = queues.values().stream()
                        .filter(q -> q.arn().equals(queueRef) || q.url().equals(queueRef) || q.name().equals(queueRef))
                        .findFirst()
                        .orElseThrow(() -> new TemplateException(source + ": " + path + "Queue: " + queueRef
                                + " is not a queue declared in the template"));
                List<String> responseTypes = new ArrayList<>();
                Object rt = resolve(p.get("FunctionResponseTypes"), path + "FunctionResponseTypes");
                if (rt instanceof List<?> list) {
                    list.forEach(x -> responseTypes.add(String.valueOf(x)));
                }
                Integer maxConcurrency = null;
                if (p.get("ScalingConfig") instanceof Map<?, ?> scaling && scaling.get("MaximumConcurrency") != null) {
                    maxConcurrency = intValue(resolve(scaling.get("MaximumConcurrency"), path + "ScalingConfig"), 2, path);
                }
                Object enabled = resolve(p.get("Enabled"), path + "Enabled");
                return new SqsEvent(eventName, queue.logicalId(), queue.name(), queue.url(), queue.arn(),
                        intValue(resolve(p.get("BatchSize"), path + "BatchSize"), 10, path + "BatchSize"),
                        intValue(resolve(p.get("MaximumBatchingWindowInSeconds"), path + "MaximumBatchingWindowInSeconds"),
                                0, path + "MaximumBatchingWindowInSeconds"),
                        List.copyOf(responseTypes), enabled == null || truthy(enabled),
                        Optional.ofNullable(maxConcurrency));
            }
            case "S3": {
                Object bucketRaw = p.get("Bucket");
                String bucket = resolveString(bucketRaw, path + "Bucket");
                String bucketId = buckets.values().stream().filter(b -> b.name().equals(bucket))
                        .map(Bucket::logicalId).findFirst().orElse(null);
                Object evs = resolve(p.get("Events"), path + "Events");
                List<String> s3Events = evs instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                        : evs == null ? List.of() : List.of(String.valueOf(evs));
                Object filter = resolve(p.get("Filter"), path + "Filter");
                return new S3Event(eventName, bucketId, bucket, s3Events, filter instanceof Map<?, ?> m ? castMap(m) : Map.of());
            }
            case "Schedule":
            case "ScheduleV2": {
                String schedule = resolveString(p.get(type.equals("Schedule") ? "Schedule" : "ScheduleExpression"),
                        path + "Schedule");
                Object enabled = resolve(p.get("Enabled"), path + "Enabled");
                Object state = resolve(p.get("State"), path + "State");
                boolean on = enabled != null ? truthy(enabled) : state == null || "ENABLED".equals(String.valueOf(state));
                return new ScheduleEvent(eventName, schedule, on, resolveString(p.get("Input"), path + "Input"));
            }
            default:
                return new OtherEvent(eventName, type, p);
        }
    }

    /** SAM's Globals rules: maps merge key-wise (function wins), lists concatenate, scalars are overridden. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> local) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        local.forEach((k, v) -> {
            Object g = merged.get(k);
            if (g instanceof Map<?, ?> gm && v instanceof Map<?, ?> lm && !isIntrinsic(gm) && !isIntrinsic(lm)) {
                merged.put(k, mergeGlobals((Map<String, Object>) gm, (Map<String, Object>) lm));
            } else if (g instanceof List<?> gl && v instanceof List<?> ll) {
                List<Object> both = new ArrayList<>(gl);
                both.addAll(ll);
                merged.put(k, both);
            } else {
                merged.put(k, v);
            }
        });
        return merged;
    }

    private static boolean isIntrinsic(Map<?, ?> m) {
        if (m.size() != 1) {
            return false;
        }
        String key = String.valueOf(m.keySet().iterator().next());
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    // ---- intrinsics -----------------------------------------------------------------------------------------

    private Object resolveNode(Object node, String path) {
        if (node instanceof Map<?, ?> m) {
            if (isIntrinsic(m)) {
                var e = m.entrySet().iterator().next();
                return intrinsic(String.valueOf(e.getKey()), e.getValue(), path);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                Object r = resolveNode(v, path + "." + k);
                if (r != NO_VALUE) {
                    out.put(String.valueOf(k), r);
                }
            });
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                Object r = resolveNode(l.get(i), path + "[" + i + "]");
                if (r != NO_VALUE) {
                    out.add(r);
                }
            }
            return out;
        }
        return node;
    }

    private Object intrinsic(String fn, Object arg, String path) {
        switch (fn) {
            case "Ref":
                return ref(String.valueOf(resolveNode(arg, path)), path);
            case "Condition":
                return condition(String.valueOf(arg), path);
            case "Fn::GetAtt": {
                List<?> parts = arg instanceof String s ? List.of(s.split("\\.", 2)) : list(resolveNode(arg, path), fn, path);
                if (parts.size() != 2) {
                    throw error(fn, path, "expects LogicalId.Attribute, got " + arg);
                }
                return getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), path);
            }
            case "Fn::Sub":
                return sub(arg, path);
            case "Fn::Join": {
                List<?> a = list(arg, fn, path);
                if (a.size() != 2) {
                    throw error(fn, path, "expects [delimiter, [values]]");
                }
                List<?> values = list(resolveNode(a.get(1), path), fn, path);
                return String.join(String.valueOf(resolveNode(a.get(0), path)),
                        values.stream().map(v -> scalar(v, fn, path)).toList());
            }
            case "Fn::Select": {
                List<?> a = list(arg, fn, path);
                if (a.size() != 2) {
                    throw error(fn, path, "expects [index, [values]]");
                }
                int index = intValue(resolveNode(a.get(0), path), 0, path);
                List<?> values = list(resolveNode(a.get(1), path), fn, path);
                if (index < 0 || index >= values.size()) {
                    throw error(fn, path, "index " + index + " out of range for " + values);
                }
                return values.get(index);
            }
            case "Fn::Split": {
                List<?> a = list(arg, fn, path);
                if (a.size() != 2) {
                    throw error(fn, path, "expects [delimiter, string]");
                }
                String delimiter = scalar(resolveNode(a.get(0), path), fn, path);
                String text = scalar(resolveNode(a.get(1), path), fn, path);
                return List.of(text.split(Pattern.quote(delimiter), -1));
            }
            case "Fn::FindInMap": {
                List<?> a = list(resolveNode(arg, path), fn, path);
                if (a.size() < 3) {
                    throw error(fn, path, "expects [MapName, TopKey, SecondKey]");
                }
                Object mappings = root.get("Mappings");
                Object value = mappings instanceof Map<?, ?> mm && mm.get(String.valueOf(a.get(0))) instanceof Map<?, ?> m1
                        && m1.get(String.valueOf(a.get(1))) instanceof Map<?, ?> m2 ? m2.get(String.valueOf(a.get(2))) : null;
                if (value == null) {
                    if (a.size() > 3 && a.get(3) instanceof Map<?, ?> opts && opts.containsKey("DefaultValue")) {
                        return opts.get("DefaultValue");
                    }
                    throw error(fn, path, "no mapping " + a.subList(0, 3));
                }
                return resolveNode(value, path);
            }
            case "Fn::If": {
                List<?> a = list(arg, fn, path);
                if (a.size() != 3) {
                    throw error(fn, path, "expects [Condition, ifTrue, ifFalse]");
                }
                return condition(String.valueOf(a.get(0)), path) ? resolveNode(a.get(1), path) : resolveNode(a.get(2), path);
            }
            case "Fn::Equals": {
                List<?> a = list(resolveNode(arg, path), fn, path);
                if (a.size() != 2) {
                    throw error(fn, path, "expects two values");
                }
                return String.valueOf(a.get(0)).equals(String.valueOf(a.get(1)));
            }
            case "Fn::Not": {
                List<?> a = list(resolveNode(arg, path), fn, path);
                return !truthy(a.get(0));
            }
            case "Fn::And":
                return list(resolveNode(arg, path), fn, path).stream().allMatch(SamTemplate::truthy);
            case "Fn::Or":
                return list(resolveNode(arg, path), fn, path).stream().anyMatch(SamTemplate::truthy);
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(
                        scalar(resolveNode(arg, path), fn, path).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs":
                return List.of("us-east-1a", "us-east-1b", "us-east-1c");
            case "Fn::Length":
                return list(resolveNode(arg, path), fn, path).size();
            case "Fn::ToJsonString":
                try {
                    return JSON.writeValueAsString(resolveNode(arg, path));
                } catch (JsonProcessingException e) {
                    throw error(fn, path, e.getOriginalMessage());
                }
            case "Fn::ImportValue":
                throw error(fn, path, "imports from other stacks are not available locally; "
                        + "use a Parameter with a default instead");
            default:
                throw error(fn, path, "is not supported by the local runtime");
        }
    }

    private Object ref(String name, String path) {
        switch (name) {
            case "AWS::Region":
                return LocalAws.REGION;
            case "AWS::AccountId":
                return LocalAws.ACCOUNT_ID;
            case "AWS::StackName":
                return STACK_NAME;
            case "AWS::StackId":
                return "arn:aws:cloudformation:us-east-1:000000000000:stack/local/00000000-0000-0000-0000-000000000000";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NotificationARNs":
                return List.of();
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            String value = parameters.get(name);
            if (value == null) {
                throw new TemplateException(source + ": " + path + ": Ref " + name
                        + ": the parameter has no Default; pass --parameter-overrides " + name + "=...");
            }
            return listParameters.contains(name) ? List.of(value.split(",", -1)) : value;
        }
        if (!resources.containsKey(name)) {
            throw new TemplateException(source + ": " + path + ": Ref " + name
                    + ": no such parameter or resource in the template");
        }
        String type = type(name);
        return switch (type) {
            case "AWS::S3::Bucket" -> bucketNames.get(name);
            case "AWS::SQS::Queue" -> queueUrl(queueNames.get(name));
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> functionName(name);
            case "AWS::SNS::Topic" -> arn("sns", name);
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> arn("states", "stateMachine:" + name);
            default -> name;
        };
    }

    private Object getAtt(String id, String attribute, String path) {
        if (!resources.containsKey(id)) {
            throw error("Fn::GetAtt", path, id + "." + attribute + ": no resource " + id + " in the template");
        }
        String type = type(id);
        String value = switch (type + "." + attribute) {
            case "AWS::SQS::Queue.Arn" -> LocalAws.queueArn(queueNames.get(id));
            case "AWS::SQS::Queue.QueueName" -> queueNames.get(id);
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(queueNames.get(id));
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + bucketNames.get(id);
            case "AWS::S3::Bucket.DomainName" -> bucketNames.get(id) + ".s3.amazonaws.com";
            case "AWS::S3::Bucket.RegionalDomainName" -> bucketNames.get(id) + ".s3.us-east-1.amazonaws.com";
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" -> arn("lambda", "function:" + functionName(id));
            // SAM's AutoPublishAlias version reference: the local runtime has one version of each function's code
            case "AWS::Serverless::Function.Version" -> arn("lambda", "function:" + functionName(id) + ":" + LOCAL_VERSION);
            case "AWS::SNS::Topic.TopicArn" -> arn("sns", id);
            case "AWS::SNS::Topic.TopicName" -> id;
            case "AWS::Serverless::StateMachine.Arn", "AWS::StepFunctions::StateMachine.Arn" -> arn("states", "stateMachine:" + id);
            case "AWS::Serverless::StateMachine.Name", "AWS::StepFunctions::StateMachine.Name" -> id;
            case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + id);
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::000000000000:role/" + id;
            default -> null;
        };
        if (value == null) {
            throw error("Fn::GetAtt", path, id + "." + attribute + " (a " + type + ") is not supported by the local runtime");
        }
        return value;
    }

    private Object sub(Object arg, String path) {
        String text;
        Map<String, Object> vars = Map.of();
        if (arg instanceof String s) {
            text = s;
        } else {
            List<?> a = list(arg, "Fn::Sub", path);
            if (a.size() != 2 || !(a.get(0) instanceof String)) {
                throw error("Fn::Sub", path, "expects a string or [string, {variables}]");
            }
            text = (String) a.get(0);
            vars = map(a.get(1), path + ".Fn::Sub");
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1).trim();
            String replacement;
            if (expr.startsWith("!")) {
                replacement = "${" + expr.substring(1) + "}";
            } else if (vars.containsKey(expr)) {
                replacement = scalar(resolveNode(vars.get(expr), path), "Fn::Sub", path);
            } else if (expr.contains(".") && !expr.startsWith("AWS::")) {
                int dot = expr.indexOf('.');
                replacement = scalar(getAtt(expr.substring(0, dot), expr.substring(dot + 1), path), "Fn::Sub", path);
            } else {
                Object r = ref(expr, path);
                replacement = r instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : scalar(r, "Fn::Sub", path);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String functionName(String id) {
        Map<String, Object> props = properties(resources.get(id), id);
        return props.get("FunctionName") instanceof String s ? s : id;
    }

    private String queueUrl(String name) {
        return sqsEndpoint + "/" + LocalAws.ACCOUNT_ID + "/" + name;
    }

    private static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + resource;
    }

    private TemplateException error(String fn, String path, String message) {
        return new TemplateException(source + ": " + path + ": " + fn + " " + message);
    }

    private String scalar(Object value, String fn, String path) {
        if (value == null || value == NO_VALUE || value instanceof Map || value instanceof List) {
            throw error(fn, path, "needs a string value, got " + value);
        }
        return String.valueOf(value);
    }

    private List<?> list(Object value, String fn, String path) {
        if (value instanceof List<?> l) {
            return l;
        }
        throw error(fn, path, "expects a list, got " + value);
    }

    private Map<String, Object> map(Object value, String path) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> m) {
            return castMap(m);
        }
        throw new TemplateException(source + ": " + path + ": expected a mapping, got " + value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private int intValue(Object value, int fallback, String path) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(source + ": " + path + ": expected a number, got " + value);
        }
    }

    private static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return value != null && String.valueOf(value).equalsIgnoreCase("true");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // ---- the model -------------------------------------------------------------------------------------------

    /** An {@code AWS::Serverless::Function} with Globals merged and intrinsics resolved to local values. */
    public record Function(String logicalId, String functionName, String handler, String runtime, int memorySize,
                           int timeoutSeconds, String codeUri, Map<String, String> environment, List<Event> events,
                           Map<String, Object> rawProperties) {
        public List<SqsEvent> sqsEvents() {
            return events.stream().filter(SqsEvent.class::isInstance).map(SqsEvent.class::cast).toList();
        }

        public List<S3Event> s3Events() {
            return events.stream().filter(S3Event.class::isInstance).map(S3Event.class::cast).toList();
        }

        public List<ScheduleEvent> scheduleEvents() {
            return events.stream().filter(ScheduleEvent.class::isInstance).map(ScheduleEvent.class::cast).toList();
        }

        public String arn() {
            return "arn:aws:lambda:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":function:" + functionName;
        }
    }

    public sealed interface Event permits SqsEvent, S3Event, ScheduleEvent, OtherEvent {
        String name();
    }

    /** An SQS event-source mapping. */
    public record SqsEvent(String name, String queueLogicalId, String queueName, String queueUrl, String queueArn,
                           int batchSize, int maximumBatchingWindowInSeconds, List<String> functionResponseTypes,
                           boolean enabled, Optional<Integer> maximumConcurrency) implements Event {
        public boolean reportBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    public record S3Event(String name, String bucketLogicalId, String bucketName, List<String> events,
                          Map<String, Object> filter) implements Event {
    }

    public record ScheduleEvent(String name, String schedule, boolean enabled, String input) implements Event {
    }

    public record OtherEvent(String name, String type, Map<String, Object> rawProperties) implements Event {
    }

    /** An {@code AWS::SQS::Queue}; {@link #attributes()} are what {@code LocalAws.ensureQueue} takes. */
    public record Queue(String logicalId, String name, String url, String arn, int visibilityTimeoutSeconds,
                        boolean fifo, Optional<Redrive> redrive, Map<String, String> attributes) {
    }

    public record Redrive(String deadLetterTargetArn, Optional<String> deadLetterQueueLogicalId, int maxReceiveCount) {
    }

    public record Bucket(String logicalId, String name) {
    }
}
