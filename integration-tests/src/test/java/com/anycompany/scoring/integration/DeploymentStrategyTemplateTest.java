package com.anycompany.scoring.integration;

import com.anycompany.scoring.runtime.CfnYaml;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml carries the deployment strategy table: fraud linear 25% every 60 min with alarm rollback (errors,
 * throttles, p99 duration, score shift) and a PreTraffic golden-set hook; recommendations all at once; the 5%/120-min
 * canary config for user-facing models, used by the salary endpoint with a PreTraffic hook; every function published
 * to alias "live" with SnapStart.
 */
class DeploymentStrategyTemplateTest {
    private static final Map<String, Object> TEMPLATE;

    static {
        try {
            TEMPLATE = CfnYaml.parse(Files.readString(Path.of("../template.yaml")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            assertTrue(cur instanceof Map, "missing " + String.join("/", path) + " at " + p);
            cur = ((Map<String, Object>) cur).get(p);
        }
        assertNotNull(cur, String.join("/", path));
        return (Map<String, Object>) cur;
    }

    private static Object at(String... path) {
        Map<String, Object> parent = map(TEMPLATE, java.util.Arrays.copyOf(path, path.length - 1));
        return parent.get(path[path.length - 1]);
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    @Test
    void fraudShiftsLinearly25PercentEveryHourWithAlarmRollbackAndAPreTrafficHook() {
        assertEquals("AWS::CodeDeploy::DeploymentConfig", at("Resources", "FraudLinearDeploymentConfig", "Type"));
        Map<String, Object> routing = map(TEMPLATE, "Resources", "FraudLinearDeploymentConfig", "Properties",
                "TrafficRoutingConfig");
        assertEquals("TimeBasedLinear", routing.get("Type"));
        assertEquals(Map.of("LinearPercentage", 25, "LinearInterval", 60), routing.get("TimeBasedLinear"));

        Map<String, Object> pref = map(TEMPLATE, "Resources", "FraudScoringFunction", "Properties",
                "DeploymentPreference");
        assertEquals(ref("FraudLinearDeploymentConfig"), pref.get("Type"));
        @SuppressWarnings("unchecked")
        Set<Object> alarms = Set.copyOf((List<Object>) pref.get("Alarms"));
        assertEquals(Set.of(ref("FraudErrorsAlarm"), ref("FraudThrottlesAlarm"), ref("FraudLatencyAlarm"),
                ref("FraudScoreShiftAlarm"), ref("FraudFailureRatioAlarm"), ref("TransactionsDeadLettersAlarm")),
                alarms);
        assertEquals(Map.of("PreTraffic", ref("FraudPreTrafficHook")), pref.get("Hooks"));

        // the alarms watch what they say they do
        assertEquals("Errors", at("Resources", "FraudErrorsAlarm", "Properties", "MetricName"));
        assertEquals("Throttles", at("Resources", "FraudThrottlesAlarm", "Properties", "MetricName"));
        assertEquals("p99", at("Resources", "FraudLatencyAlarm", "Properties", "ExtendedStatistic"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> shift = (List<Map<String, Object>>) at("Resources", "FraudScoreShiftAlarm",
                "Properties", "Metrics");
        Map<String, Object> metric = map(shift.get(0), "MetricStat", "Metric");
        assertEquals("ServerlessScoring", metric.get("Namespace"));
        assertEquals("ReviewRate", metric.get("MetricName"), "a metric the fraud service publishes");

        Map<String, Object> hook = map(TEMPLATE, "Resources", "FraudPreTrafficHook", "Properties");
        assertTrue(String.valueOf(hook.get("FunctionName")).contains("CodeDeployHook_"), "CodeDeployHook_ naming");
        assertEquals("com.anycompany.scoring.functions.hooks.PreTrafficHookHandler::handleRequest", hook.get("Handler"));
        assertEquals(Map.of("Fn::Sub", "${FraudScoringFunction.Version}"),
                map(hook, "Environment", "Variables").get("TARGET_FUNCTION_VERSION"));
        assertEquals(false, map(hook, "DeploymentPreference").get("Enabled"));
    }

    @Test
    void recommendationsDeployAllAtOnceAndTheUserFacingCanaryIsFivePercentForTwoHours() {
        assertEquals("AllAtOnce", at("Resources", "RecommendationsScoringFunction", "Properties",
                "DeploymentPreference", "Type"));
        Map<String, Object> canary = map(TEMPLATE, "Resources", "UserFacingCanaryDeploymentConfig", "Properties",
                "TrafficRoutingConfig");
        assertEquals("TimeBasedCanary", canary.get("Type"));
        assertEquals(Map.of("CanaryPercentage", 5, "CanaryInterval", 120), canary.get("TimeBasedCanary"));
    }

    @Test
    void theSalaryEndpointIsAUserFacingCanaryBehindAnIamFunctionUrlWithAGoldenSetHook() {
        Map<String, Object> fn = map(TEMPLATE, "Resources", "SalaryScoringFunction", "Properties");
        assertEquals(Map.of("AuthType", "AWS_IAM"), fn.get("FunctionUrlConfig"));
        Map<String, Object> pref = map(fn, "DeploymentPreference");
        assertEquals(ref("UserFacingCanaryDeploymentConfig"), pref.get("Type"), "the 5%/120-minute canary");
        @SuppressWarnings("unchecked")
        Set<Object> alarms = Set.copyOf((List<Object>) pref.get("Alarms"));
        assertEquals(Set.of(ref("SalaryServerErrorsAlarm"), ref("SalaryErrorsAlarm"), ref("SalaryLatencyAlarm")),
                alarms);
        assertEquals(Map.of("PreTraffic", ref("SalaryPreTrafficHook")), pref.get("Hooks"));
        // the handler answers failures as 5xx responses, so the rollback watches the endpoint's own EMF metric
        assertEquals("ServerlessScoring", at("Resources", "SalaryServerErrorsAlarm", "Properties", "Namespace"));
        assertEquals("ServerErrors", at("Resources", "SalaryServerErrorsAlarm", "Properties", "MetricName"));
        assertEquals("p99", at("Resources", "SalaryLatencyAlarm", "Properties", "ExtendedStatistic"));

        Map<String, Object> hook = map(TEMPLATE, "Resources", "SalaryPreTrafficHook", "Properties");
        assertTrue(String.valueOf(hook.get("FunctionName")).contains("CodeDeployHook_"), "CodeDeployHook_ naming");
        assertEquals("com.anycompany.scoring.functions.hooks.PreTrafficHookHandler::handleRequest", hook.get("Handler"));
        Map<String, Object> env = map(hook, "Environment", "Variables");
        assertEquals(Map.of("Fn::Sub", "${SalaryScoringFunction.Version}"), env.get("TARGET_FUNCTION_VERSION"));
        assertEquals("function-url", env.get("PROBE_FORMAT"));
        assertEquals("salary", env.get("MODEL_NAME"));
        assertEquals(false, map(hook, "DeploymentPreference").get("Enabled"));
    }


    @Test
    void attritionShardScoringIsACanaryTenPercentThirtyMinutes() {
        Map<String, Object> pref = map(TEMPLATE, "Resources", "ScoreShardFunction", "Properties", "DeploymentPreference");
        assertEquals("Canary10Percent30Minutes", pref.get("Type"));
        assertEquals(Map.of("PreTraffic", Map.of("Ref", "AttritionPreTrafficHook")), pref.get("Hooks"));
        Map<String, Object> hookEnv = map(TEMPLATE, "Resources", "AttritionPreTrafficHook", "Properties",
                "Environment", "Variables");
        assertEquals("rows", hookEnv.get("PROBE_FORMAT"), "the shard scorer takes a goldenProbe document, not SQS");
    }

    @Test
    void everyScoringFunctionIsPublishedToLiveWithSnapStartAndHasADeploymentPreference() {
        Map<String, Object> globals = map(TEMPLATE, "Globals", "Function");
        assertEquals("live", globals.get("AutoPublishAlias"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        Map<String, Object> resources = map(TEMPLATE, "Resources");
        Set<String> scoring = resources.entrySet().stream()
                .filter(e -> "AWS::Serverless::Function".equals(((Map<?, ?>) e.getValue()).get("Type")))
                .filter(e -> !e.getKey().contains("Hook"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertTrue(scoring.containsAll(Set.of("FraudScoringFunction", "RecommendationsScoringFunction",
                "SalaryScoringFunction")), scoring.toString());
        for (String fn : scoring) {
            Map<String, Object> pref = map(TEMPLATE, "Resources", fn, "Properties", "DeploymentPreference");
            Object type = pref.get("Type");
            assertNotNull(type, fn + " has no deployment strategy");
            boolean gradual = type instanceof Map || String.valueOf(type).startsWith("Canary")
                    || String.valueOf(type).startsWith("Linear");
            if (gradual) {
                assertNotNull(pref.get("Alarms"), fn + ": a canary or linear strategy needs rollback alarms");
                assertNotNull(pref.get("Hooks"), fn + ": a canary or linear strategy needs a PreTraffic hook");
                assertNotNull(pref.get("Alarms"), fn + ": a canary or linear strategy needs rollback alarms");
            }
        }
    }
}
