package com.anycompany.scoring.monitor;

import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.DriftThresholds;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Drift watch for one function container: a {@link DriftSketch} of the primary model's inputs and scores, published
 * as metrics at the end of the first invocation after each interval (Lambda runs code only during invocations, so a
 * busy container publishes about once per interval; an idle one publishes its window with its next invocation).
 *
 * <p>Metrics per window (function/model/version dimensions): {@code DriftWindowRows}, {@code MaxFeaturePsi},
 * {@code MaxMissingRateIncrease}, {@code MaxOutOfRangeRate}, {@code ScorePsi}, {@code ScoreMean}, {@code ScoreP95},
 * {@code DecisionRate}, {@code DriftBreaches} (checks over the card's own thresholds); per feature, with a
 * {@code feature} dimension, {@code FeaturePsi}, {@code FeatureMissingRate}, {@code FeatureOutOfRangeRate}. PSI
 * metrics are left out of windows under the minimum rows (too noisy to alarm on).
 */
public final class OnlineDriftMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineDriftMonitor.class);
    /** Rows a one-minute window needs before PSI is published (sampling noise keeps PSI under 0.05 at 500). */
    public static final long ONLINE_MIN_ROWS = 500;

    private final Clock clock;
    private final Duration interval;
    private final DriftThresholds deployment;
    private final long minRows;
    private DriftSketch sketch;
    private long windowStart;

    public OnlineDriftMonitor(Clock clock, Duration interval, DriftThresholds deployment, long minRows) {
        this.clock = clock;
        this.interval = interval;
        this.deployment = deployment;
        this.minRows = minRows;
        this.windowStart = clock.millis();
    }

    /**
     * From the environment: DRIFT_PUBLISH_SECONDS (default 60), DRIFT_MIN_ROWS (default {@value #ONLINE_MIN_ROWS}:
     * rows a window needs for PSI metrics), and the deployment's
     * thresholds DRIFT_PSI_THRESHOLD, DRIFT_MISSING_RATE_INCREASE, DRIFT_OUT_OF_RANGE_RATE, DRIFT_SCORE_PSI_THRESHOLD,
     * DRIFT_SCORE_MEAN_SHIFT, DRIFT_DECISION_RATE_SHIFT (unset: the defaults).
     */
    public static OnlineDriftMonitor fromEnvironment(java.util.function.Function<String, String> env, Clock clock) {
        return new OnlineDriftMonitor(clock, Duration.ofSeconds(Long.parseLong(or(env, "DRIFT_PUBLISH_SECONDS", "60"))),
                thresholdsFrom(env), Long.parseLong(or(env, "DRIFT_MIN_ROWS", String.valueOf(ONLINE_MIN_ROWS))));
    }

    public static DriftThresholds thresholdsFrom(java.util.function.Function<String, String> env) {
        return new DriftThresholds(num(env, "DRIFT_PSI_THRESHOLD"), num(env, "DRIFT_MISSING_RATE_INCREASE"),
                num(env, "DRIFT_OUT_OF_RANGE_RATE"), num(env, "DRIFT_SCORE_PSI_THRESHOLD"),
                num(env, "DRIFT_SCORE_MEAN_SHIFT"), num(env, "DRIFT_DECISION_RATE_SHIFT"));
    }

    private static String or(java.util.function.Function<String, String> env, String k, String d) {
        String v = env.apply(k);
        return v == null || v.isBlank() ? d : v.trim();
    }

    private static Double num(java.util.function.Function<String, String> env, String k) {
        String v = env.apply(k);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " must be a number, not '" + v + "'");
        }
    }

    /** Counts one scored row of {@code model} (the primary model; other versions are not sketched). */
    public synchronized void observe(LoadedModel model, float[] row, float score) {
        if (sketch == null || sketch.card() != model.card()) {
            sketch = new DriftSketch(model.card());
        }
        sketch.observe(row);
        sketch.observeScore(score);
    }

    /** Publishes and starts a new window when the interval has passed; returns what was published, or null. */
    public synchronized DriftAssessment maybePublish(ScoringMetrics metrics) {
        long now = clock.millis();
        if (now - windowStart < interval.toMillis() || sketch == null || sketch.rows() == 0) {
            return null;
        }
        windowStart = now;
        ModelCard card = sketch.card();
        DriftAssessment a = DriftAssessment.of(card, sketch.drain(), deployment, minRows);
        publish(a, metrics);
        return a;
    }

    static void publish(DriftAssessment a, ScoringMetrics metrics) {
        metrics.count("DriftWindowRows", a.rows());
        metrics.value("MaxMissingRateIncrease", finite(a.maxMissingRateIncrease()));
        metrics.value("MaxOutOfRangeRate", finite(a.maxOutOfRangeRate()));
        metrics.value("ScoreMean", finite(a.score().mean()));
        metrics.value("ScoreP95", finite(a.score().p95()));
        if (a.score().decisionRate() != null) {
            metrics.value("DecisionRate", a.score().decisionRate());
        }
        metrics.count("DriftBreaches", a.breaches());
        if (a.enoughRows()) {
            if (!Double.isNaN(a.maxPsi())) {
                metrics.value("MaxFeaturePsi", a.maxPsi());
            }
            if (!Double.isNaN(a.score().psi())) {
                metrics.value("ScorePsi", a.score().psi());
            }
        }
        for (FeatureDrift f : a.features()) {
            Map<String, String> dim = Map.of("feature", f.feature());
            if (a.enoughRows() && !Double.isNaN(f.psi())) {
                metrics.valueWith("FeaturePsi", f.psi(), dim);
            }
            metrics.valueWith("FeatureMissingRate", finite(f.missingRate()), dim);
            metrics.valueWith("FeatureOutOfRangeRate", finite(f.outOfRangeRate()), dim);
        }
        if (a.drift()) {
            StringBuilder why = new StringBuilder();
            a.features().stream().filter(FeatureDrift::drift).forEach(f ->
                    why.append(f.feature()).append(": ").append(String.join(", ", f.reasons())).append("; "));
            if (a.score().drift()) {
                why.append("score: ").append(String.join(", ", a.score().reasons()));
            }
            LOG.warn("drift in {}@{} over {} rows: {}", a.model(), a.version(), a.rows(), why);
        } else {
            LOG.info("drift window {}@{}: {} rows, max feature PSI {}, score mean {}", a.model(), a.version(),
                    a.rows(), String.format("%.3f", a.maxPsi()), String.format("%.4f", a.score().mean()));
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
