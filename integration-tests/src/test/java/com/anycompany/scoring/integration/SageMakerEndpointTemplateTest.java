package com.anycompany.scoring.integration;

import com.anycompany.scoring.runtime.CfnYaml;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/sagemaker-endpoint.yaml: every Ref and GetAtt names a parameter, pseudo parameter or resource of the
 * template; the endpoint updates blue/green with CANARY or LINEAR traffic shifting (SageMaker's TrafficRoutingConfig
 * types) and rolls back on alarms over the endpoint's own AWS/SageMaker metrics; the model runs the image with the
 * model.tar.gz.
 */
class SageMakerEndpointTemplateTest {
    private static Map<String, Object> map(Object o, String... path) {
        return DeploymentStrategyTemplateTest.map(o, path);
    }

    @Test
    void theEndpointShiftsTrafficUnderAlarmGuardrails() throws Exception {
        Map<String, Object> t = CfnYaml.parse(Files.readString(Path.of("../deploy/sagemaker-endpoint.yaml")));
        Map<String, Object> resources = map(t, "Resources");
        Map<String, Object> parameters = map(t, "Parameters");
        Set<String> known = new HashSet<>(resources.keySet());
        known.addAll(parameters.keySet());
        known.addAll(List.of("AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::NoValue", "AWS::StackName"));
        List<String> refs = new ArrayList<>();
        collectRefs(t.get("Resources"), refs);
        collectRefs(t.get("Outputs"), refs);
        for (String r : refs) {
            assertTrue(known.contains(r), "Ref/GetAtt to unknown '" + r + "'");
        }

        Map<String, Object> endpoint = map(resources, "Endpoint");
        assertEquals("AWS::SageMaker::Endpoint", endpoint.get("Type"));
        Map<String, Object> routing = map(endpoint, "Properties", "DeploymentConfig", "BlueGreenUpdatePolicy",
                "TrafficRoutingConfiguration");
        assertEquals(Map.of("Ref", "TrafficShifting"), routing.get("Type"));
        assertEquals(List.of("CANARY", "LINEAR"), map(parameters, "TrafficShifting").get("AllowedValues"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alarms = (List<Map<String, Object>>) map(endpoint, "Properties",
                "DeploymentConfig", "AutoRollbackConfiguration").get("Alarms");
        assertEquals(2, alarms.size());
        Set<String> metrics = new HashSet<>();
        for (Map<String, Object> a : alarms) {
            @SuppressWarnings("unchecked")
            String id = ((Map<String, String>) a.get("AlarmName")).get("Ref");
            Map<String, Object> alarm = map(resources, id, "Properties");
            assertEquals("AWS::CloudWatch::Alarm", map(resources, id).get("Type"));
            assertEquals("AWS/SageMaker", alarm.get("Namespace"));
            assertTrue(alarm.get("Dimensions").toString().contains("{Name=EndpointName, Value={Ref=EndpointName}}"),
                    alarm.get("Dimensions").toString());
            metrics.add((String) alarm.get("MetricName"));
        }
        assertEquals(Set.of("Invocation5XXErrors", "ModelLatency"), metrics);

        Map<String, Object> container = map(resources, "Model", "Properties", "PrimaryContainer");
        assertEquals(Map.of("Ref", "ImageUri"), container.get("Image"));
        assertEquals(Map.of("Ref", "ModelDataUrl"), container.get("ModelDataUrl"));
        assertTrue(!Files.readString(Path.of("../template.yaml")).contains("AWS::SageMaker::Endpoint"),
                "the Lambda application's template.yaml stays free of the SageMaker endpoint");
    }

    @SuppressWarnings("unchecked")
    private static void collectRefs(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ("Ref".equals(e.getKey()) && e.getValue() instanceof String s) {
                    out.add(s);
                } else if ("Fn::GetAtt".equals(e.getKey()) && e.getValue() instanceof List<?> l) {
                    out.add(String.valueOf(l.get(0)));
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectRefs(v, out));
        }
    }
}
