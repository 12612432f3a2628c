package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Accelerator;
import com.anycompany.scoring.advisor.ModelProfile.Criticality;
import com.anycompany.scoring.advisor.ModelProfile.Hours;
import com.anycompany.scoring.advisor.ModelProfile.Source;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a {@link ModelProfile} from a parsed YAML (or JSON) tree of maps, lists and scalars. Strict: an unknown field
 * (a typo such as {@code peek_factor}), a missing required field, a wrong type or an out-of-range number is an error
 * naming the file and the field's path, e.g. {@code fraud.yaml: traffic.peak_factor must be at least 1 (got 0.5)}.
 */
public final class ProfileReader {
    private static final Set<String> TOP = Set.of("name", "description", "latency", "payload", "traffic", "source",
            "response", "user_facing", "criticality", "model", "processing", "accelerator");

    private final String source;

    private ProfileReader(String source) {
        this.source = source;
    }

    public static ModelProfile read(String source, Object tree) {
        return new ProfileReader(source).profile(tree);
    }

    private ModelProfile profile(Object tree) {
        Node root = new Node("", map(tree, "the profile"));
        root.only(TOP);
        String name = root.string("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw error("name must be 1-64 letters, digits, '-' or '_' (got \"" + name + "\")");
        }
        String description = root.optString("description").orElse("");

        Node latency = root.optChild("latency");
        Optional<Double> p99 = Optional.empty();
        if (latency != null) {
            latency.only(Set.of("p99_ms"));
            p99 = Optional.of(latency.number("p99_ms", 0.1, 3_600_000));
        }
        Node payload = root.child("payload");
        payload.only(Set.of("kb"));
        double payloadKb = payload.number("kb", 0.001, 10_000_000);

        Node t = root.child("traffic");
        t.only(Set.of("requests_per_day", "requests_per_month", "peak_factor", "peak_hours_per_month", "hours",
                "runs_per_month"));
        Hours hours = t.choice("hours", Hours.class, Map.of("24x7", Hours.ALWAYS, "business", Hours.BUSINESS));
        Optional<Double> perDay = t.optNumber("requests_per_day", 0, 1e12);
        Optional<Double> perMonth = t.optNumber("requests_per_month", 0, 1e13);
        if (perDay.isPresent() == perMonth.isPresent()) {
            throw error("traffic: give exactly one of requests_per_day or requests_per_month");
        }
        Limits.Policy policy = Limits.defaults().policy();
        double days = hours == Hours.ALWAYS ? policy.daysPerMonth() : policy.businessDaysPerMonth();
        double requestsPerMonth = perMonth.orElseGet(() -> perDay.get() * days);
        double peakFactor = t.optNumber("peak_factor", 1, 10_000).orElse(1.0);
        double peakHours = t.optNumber("peak_hours_per_month", 0, 744).orElse(0.0);
        int runs = t.optInt("runs_per_month", 1, 10_000).orElse(1);

        Source src = root.choice("source", Source.class, Map.of("sqs", Source.SQS, "http", Source.HTTP,
                "s3", Source.S3, "schedule", Source.SCHEDULE));

        Node r = root.child("response");
        r.only(Set.of("per_request", "caller_waits"));
        boolean perRequest = r.bool("per_request");
        boolean callerWaits = r.optBool("caller_waits").orElse(false);
        if (callerWaits && !perRequest) {
            throw error("response.caller_waits is true but response.per_request is false: a caller cannot wait for"
                    + " an answer that is never sent");
        }
        if (callerWaits && p99.isEmpty()) {
            throw error("latency.p99_ms is required when response.caller_waits is true (how long may the caller wait?)");
        }
        boolean userFacing = root.optBool("user_facing").orElse(false);
        Criticality criticality = root.choice("criticality", Criticality.class, Map.of("low", Criticality.LOW,
                "medium", Criticality.MEDIUM, "high", Criticality.HIGH));

        Node m = root.child("model");
        m.only(Set.of("size_mb", "trees", "depth", "features", "count", "artifact"));
        double sizeMb = m.number("size_mb", 0.001, 10_000_000);
        int trees = m.optInt("trees", 1, 100_000).orElse(0);
        int depth = m.optInt("depth", 1, 30).orElse(0);
        int features = m.optInt("features", 1, 100_000).orElse(0);
        if (trees > 0 && (depth == 0 || features == 0)) {
            throw error("model: a tree model needs model.depth and model.features with model.trees");
        }
        int count = m.optInt("count", 1, 1_000_000).orElse(1);
        Optional<String> artifact = m.optString("artifact");

        Node p = root.optChild("processing");
        Optional<Double> secondsPerRequest = Optional.empty();
        double externalWait = 0;
        double ioMs = 0;
        Optional<Integer> concurrency = Optional.empty();
        if (p != null) {
            p.only(Set.of("seconds_per_request", "external_wait_seconds", "io_ms_per_invocation",
                    "concurrency_per_instance"));
            secondsPerRequest = p.optNumber("seconds_per_request", 0.000001, 86_400);
            externalWait = p.optNumber("external_wait_seconds", 0, 86_400).orElse(0.0);
            ioMs = p.optNumber("io_ms_per_invocation", 0, 900_000).orElse(0.0);
            concurrency = p.optInt("concurrency_per_instance", 1, 10_000);
        }
        Accelerator accelerator = root.has("accelerator") ? root.choice("accelerator", Accelerator.class,
                Map.of("none", Accelerator.NONE, "gpu", Accelerator.GPU, "inferentia", Accelerator.INFERENTIA,
                        "gpu_or_inferentia", Accelerator.GPU_OR_INFERENTIA)) : Accelerator.NONE;
        if (trees == 0 && artifact.isEmpty() && secondsPerRequest.isEmpty()) {
            throw error("model: give model.trees/depth/features (a tree model the advisor can measure), model.artifact,"
                    + " or processing.seconds_per_request (for a model the engine cannot run, such as an LLM)");
        }
        return new ModelProfile(name, description, p99, payloadKb,
                new ModelProfile.Traffic(requestsPerMonth, peakFactor, peakHours, hours, runs), src,
                new ModelProfile.Response(perRequest, callerWaits), userFacing, criticality,
                new ModelProfile.ModelSize(sizeMb, trees, depth, features, count, artifact),
                new ModelProfile.Processing(secondsPerRequest, externalWait, ioMs, concurrency), accelerator);
    }

    private ProfileException error(String message) {
        return new ProfileException(source + ": " + message);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw error(what + " must be a mapping of fields (got " + describe(value) + ")");
        }
        return (Map<String, Object>) value;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        return value instanceof String s ? "\"" + s + "\"" : value.toString();
    }

    /** One mapping in the tree, with its path for messages. */
    private final class Node {
        private final String path;
        private final Map<String, Object> fields;

        Node(String path, Map<String, Object> fields) {
            this.path = path;
            this.fields = fields;
        }

        private String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        void only(Set<String> known) {
            Set<String> unknown = new LinkedHashSet<>();
            for (Object k : fields.keySet()) {
                if (!known.contains(String.valueOf(k))) {
                    unknown.add(at(String.valueOf(k)));
                }
            }
            if (!unknown.isEmpty()) {
                throw error("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + " (known" + (path.isEmpty() ? "" : " in " + path) + ": "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }

        boolean has(String key) {
            return fields.get(key) != null;
        }

        private Object required(String key) {
            Object v = fields.get(key);
            if (v == null) {
                throw error(at(key) + " is required but missing");
            }
            return v;
        }

        Node child(String key) {
            return new Node(at(key), map(required(key), at(key)));
        }

        Node optChild(String key) {
            return has(key) ? child(key) : null;
        }

        String string(String key) {
            Object v = required(key);
            if (!(v instanceof String s) || s.isBlank()) {
                throw error(at(key) + " must be a non-empty text (got " + describe(v) + ")");
            }
            return s.strip();
        }

        Optional<String> optString(String key) {
            return has(key) ? Optional.of(string(key)) : Optional.empty();
        }

        double number(String key, double min, double max) {
            Object v = required(key);
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw error(at(key) + " must be a number (got " + describe(v) + ")");
            }
            double d = n.doubleValue();
            if (d < min) {
                throw error(at(key) + " must be at least " + plain(min) + " (got " + plain(d) + ")");
            }
            if (d > max) {
                throw error(at(key) + " must be at most " + plain(max) + " (got " + plain(d) + ")");
            }
            return d;
        }

        Optional<Double> optNumber(String key, double min, double max) {
            return has(key) ? Optional.of(number(key, min, max)) : Optional.empty();
        }

        Optional<Integer> optInt(String key, int min, int max) {
            if (!has(key)) {
                return Optional.empty();
            }
            double d = number(key, min, max);
            if (d % 1 != 0) {
                throw error(at(key) + " must be a whole number (got " + plain(d) + ")");
            }
            return Optional.of((int) d);
        }

        boolean bool(String key) {
            Object v = required(key);
            if (!(v instanceof Boolean b)) {
                throw error(at(key) + " must be true or false (got " + describe(v) + ")");
            }
            return b;
        }

        Optional<Boolean> optBool(String key) {
            return has(key) ? Optional.of(bool(key)) : Optional.empty();
        }

        <E extends Enum<E>> E choice(String key, Class<E> type, Map<String, E> choices) {
            Object v = required(key);
            E e = v instanceof String s ? choices.get(s.strip().toLowerCase(Locale.ROOT)) : null;
            if (e == null) {
                throw error(at(key) + " must be one of " + Arrays.toString(choices.keySet().stream().sorted().toArray())
                        + " (got " + describe(v) + ")");
            }
            return e;
        }
    }

    static String plain(double d) {
        return d % 1 == 0 && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
