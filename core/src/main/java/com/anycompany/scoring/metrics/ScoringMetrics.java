package com.anycompany.scoring.metrics;

/**
 * The core's metrics, independent of how they are shipped. In Lambda they become CloudWatch EMF through Powertools
 * ({@link EmfScoringMetrics}); tests and local tools may use {@link #NONE}.
 */
public interface ScoringMetrics {
    ScoringMetrics NONE = new ScoringMetrics() {
        @Override
        public void count(String name, double value) {
        }

        @Override
        public void millis(String name, double value) {
        }

        @Override
        public void flush() {
        }
    };

    void count(String name, double value);

    void millis(String name, double value);

    /** A plain value (a mean, a rate). Defaults to {@link #count} for implementations that only count. */
    default void value(String name, double value) {
        count(name, value);
    }

    /**
     * A plain value with dimensions beyond the defaults (e.g. {@code feature}), emitted at once as its own EMF
     * document. Defaults to {@link #value(String, double)} under a name that carries the dimension values.
     */
    default void valueWith(String name, double value, java.util.Map<String, String> extraDimensions) {
        value(name + "." + String.join(".", extraDimensions.values()), value);
    }

    /** Emits what was recorded since the last flush (one EMF document per invocation). */
    void flush();
}
