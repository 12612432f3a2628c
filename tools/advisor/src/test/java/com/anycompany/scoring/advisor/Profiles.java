package com.anycompany.scoring.advisor;


import java.util.LinkedHashMap;
import java.util.Map;

/** Test profiles as YAML-like trees (what the CLI's YAML reader hands to ProfileReader), with a fluent override. */
final class Profiles {
    private Profiles() {
    }

    /** A small HTTP model, intermittent: the baseline every rule test changes one thing in. */
    static Map<String, Object> base() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", "test-model");
        t.put("latency", map("p99_ms", 200));
        t.put("payload", map("kb", 2));
        t.put("traffic", map("requests_per_day", 10_000, "peak_factor", 3, "hours", "24x7"));
        t.put("source", "http");
        t.put("response", map("per_request", true, "caller_waits", true));
        t.put("criticality", "medium");
        t.put("model", map("size_mb", 1, "trees", 100, "depth", 6, "features", 10));
        return t;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Sets a dotted path, e.g. set(t, "traffic.peak_factor", 10); null removes it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> set(Map<String, Object> tree, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> m = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            m = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        }
        if (value == null) {
            m.remove(parts[parts.length - 1]);
        } else {
            m.put(parts[parts.length - 1], value);
        }
        return tree;
    }

    static ModelProfile read(Map<String, Object> tree) {
        return ProfileReader.read("test.yaml", tree);
    }

    /** A measurement with a known CPU time per record (no timing involved). */
    static Measurement cpu(double msPerRecord, int recordsPerInvocation) {
        double inv = msPerRecord * recordsPerInvocation;
        return new Measurement("measured", "fixed", 1, recordsPerInvocation, msPerRecord, inv, inv, 0, msPerRecord * 1000,
                10, 1000, "fixed", "test");
    }

}
