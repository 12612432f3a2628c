package com.anycompany.scoring.integration;

import com.anycompany.scoring.cli.CliRun;
import com.anycompany.scoring.cli.batch.AslOrchestration;
import com.anycompany.scoring.cli.batch.BatchOrchestration;
import com.anycompany.scoring.integration.iam.AwsCallRecorder;
import com.anycompany.scoring.integration.iam.FunctionPolicies;
import com.anycompany.scoring.integration.iam.IamPolicyCheck;
import com.anycompany.scoring.integration.iam.IamSimulator;
import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.SamTemplate;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Works in AWS as it works here: every AWS call each function makes in the demo (fraud over SQS, the monthly
 * attrition batch with clients that have no model of their own, the OCR pipeline with Textract through the SDK on the
 * local Textract server, the salary endpoint, the learning recommendations) and in the three PreTraffic hooks (Lambda
 * Invoke through the SDK on the local Invoke API, CodeDeploy's PutLifecycleEventHookExecutionStatus recorded by the
 * local CodeDeploy) is recorded by
 * {@link AwsCallRecorder} and evaluated against that function's policies in template.yaml by a real IAM policy
 * evaluator ({@link IamSimulator}, npm {@code @cloud-copilot/iam-simulate}), with S3's missing-key rule; S3 answers
 * missing keys the way AWS does (403 without ListBucket) while the demo runs. No call may be denied, and the
 * data-plane, OCR and hook functions must use every grant they have (least privilege both ways).
 */
class IamPolicyCheckTest {
    private static final Path TEMPLATE = Path.of("../template.yaml");
    /** Functions whose every grant the demo exercises: they must end with none unused. */
    private static final List<String> DATA_PLANE = List.of("FraudScoringFunction", "SalaryScoringFunction",
            "BatchPlanFunction", "ScoreShardFunction", "FinalizeFunction", "RecommendationsScoringFunction",
            "OcrStarterFunction", "OcrCallbackFunction");
    /** Each CodeDeploy PreTraffic hook and the function whose deployments it gates. */
    private static final Map<String, String> HOOKS = Map.of("FraudPreTrafficHook", "FraudScoringFunction",
            "SalaryPreTrafficHook", "SalaryScoringFunction", "AttritionPreTrafficHook", "ScoreShardFunction");

    @TempDir
    Path home;

    @AfterEach
    void off() {
        AwsCallRecorder.stop();
        AwsCallRecorder.awsNotFoundSemantics(null);
    }

    private static Path simulator() {
        var prefix = IamSimulator.installation();
        if (prefix.isEmpty() && "1".equals(System.getenv(IamSimulator.REQUIRE))) {
            throw new IllegalStateException("@cloud-copilot/iam-simulate is not installed; run: npm install --prefix "
                    + ".iam-simulate @cloud-copilot/iam-simulate (see .ci/run)");
        }
        Assumptions.assumeTrue(prefix.isPresent(), "@cloud-copilot/iam-simulate is not installed (npm install "
                + "--prefix .iam-simulate @cloud-copilot/iam-simulate); CI sets " + IamSimulator.REQUIRE + "=1");
        return prefix.get();
    }

    private static SamTemplate template() {
        return SamTemplate.load(TEMPLATE, "http://localhost:9324", Map.of());
    }

    /** Per function name and bucket: may it s3:ListBucket with no condition key (what a missing key needs)? */
    private static BiPredicate<String, String> mayList(Path prefix, Map<String, FunctionPolicies.Policies> policies,
            Map<String, String> names, SamTemplate t) {
        List<String> buckets = t.buckets().keySet().stream().map(id -> t.buckets().get(id).name()).toList();
        Map<String, Boolean> answers = new HashMap<>();
        for (String bucket : buckets) {
            // one synthetic ListBucket per function and bucket through the same evaluator
            List<AwsCallRecorder.AwsCall> probe = new ArrayList<>();
            for (String name : names.keySet()) {
                probe.add(new AwsCallRecorder.AwsCall(name, "S3", "ListObjectsV2",
                        software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder().bucket(bucket).build(),
                        false));
            }
            var result = IamPolicyCheck.check(prefix, policies, names, probe);
            for (String name : names.keySet()) {
                String id = names.get(name);
                answers.put(name + " " + bucket, result.denied().stream().noneMatch(d -> d.function().equals(id)));
            }
        }
        return (function, bucket) -> answers.getOrDefault(function + " " + bucket, false);
    }

    @Test
    void everyCallOfTheDemoIsAllowedAndTheDataPlaneUsesEveryGrant() throws Exception {
        Path prefix = simulator();
        SamTemplate t = template();
        Map<String, FunctionPolicies.Policies> policies = FunctionPolicies.read(t);
        Map<String, String> names = IamPolicyCheck.functionNames(t);
        AwsCallRecorder.awsNotFoundSemantics(mayList(prefix, policies, names, t));
        AwsCallRecorder.start();
        CliRun demo = CliRun.of("demo", "--json", "--messages", "80", "--malformed-percent", "5", "--training-rows", "800",
                "--attrition-clients", "12", "--attrition-employees", "480", "--documents", "4",
                "--salary-requests", "5", "--home", home.toString(), "--template", TEMPLATE.toString());
        assertEquals(0, demo.code(), demo.err() + demo.out());
        // the pre-traffic probe's path (what FraudPreTrafficHook sends the new version): its decisions go to the probe
        // queue, the fraud function's second send grant
        Path probe = home.resolve("golden-probe-event.json");
        Files.writeString(probe, goldenProbeEvent("1"));
        CliRun probeInvoke = CliRun.of("invoke", "FraudScoringFunction", "-e", probe.toString(), "--home", home.toString(),
                "--template", TEMPLATE.toString());
        assertEquals(0, probeInvoke.code(), probeInvoke.err() + probeInvoke.out());
        assertTrue(java.util.regex.Pattern.compile("\"probe\"\\s*:\\s*\\{").matcher(probeInvoke.out()).find(),
                "the probe was answered as a probe: " + probeInvoke.out());
        // the same run again with larger shards: Plan deletes the outputs the new plan does not rewrite
        PrintStream previous = HandlerStdout.handlerOutput();
        try (LocalRuntime rt = LocalRuntime.open(home.resolve("rerun"), TEMPLATE, Map.of());
             PrintStream functionLog = new PrintStream(Files.newOutputStream(home.resolve("rerun.log")), true,
                     StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(functionLog);
            String[] input = seedBatch(rt);
            new AslOrchestration(rt, 2).run(input(input[0], input[1], "rerun", 40), BatchOrchestration.Listener.NONE);
            new AslOrchestration(rt, 2).run(input(input[0], input[1], "rerun", 400), BatchOrchestration.Listener.NONE);
        } finally {
            HandlerStdout.sendHandlerOutputTo(previous);
        }
        runHooks(home);
        List<AwsCallRecorder.AwsCall> calls = AwsCallRecorder.stop();
        assertTrue(calls.stream().anyMatch(c -> c.function().equals("BatchPlanFunction")
                && c.operation().startsWith("DeleteObject")), "the rerun deleted stale outputs");
        JsonNode s = com.anycompany.scoring.batch.BatchJson.MAPPER.readTree(demo.out());
        assertTrue(s.at("/attrition/ok").asBoolean(), "the monthly attrition run reconciled: " + s.get("attrition"));
        assertTrue(s.at("/recommendations/ok").asBoolean(), "the recommendations stage ran: " + s.get("recommendations"));
        assertTrue(s.at("/ocr/jobs_started").asInt() > 0, "OCR started jobs for new documents: " + s.get("ocr"));
        assertTrue(calls.stream().anyMatch(c -> c.function().equals("ScoreShardFunction") && c.missingKey()),
                "a shard looked up a client model (or result) that does not exist, and went on");

        IamPolicyCheck.Result r = IamPolicyCheck.check(prefix, policies, names, calls);
        System.out.println("IAM check of the demo's calls:\n" + r.report() + "not checkable locally: "
                + r.unresolvable());
        assertEquals(List.of(), r.denied(), r.report());
        for (String f : DATA_PLANE) {
            assertTrue(r.requests().containsKey(f), f + " made AWS calls in the demo");
            assertEquals(List.of(), r.unusedGrants().get(f), f + ": grants no call used (remove or narrow them)");
        }
        for (String f : HOOKS.keySet()) {
            assertTrue(r.requests().containsKey(f), f + " made AWS calls");
            assertEquals(List.of(), r.unusedGrants().get(f), f + ": grants no call used (remove or narrow them)");
        }
        assertTrue(calls.stream().anyMatch(c -> c.function().equals("OcrStarterFunction")
                && c.operation().equals("StartDocumentAnalysis")), "the starter called Textract through the SDK");
        assertTrue(calls.stream().anyMatch(c -> c.function().equals("OcrCallbackFunction")
                && c.operation().equals("GetDocumentAnalysis")), "the callback asked Textract why a job failed");

        // not vacuous: the same calls against a policy with one permission removed are denied
        Map<String, FunctionPolicies.Policies> less = new LinkedHashMap<>(policies);
        less.computeIfPresent("ScoreShardFunction", (k, p) -> p.without(g -> g.label().equals("SeeMissingResultsAndClientModels")));
        IamPolicyCheck.Result withoutList = IamPolicyCheck.check(prefix, less, names, calls);
        assertTrue(withoutList.denied().stream().anyMatch(d -> d.function().equals("ScoreShardFunction")
                && d.action().equals("s3:ListBucket")), withoutList.report());
        less = new LinkedHashMap<>(policies);
        less.computeIfPresent("FraudScoringFunction", (k, p) -> p.without(g -> g.label().startsWith("SQSSendMessagePolicy")));
        IamPolicyCheck.Result withoutSend = IamPolicyCheck.check(prefix, less, names, calls);
        assertTrue(withoutSend.denied().stream().anyMatch(d -> d.function().equals("FraudScoringFunction")
                && d.action().equals("sqs:SendMessage")), withoutSend.report());
        // ... and so are Textract's iam:PassRole and a hook's Invoke of the new version without their grants
        less = new LinkedHashMap<>(policies);
        less.computeIfPresent("OcrStarterFunction", (k, p) -> p.without(g -> g.label().equals("LetTextractPublishCompletions")));
        less.computeIfPresent("FraudPreTrafficHook", (k, p) -> p.without(g -> g.label().equals("ProbeTheNewVersion")));
        IamPolicyCheck.Result withoutPass = IamPolicyCheck.check(prefix, less, names, calls);
        assertTrue(withoutPass.denied().stream().anyMatch(d -> d.function().equals("OcrStarterFunction")
                && d.action().equals("iam:PassRole")), withoutPass.report());
        assertTrue(withoutPass.denied().stream().anyMatch(d -> d.function().equals("FraudPreTrafficHook")
                && d.action().equals("lambda:InvokeFunction")), withoutPass.report());
        assertEquals(2, withoutPass.denied().stream().map(IamPolicyCheck.Denial::function).distinct().count(),
                withoutPass.report());
    }

    /**
     * The old ScoreShard policy (no s3:ListBucket): in AWS the first lookup of a missing key answers 403, so the run
     * fails instead of scoring; with the template's grant the same run reconciles and clients fall back.
     */
    @Test
    void withoutListBucketAMissingKeyIs403AndTheBatchFailsAsInAws() throws Exception {
        Path prefix = simulator();
        SamTemplate t = template();
        Map<String, FunctionPolicies.Policies> policies = new LinkedHashMap<>(FunctionPolicies.read(t));
        Map<String, String> names = IamPolicyCheck.functionNames(t);
        PrintStream previous = HandlerStdout.handlerOutput();
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of());
             PrintStream functionLog = new PrintStream(Files.newOutputStream(home.resolve("functions.log")), true,
                     StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(functionLog);
            String[] seeded = seedBatch(rt);
            String data = seeded[0];
            String inputKey = seeded[1];
            long rows = Long.parseLong(seeded[2]);

            Map<String, FunctionPolicies.Policies> old = new LinkedHashMap<>(policies);
            old.computeIfPresent("ScoreShardFunction",
                    (k, p) -> p.without(g -> g.label().equals("SeeMissingResultsAndClientModels")));
            AwsCallRecorder.awsNotFoundSemantics(mayList(prefix, old, names, t));
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> new AslOrchestration(rt, 2)
                    .run(input(data, inputKey, "old-policy", 80), BatchOrchestration.Listener.NONE));
            assertTrue(String.valueOf(failed.getMessage()).contains("execution failed"), failed.getMessage());

            AwsCallRecorder.awsNotFoundSemantics(mayList(prefix, policies, names, t));
            var summary = new AslOrchestration(rt, 2).run(input(data, inputKey, "template-policy", 80),
                    BatchOrchestration.Listener.NONE);
            assertEquals(rows, summary.rows());
            assertEquals(summary.rows(), summary.scored() + summary.quarantined());
        } finally {
            HandlerStdout.sendHandlerOutputTo(previous);
        }
    }

    /**
     * Each PreTraffic hook as CodeDeploy runs it, on the models and golden sets the demo published: the local
     * CodeDeploy opens a lifecycle event of a deployment of the gated function's group, the hook is invoked with it,
     * invokes the new version through the real LambdaClient (the local Invoke API) and reports to the local
     * CodeDeploy, which records that signed call as the hook's.
     */
    private static void runHooks(Path home) {
        PrintStream previous = HandlerStdout.handlerOutput();
        // a generous p99 budget: this machine's timing is not what the gate is checked for here
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of("GoldenP99BudgetMs", "5000"));
             PrintStream functionLog = new PrintStream(Files.newOutputStream(home.resolve("hooks.log")), true,
                     StandardCharsets.UTF_8)) {
            HandlerStdout.sendHandlerOutputTo(functionLog);
            rt.codeDeploy().onReport(report -> AwsCallRecorder.recordServerSide(report.event().hookFunction(),
                    "CodeDeploy", "PutLifecycleEventHookExecutionStatus", report));
            for (Map.Entry<String, String> hook : HOOKS.entrySet()) {
                LocalLambda fn = rt.function(hook.getKey());
                var event = rt.codeDeploy().startLifecycleEvent(SamTemplate.STACK_NAME
                        + "-ServerlessDeploymentApplication-LOCAL1", SamTemplate.STACK_NAME + "-" + hook.getValue()
                        + "DeploymentGroup-LOCAL1", fn.function().functionName());
                String out = fn.invokeJson("{\"DeploymentId\":\"" + event.deploymentId()
                        + "\",\"LifecycleEventHookExecutionId\":\"" + event.executionId() + "\"}");
                assertEquals(java.util.Optional.of("Succeeded"), rt.codeDeploy().status(event.executionId()),
                        hook.getKey() + " passed the demo's golden sets and told CodeDeploy: " + out);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            HandlerStdout.sendHandlerOutputTo(previous);
        }
    }

    private static String input(String bucket, String key, String run, int rowsPerShard) {
        return "{\"runId\":\"" + run + "\",\"bucket\":\"" + bucket + "\",\"inputKey\":\"" + key
                + "\",\"model\":\"attrition\",\"modelVersion\":\"1\",\"outputPrefix\":\"batch/output/attrition/" + run
                + "/\",\"rowsPerShard\":" + rowsPerShard + "}";
    }

    /** Attrition models (a client without one among them) and one month's input: {bucket, key, rows}. */
    private static String[] seedBatch(LocalRuntime rt) throws InterruptedException {
        S3Client s3 = rt.aws().s3Client();
        String data = rt.bucketName("DataBucket");
        SyntheticWorkforce workforce = new SyntheticWorkforce(7, 12, 600); // has a client without a model
        AttritionModels.publish(new S3ModelStore(s3, rt.bucketName("ModelBucket")), workforce, "1", 2, null);
        assertTrue(workforce.clients().stream().anyMatch(c -> !c.hasModel()), "a client has no model");
        StringBuilder csv = new StringBuilder(SyntheticWorkforce.csvHeader()).append('\n');
        for (SyntheticWorkforce.Client c : workforce.clients()) {
            String one = workforce.csv(c, "2026-03", 0.0);
            csv.append(one.substring(one.indexOf('\n') + 1));
        }
        String inputKey = "batch/input/attrition/iam/all.csv";
        s3.putObject(b -> b.bucket(data).key(inputKey), RequestBody.fromString(csv.toString()));
        long rows = csv.toString().lines().skip(1).filter(l -> !l.isBlank()).count();
        return new String[] {data, inputKey, Long.toString(rows)};
    }

    /** The sample transaction event as a golden probe for {@code version} (eventSource and attribute the hook sets). */
    private static String goldenProbeEvent(String version) throws java.io.IOException {
        var mapper = com.anycompany.scoring.batch.BatchJson.MAPPER;
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                Path.of("../events/sqs-fraud-transaction.json").toFile());
        var record = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("Records").get(0);
        record.put("eventSource", com.anycompany.scoring.functions.fraud.FraudScoringHandler.PROBE_EVENT_SOURCE);
        record.putObject("messageAttributes").putObject("modelVersion").put("stringValue", version)
                .put("dataType", "String");
        return mapper.writeValueAsString(event);
    }
}
