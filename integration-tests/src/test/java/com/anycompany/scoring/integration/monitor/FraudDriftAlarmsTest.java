package com.anycompany.scoring.integration.monitor;

import com.anycompany.scoring.runtime.CfnYaml;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.fraud.FraudScoringService;
import com.anycompany.scoring.fraud.InboundMessage;
import com.anycompany.scoring.fraud.SqsDecisionSink;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.monitor.OnlineDriftMonitor;
import com.anycompany.scoring.rollout.ModelRouter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fraud path's online drift metrics against the alarms in template.yaml: the fraud service (model from the local
 * S3, decisions to the local SQS) scores a minute of traffic, publishes its drift window, and each drift alarm's
 * metric is compared with the alarm's threshold as the template defines it (the Parameter's default). Traffic like
 * training raises none; a shifted feature, a new category and a jump in missing values each raise theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FraudDriftAlarmsTest {
    private static final String BUCKET = "scoring-models";
    private static final int MESSAGES = 1500;

    private LocalAws aws;
    private String decisionsUrl;
    private Map<String, Double> alarmThresholds;   // metric -> threshold, from the template's drift alarms

    @BeforeAll
    void setUp(@TempDir Path state) throws Exception {
        alarmThresholds = driftAlarms(Path.of("../template.yaml"));
        assertEquals(Set.of("MaxFeaturePsi", "MaxMissingRateIncrease", "MaxOutOfRangeRate", "ScorePsi",
                "DriftBreaches"), alarmThresholds.keySet());
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        decisionsUrl = aws.ensureQueue("decisions", Map.of());
        FraudModelBuilder.Trained trained = FraudModelBuilder.train("1", 4000, 42);
        new S3ModelStore(aws.s3Client(), BUCKET).publish(trained.card(), trained.artifact(), trained.fileName());
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    /** The drift alarms of template.yaml: MetricName -> Threshold (a Ref to a Parameter resolved to its Default). */
    @SuppressWarnings("unchecked")
    static Map<String, Double> driftAlarms(Path template) throws Exception {
        Map<String, Object> root = CfnYaml.parse(Files.readString(template));
        Map<String, Object> params = (Map<String, Object>) root.get("Parameters");
        Map<String, Double> out = new HashMap<>();
        Map<String, Object> resources = (Map<String, Object>) root.get("Resources");
        // drift alarms signal data drift and do not roll deployments back: the fraud function's rollback alarms
        // (FailureRatio, ReviewRate shift) are not drift alarms
        List<Object> rollback = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                resources.get("FraudScoringFunction")).get("Properties")).get("DeploymentPreference")).get("Alarms");
        for (Map.Entry<String, Object> e : resources.entrySet()) {
            Map<String, Object> res = (Map<String, Object>) e.getValue();
            Map<String, Object> p = (Map<String, Object>) res.get("Properties");
            // the fraud function's alarms on its own metrics (other functions publish in the same namespace)
            if (!"AWS::CloudWatch::Alarm".equals(res.get("Type")) || !"ServerlessScoring".equals(p.get("Namespace"))
                    || !e.getKey().startsWith("Fraud") || rollback.contains(Map.of("Ref", e.getKey()))) {
                continue;
            }
            Object t = p.get("Threshold");
            double threshold = t instanceof Map<?, ?> ref
                    ? Double.parseDouble(String.valueOf(((Map<String, Object>) params.get(ref.get("Ref"))).get("Default")))
                    : Double.parseDouble(String.valueOf(t));
            // GreaterThanOrEqualToThreshold alarms breach at the threshold: compare as "> threshold - tiny"
            if ("GreaterThanOrEqualToThreshold".equals(p.get("ComparisonOperator"))) {
                threshold -= 1e-9;
            }
            out.put((String) p.get("MetricName"), threshold);
        }
        return out;
    }

    /** Records every metric value the service publishes. */
    static final class Recorded implements ScoringMetrics {
        final Map<String, Double> values = new LinkedHashMap<>();

        @Override
        public void count(String name, double value) {
            values.put(name, value);
        }

        @Override
        public void millis(String name, double value) {
            values.put(name, value);
        }

        @Override
        public void valueWith(String name, double value, Map<String, String> extra) {
            values.put(name + "[" + String.join(",", extra.values()) + "]", value);
        }

        @Override
        public void flush() {
        }
    }

    /** A minute of traffic through the service; returns the metrics of the drift window it published. */
    private Map<String, Double> minuteOf(UnaryOperator<Map<String, Object>> change) {
        Instant[] now = {Instant.parse("2026-11-25T12:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Recorded metrics = new Recorded();
        ModelLoader loader = new ModelLoader(new S3ModelStore(aws.s3Client(), BUCKET), Engines.named("java"));
        FraudScoringService service = new FraudScoringService(new ModelCache(loader::load), ModelRouter.fixed(
                ModelRef.of("fraud", "1")), "employeeId", new SqsDecisionSink(aws.sqsClient(), decisionsUrl), metrics,
                clock, new OnlineDriftMonitor(clock, Duration.ofSeconds(60), null, 500));
        SyntheticPayroll traffic = new SyntheticPayroll(2026);
        List<InboundMessage> batch = new ArrayList<>();
        int delivered = 0;
        for (int i = 0; i < MESSAGES; i++) {
            SyntheticPayroll.Tx tx = traffic.next("tx-" + i);
            String body = new SyntheticPayroll.Tx(change.apply(new LinkedHashMap<>(tx.fields())), false).json();
            batch.add(new InboundMessage("m-" + i, body, null, 1));
            if (batch.size() == 10) {
                now[0] = now[0].plusMillis(45_000 / (MESSAGES / 10)); // 45 s of traffic: no window closes early
                if (i == MESSAGES - 1) {
                    now[0] = now[0].plusSeconds(20); // the last batch comes after the minute: the window is published
                }
                delivered += service.process(batch, false).delivered();
                batch.clear();
            }
        }
        assertEquals(MESSAGES, delivered, "every transaction is decided and delivered");
        aws.sqsClient().purgeQueue(b -> b.queueUrl(decisionsUrl));
        assertEquals(MESSAGES, metrics.values.get("DriftWindowRows"), "one window of the whole minute: "
                + metrics.values);
        return metrics.values;
    }

    private Set<String> overThreshold(Map<String, Double> published) {
        Set<String> over = new TreeSet<>();
        alarmThresholds.forEach((metric, threshold) -> {
            Double v = published.get(metric);
            if (v != null && v > threshold) {
                over.add(metric);
            }
        });
        return over;
    }

    @ParameterizedTest
    @ValueSource(strings = {"undrifted", "shifted", "new-category", "missing"})
    void eachKindOfDriftRaisesItsAlarmMetricsAndUndriftedTrafficNone(String kind) {
        Map<String, Double> published = minuteOf(switch (kind) {
            case "shifted" -> f -> {   // pay ratios two and a half times what training saw
                f.put("amount_to_avg_ratio", ((Number) f.get("amount_to_avg_ratio")).doubleValue() * 2.5);
                f.put("amount", ((Number) f.get("amount")).doubleValue() * 2.5);
                return f;
            };
            case "new-category" -> f -> {   // a payment count training never saw, for one transaction in four
                if (((String) f.get("transactionId")).hashCode() % 4 == 0) {
                    f.put("payments_last_30d", 9);
                }
                return f;
            };
            case "missing" -> f -> {   // the bank-change feed stops: the field is always missing
                f.remove("days_since_bank_change");
                return f;
            };
            default -> f -> f;
        });
        Set<String> over = overThreshold(published);
        switch (kind) {
            case "undrifted" -> {
                assertEquals(Set.of(), over, () -> "undrifted traffic raised " + over + ": " + published);
                assertTrue(published.get("MaxFeaturePsi") < 0.1, "PSI of undrifted traffic " + published);
                assertTrue(published.containsKey("ScoreMean") && published.containsKey("ScoreP95")
                        && published.containsKey("DecisionRate"));
            }
            case "shifted" -> {
                assertTrue(over.containsAll(Set.of("MaxFeaturePsi", "DriftBreaches")), over + " " + published);
                assertTrue(published.get("FeaturePsi[amount_to_avg_ratio]") > alarmThresholds.get("MaxFeaturePsi"));
                assertFalse(over.contains("MaxMissingRateIncrease"));
            }
            case "new-category" -> {
                assertTrue(over.containsAll(Set.of("MaxOutOfRangeRate", "DriftBreaches")), over + " " + published);
                assertTrue(published.get("FeatureOutOfRangeRate[payments_last_30d]") > 0.15);
                assertFalse(over.contains("MaxMissingRateIncrease"));
            }
            case "missing" -> {
                assertTrue(over.containsAll(Set.of("MaxMissingRateIncrease", "DriftBreaches")), over + " " + published);
                assertEquals(1.0, published.get("FeatureMissingRate[days_since_bank_change]"));
                assertFalse(over.contains("MaxOutOfRangeRate"));
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }
}
