package com.anycompany.scoring.model;

import com.anycompany.scoring.config.FunctionEnvironment;

/**
 * Bounds on what a model may cost before it is loaded, so a wrong or hostile artifact fails with a clear error instead
 * of exhausting a function's memory: the artifact's size (the card's {@code sizeBytes}, the bytes read, and a tar.gz's
 * inflated bytes) and the number of trees. Read from the function's environment at load time:
 * {@code MODEL_MAX_BYTES} (default {@value #DEFAULT_MAX_BYTES}) and {@code MODEL_MAX_TREES} (default
 * {@value #DEFAULT_MAX_TREES}).
 */
public record ModelLimits(long maxBytes, int maxTrees) {
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_TREES = 100_000;
    public static final ModelLimits DEFAULTS = new ModelLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_TREES);

    public ModelLimits {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("MODEL_MAX_BYTES must be within 1.." + (Integer.MAX_VALUE - 8)
                    + ", not " + maxBytes);
        }
        if (maxTrees < 1) {
            throw new IllegalArgumentException("MODEL_MAX_TREES must be at least 1, not " + maxTrees);
        }
    }

    /** The limits in the function's environment (defaults where unset). */
    public static ModelLimits current() {
        return new ModelLimits(number("MODEL_MAX_BYTES", DEFAULT_MAX_BYTES), (int) Math.min(Integer.MAX_VALUE,
                number("MODEL_MAX_TREES", DEFAULT_MAX_TREES)));
    }

    private static long number(String name, long fallback) {
        String v = FunctionEnvironment.getOrDefault(name, String.valueOf(fallback)).trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    /** Refuses an artifact whose card (or actual size) is over {@link #maxBytes()}, before it is downloaded. */
    public void checkArtifactSize(String source, long bytes) {
        if (bytes > maxBytes) {
            throw new CorruptArtifactException(source + ": the model artifact is " + bytes + " bytes, over the "
                    + maxBytes + "-byte limit (MODEL_MAX_BYTES); publish a smaller model (fewer or shallower trees) or"
                    + " raise MODEL_MAX_BYTES together with the function's memory");
        }
    }

    /** Refuses a model with more trees than {@link #maxTrees()}, before its trees are compiled. */
    public void checkTrees(String source, long trees) {
        if (trees > maxTrees) {
            throw new CorruptArtifactException(source + ": the model has " + trees + " trees, over the limit of "
                    + maxTrees + " (MODEL_MAX_TREES); train with fewer rounds (or early stopping) or raise"
                    + " MODEL_MAX_TREES together with the function's memory");
        }
    }
}
