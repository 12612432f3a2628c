package com.anycompany.scoring.serving;

import java.util.Map;

/**
 * SageMaker's environment conventions for an inference container, read once at start:
 * {@code SAGEMAKER_BIND_TO_PORT} (the port to listen on; 8080 otherwise), {@code SAGEMAKER_MAX_PAYLOAD_IN_MB} (batch
 * transform's request size; 6 MB otherwise, SageMaker's real-time limit) and {@code SAGEMAKER_MAX_CONCURRENT_TRANSFORMS}
 * (requests served at once; the CPU count otherwise, at least 2).
 */
public record ServerEnvironment(Map<String, String> env) {
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_PAYLOAD_MB = 6;

    public static ServerEnvironment current() {
        return new ServerEnvironment(System.getenv());
    }

    /** The port: {@code --port} when given, else {@code SAGEMAKER_BIND_TO_PORT}, else 8080. */
    public int port(Integer flag) {
        int port = flag != null ? flag : intValue("SAGEMAKER_BIND_TO_PORT", DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be within 0..65535, got " + port);
        }
        return port;
    }

    public long maxBodyBytes() {
        return intValue("SAGEMAKER_MAX_PAYLOAD_IN_MB", (int) DEFAULT_MAX_PAYLOAD_MB) * 1024L * 1024L;
    }

    public int threads() {
        return Math.max(1, intValue("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS",
                Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    private int intValue(String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (!v.trim().matches("\\d{1,9}")) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
        return Integer.parseInt(v.trim());
    }
}
