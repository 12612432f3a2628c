package com.anycompany.scoring.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where handlers read their configuration. In Lambda that is the process environment. The local runtime runs several
 * functions in one JVM, so it installs each function's environment (from template.yaml) as an overlay while it
 * constructs that function's handler; constructors read everything they need, so the overlay is only needed then.
 */
public final class FunctionEnvironment {
    // inherited: threads a handler starts during an invocation (its worker pools) see the same environment
    private static final ThreadLocal<Map<String, String>> OVERLAY = new InheritableThreadLocal<>();

    private FunctionEnvironment() {
    }

    /** Runs {@code body} (typically a handler constructor) with {@code env} layered over the process environment. */
    public static <T> T with(Map<String, String> env, Supplier<T> body) {
        Map<String, String> previous = OVERLAY.get();
        OVERLAY.set(Map.copyOf(env));
        try {
            return body.get();
        } finally {
            if (previous == null) {
                OVERLAY.remove();
            } else {
                OVERLAY.set(previous);
            }
        }
    }

    /**
     * Returns {@code body} bound to the environment seen now, for factories called later (e.g. re-creating SDK clients
     * after a SnapStart restore, outside the constructor's overlay).
     */
    public static <T> Supplier<T> bound(Supplier<T> body) {
        Map<String, String> overlay = OVERLAY.get();
        return overlay == null ? body : () -> with(overlay, body);
    }

    public static Optional<String> get(String name) {
        Map<String, String> overlay = OVERLAY.get();
        String value = overlay != null && overlay.containsKey(name) ? overlay.get(name) : System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public static String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException(
                "environment variable " + name + " is not set; set it in template.yaml (Environment.Variables)"));
    }

    public static String getOrDefault(String name, String fallback) {
        return get(name).orElse(fallback);
    }
}
