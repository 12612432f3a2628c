package com.anycompany.scoring.advisor;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static com.anycompany.scoring.advisor.Profiles.base;
import static com.anycompany.scoring.advisor.Profiles.cpu;
import static com.anycompany.scoring.advisor.Profiles.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule applies on the numbers that should make it apply, and not just below them. */
class ModeRulesTest {
    private static final Advisor ADVISOR = Advisor.standard();

    private static Facts facts(Map<String, Object> tree, Measurement m) {
        return ADVISOR.facts(Profiles.read(tree), m);
    }

    private static Facts facts(Map<String, Object> tree) {
        return facts(tree, cpu(0.05, tree.get("source").equals("sqs") ? 10 : 1));
    }

    private static Optional<ModeDecision> apply(ModeRule rule, Map<String, Object> tree) {
        return rule.apply(facts(tree));
    }

    @Test
    void theBaselineIsAnIntermittentSynchronousLambda() {
        ModeDecision d = ModeRules.decide(facts(base()), ModeRules.DEFAULT);
        assertEquals(InferenceMode.LAMBDA_URL, d.mode());
        assertEquals("intermittent-request-response", d.rule());
    }

    @Test
    void acceleratorRuleAppliesOnlyWhenAnAcceleratorIsNeeded() {
        ModeRule rule = new AcceleratorRule();
        assertTrue(apply(rule, base()).isEmpty());
        Map<String, Object> gpu = set(base(), "accelerator", "gpu");
        set(gpu, "model.size_mb", 16_000);
        set(gpu, "processing.seconds_per_request", 2);
        ModeDecision d = rule.apply(facts(gpu, Measurement.given(2, "llm"))).orElseThrow();
        assertEquals(InferenceMode.SAGEMAKER_REALTIME, d.mode());
        assertTrue(d.explanation().contains("belongs on SageMaker"), d.explanation());
        assertTrue(d.explanation().contains("not Lambda"), d.explanation());
        // the same model with nobody waiting and long processing goes to SageMaker async
        set(gpu, "response.caller_waits", false);
        set(gpu, "processing.seconds_per_request", 120);
        assertEquals(InferenceMode.SAGEMAKER_ASYNC, rule.apply(facts(gpu, Measurement.given(120, "llm")))
                .orElseThrow().mode());
    }

    @Test
    void beyondLambdaAppliesAboveTenGigabytesOfMemoryOrFifteenMinutesOfCpu() {
        ModeRule rule = new BeyondLambdaRule();
        // memory need = 256 MB JVM + 3 x size: 3,300 MB -> 10,156 MB fits; 3,400 MB -> 10,456 MB does not
        assertTrue(apply(rule, set(base(), "model.size_mb", 3300)).isEmpty());
        ModeDecision d = apply(rule, set(base(), "model.size_mb", 3400)).orElseThrow();
        assertTrue(d.explanation().contains("10,456 MB"), d.explanation());
        assertEquals(InferenceMode.SAGEMAKER_REALTIME, d.mode());
        // CPU per request: 899 s fits in Lambda's 900 s, 901 s does not
        Map<String, Object> batch = set(base(), "response", Profiles.map("per_request", false));
        set(batch, "latency", null);
        assertTrue(rule.apply(facts(batch, cpu(899_000, 1))).isEmpty());
        ModeDecision slow = rule.apply(facts(batch, cpu(901_000, 1))).orElseThrow();
        assertEquals(InferenceMode.SAGEMAKER_BATCH_TRANSFORM, slow.mode());
    }

    @Test
    void noResponseRuleAppliesOnlyWithoutAResponsePerRequest() {
        ModeRule rule = new NoResponseRule();
        assertTrue(apply(rule, base()).isEmpty());
        Map<String, Object> batch = set(base(), "response", Profiles.map("per_request", false));
        set(batch, "traffic", Profiles.map("requests_per_month", 2_000_000, "runs_per_month", 1, "hours", "business"));
        set(batch, "source", "schedule");
        ModeDecision d = apply(rule, batch).orElseThrow();
        assertEquals(InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH, d.mode());
    }

    @Test
    void batchGoesToBatchTransformWhenHeavyCpuMakesItCheaper() {
        // 1 s of CPU per record, 1M records a month: Lambda pays ~$0.104 per vCPU-hour (1,769 MB), a 2-vCPU
        // ml.m5.large ~$0.058; one job's 5 minutes of startup does not change that
        Map<String, Object> batch = set(base(), "response", Profiles.map("per_request", false));
        set(batch, "traffic", Profiles.map("requests_per_month", 1_000_000, "runs_per_month", 1, "hours", "business"));
        set(batch, "latency", null);
        ModeDecision d = new NoResponseRule().apply(facts(batch, cpu(1000, 1))).orElseThrow();
        assertEquals(InferenceMode.SAGEMAKER_BATCH_TRANSFORM, d.mode(), d.explanation());
        // light CPU: Lambda shards win
        assertEquals(InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH,
                new NoResponseRule().apply(facts(batch, cpu(0.05, 1))).orElseThrow().mode());
    }

    @Test
    void asyncAppliesAboveTheSqsMessageLimit() {
        ModeRule rule = new LargePayloadOrLongProcessingRule();
        Map<String, Object> sqs = set(base(), "source", "sqs");
        set(sqs, "response.caller_waits", false);
        assertTrue(apply(rule, set(sqs, "payload.kb", 256)).isEmpty());
        ModeDecision d = apply(rule, set(sqs, "payload.kb", 257)).orElseThrow();
        assertEquals(InferenceMode.LAMBDA_ASYNC_CALLBACK, d.mode());
        assertTrue(d.explanation().contains("256 KB"), d.explanation());
    }

    @Test
    void asyncAppliesAboveLambdasSixMegabyteSynchronousLimit() {
        ModeRule rule = new LargePayloadOrLongProcessingRule();
        assertTrue(apply(rule, set(base(), "payload.kb", 6144)).isEmpty());
        assertTrue(apply(rule, set(base(), "payload.kb", 6145)).isPresent());
    }

    @Test
    void asyncAppliesToProcessingLongerThanASynchronousIntegrationWaits() {
        ModeRule rule = new LargePayloadOrLongProcessingRule();
        Map<String, Object> t = set(base(), "response.caller_waits", false);
        set(t, "source", "s3");
        assertTrue(apply(rule, set(t, "processing.external_wait_seconds", 28)).isEmpty());
        ModeDecision d = apply(rule, set(t, "processing.external_wait_seconds", 30)).orElseThrow();
        assertEquals(InferenceMode.LAMBDA_ASYNC_CALLBACK, d.mode());
        // a waiting caller whose budget is shorter than the processing: async too
        Map<String, Object> waits = set(base(), "latency.p99_ms", 100);
        assertTrue(new LargePayloadOrLongProcessingRule().apply(facts(waits, cpu(99, 1))).isEmpty());
        assertTrue(new LargePayloadOrLongProcessingRule().apply(facts(waits, cpu(101, 1))).isPresent());
    }

    @Test
    void sustainedTrafficAppliesWhenAnInstanceWouldBeBusyAndCheaper() {
        ModeRule rule = new SustainedTrafficRule();
        // 200 requests/s x 20 ms = 4 busy vCPUs, all day: 3 x ml.m5.large at 67% beat paying Lambda per request
        Map<String, Object> busy = set(base(), "traffic", Profiles.map("requests_per_day", 200 * 86_400,
                "peak_factor", 1, "hours", "24x7"));
        ModeDecision d = rule.apply(facts(busy, cpu(20, 1))).orElseThrow();
        assertEquals(InferenceMode.SAGEMAKER_REALTIME, d.mode());
        assertEquals(InferenceMode.SAGEMAKER_REALTIME, ModeRules.decide(facts(busy, cpu(20, 1)), ModeRules.DEFAULT)
                .mode());
        // a tenth of that traffic leaves the same fleet mostly idle: not sustained
        Map<String, Object> light = set(base(), "traffic", Profiles.map("requests_per_day", 20 * 86_400,
                "peak_factor", 1, "hours", "24x7"));
        assertTrue(rule.apply(facts(light, cpu(20, 1))).isEmpty());
    }

    @Test
    void queueRuleAppliesToSqsSourcesOnly() {
        ModeRule rule = new IntermittentQueueRule();
        assertTrue(apply(rule, base()).isEmpty());
        Map<String, Object> sqs = set(base(), "source", "sqs");
        set(sqs, "response.caller_waits", false);
        ModeDecision d = apply(rule, sqs).orElseThrow();
        assertEquals(InferenceMode.LAMBDA_SQS, d.mode());
        assertEquals(InferenceMode.LAMBDA_SQS, ModeRules.decide(facts(sqs), ModeRules.DEFAULT).mode());
    }

    @Test
    void requestRuleAppliesWhenACallerWaits() {
        ModeRule rule = new IntermittentRequestRule();
        assertTrue(apply(rule, base()).isPresent());
        Map<String, Object> s3 = set(base(), "source", "s3");
        set(s3, "response.caller_waits", false);
        assertTrue(apply(rule, s3).isEmpty());
        assertEquals("event-per-request", ModeRules.decide(facts(s3), ModeRules.DEFAULT).rule());
    }

    @Test
    void strategyFollowsCriticalityUserFacingAndBatch() {
        assertEquals(DeploymentStrategy.linear(25, 60), strategy(set(base(), "criticality", "high")).strategy());
        assertEquals(DeploymentStrategy.canary(10, 30), strategy(base()).strategy());
        assertEquals(DeploymentStrategy.canary(5, 120), strategy(set(base(), "user_facing", true)).strategy());
        assertEquals(DeploymentStrategy.allAtOnce(), strategy(set(base(), "criticality", "low")).strategy());
        // high criticality wins over user-facing
        Map<String, Object> both = set(set(base(), "user_facing", true), "criticality", "high");
        assertEquals("high-criticality-linear", strategy(both).rule());
        Map<String, Object> batch = set(base(), "response", Profiles.map("per_request", false));
        set(batch, "criticality", "high");
        assertEquals(DeploymentStrategy.Kind.PINNED_PER_RUN, strategy(batch).strategy().kind());
    }

    private static StrategyDecision strategy(Map<String, Object> tree) {
        return StrategyRules.decide(facts(tree), StrategyRules.DEFAULT);
    }

    @Test
    void predefinedCodeDeployConfigsAreUsedWhenTheyMatch() {
        assertEquals("Canary10Percent30Minutes", DeploymentStrategy.canary(10, 30).codeDeployPredefined());
        assertEquals(null, DeploymentStrategy.canary(5, 120).codeDeployPredefined());
        assertEquals(null, DeploymentStrategy.linear(25, 60).codeDeployPredefined());
        assertEquals("AllAtOnce", DeploymentStrategy.allAtOnce().codeDeployPredefined());
        assertFalse(DeploymentStrategy.allAtOnce().alarmRollback());
    }
}
