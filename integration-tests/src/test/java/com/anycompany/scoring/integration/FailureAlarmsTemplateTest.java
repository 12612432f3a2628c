package com.anycompany.scoring.integration;

import com.anycompany.scoring.runtime.CfnYaml;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken version must not fail silently: every dead-letter queue (a RedrivePolicy target) and every on-failure
 * destination queue has a depth alarm (AWS/SQS ApproximateNumberOfMessagesVisible >= 1), and that alarm is among the
 * rollback alarms of the DeploymentPreference of the function whose failures land there. The fraud function also
 * rolls back on its FailureRatio (per-message failures are batch item failures, never Lambda Errors).
 */
class FailureAlarmsTemplateTest {
    @SuppressWarnings("unchecked")
    private static final Map<String, Object> RESOURCES = (Map<String, Object>) read().get("Resources");

    private static Map<String, Object> read() {
        try {
            return CfnYaml.parse(Files.readString(Path.of("../template.yaml")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> m(Object o) {
        return o instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Map<String, Object> props(String id) {
        return m(m(RESOURCES.get(id)).get("Properties"));
    }

    /** The resource id of {@code !GetAtt X.Arn}, or null. */
    private static String getAttArn(Object o) {
        Object g = m(o).get("Fn::GetAtt");
        return g instanceof List<?> l && l.size() == 2 && "Arn".equals(l.get(1)) ? (String) l.get(0) : null;
    }

    /** Failure queue id → the function whose failed work lands in it. */
    private static Map<String, String> failureQueues() {
        Map<String, String> out = new LinkedHashMap<>();
        RESOURCES.forEach((id, r) -> {
            if (!"AWS::Serverless::Function".equals(m(r).get("Type"))) {
                return;
            }
            Map<String, Object> p = props(id);
            String onFailure = getAttArn(m(m(m(p.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure"))
                    .get("Destination"));
            if (onFailure != null) {
                out.put(onFailure, id);
            }
            m(p.get("Events")).values().forEach(e -> {
                if ("SQS".equals(m(e).get("Type"))) {
                    String source = getAttArn(m(m(e).get("Properties")).get("Queue"));
                    String dlq = source == null ? null
                            : getAttArn(m(props(source).get("RedrivePolicy")).get("deadLetterTargetArn"));
                    if (dlq != null) {
                        out.put(dlq, id);
                    }
                }
            });
        });
        return out;
    }

    @Test
    void everyDeadLetterAndFailureQueueHasADepthAlarmThatRollsItsFunctionBack() {
        Map<String, String> queues = failureQueues();
        assertTrue(queues.keySet().containsAll(List.of("TransactionsDeadLetterQueue", "OcrStarterFailureQueue",
                "OcrCallbackDeadLetterQueue")), "found: " + queues);
        List<String> problems = new ArrayList<>();
        queues.forEach((queue, function) -> {
            List<?> rollback = (List<?>) m(props(function).get("DeploymentPreference")).getOrDefault("Alarms",
                    List.of());
            boolean alarmed = rollback.stream().map(a -> (String) m(a).get("Ref")).anyMatch(alarm -> {
                Map<String, Object> p = props(alarm);
                List<?> dims = (List<?>) p.getOrDefault("Dimensions", List.of());
                return "AWS/SQS".equals(p.get("Namespace"))
                        && "ApproximateNumberOfMessagesVisible".equals(p.get("MetricName"))
                        && dims.stream().anyMatch(d -> "QueueName".equals(m(d).get("Name"))
                                && List.of(queue, "QueueName").equals(m(m(d).get("Value")).get("Fn::GetAtt")))
                        && Integer.valueOf(1).equals(p.get("Threshold"))
                        && "GreaterThanOrEqualToThreshold".equals(p.get("ComparisonOperator"));
            });
            if (!alarmed) {
                problems.add(queue + ": no depth alarm among " + function + "'s rollback alarms");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void fraudRollsBackOnItsFailureRatio() {
        List<?> rollback = (List<?>) m(props("FraudScoringFunction").get("DeploymentPreference")).get("Alarms");
        assertTrue(rollback.contains(Map.of("Ref", "FraudFailureRatioAlarm")), "rollback alarms: " + rollback);
        Map<String, Object> alarm = props("FraudFailureRatioAlarm");
        assertEquals("ServerlessScoring", alarm.get("Namespace"));
        // the name FraudScoringService publishes for every batch (see FraudScoringHandlerTest)
        assertEquals("FailureRatio", alarm.get("MetricName"));
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
        assertEquals(Map.of("Ref", "FraudFailureRatioThreshold"), alarm.get("Threshold"));
    }
}
