package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.advisor.Advisor;
import com.anycompany.scoring.advisor.CostLine;
import com.anycompany.scoring.advisor.CpuMeter;
import com.anycompany.scoring.advisor.DeploymentStrategy;
import com.anycompany.scoring.advisor.InferenceMode;
import com.anycompany.scoring.advisor.ProfileException;
import com.anycompany.scoring.advisor.Recommendation;
import com.anycompany.scoring.runtime.CfnYaml;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The four example profiles get the recommendations the product's use cases call for, from measured CPU time. */
class AdviseCommandTest {
    private static final Path EXAMPLES = Path.of("../../examples/profiles");
    private static final Map<String, Recommendation> RECS = new LinkedHashMap<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void adviseTheExamples() throws Exception {
        Advisor advisor = Advisor.standard();
        CpuMeter meter = new CpuMeter(50, 150, 3000);
        for (ProfileFiles.Loaded l : ProfileFiles.load(List.of(EXAMPLES))) {
            RECS.put(l.profile().name(), advisor.advise(l.profile(),
                    meter.measure(l.profile(), EXAMPLES, advisor.recordsPerInvocation(l.profile()))));
        }
        assertEquals(List.of("document-ocr", "llm-assistant", "monthly-attrition", "payroll-fraud"),
                List.copyOf(RECS.keySet()));
    }

    @Test
    void payrollFraudRunsOnLambdaFromSqsWithALinearRollout() {
        Recommendation r = RECS.get("payroll-fraud");
        assertEquals(InferenceMode.LAMBDA_SQS, r.mode().mode());
        assertEquals("intermittent-queue-traffic", r.mode().rule());
        assertEquals(DeploymentStrategy.linear(25, 60), r.strategy().strategy());
        assertTrue(r.measurement().measured());
        assertTrue(r.lambda().latencyMet(), "p99 " + r.lambda().p99Ms() + " ms within 100 ms");
        assertTrue(r.lambda().reservedConcurrency() >= 5);
        // Lambda is cheaper than an always-on real-time endpoint for this traffic
        double lambda = r.costs().stream().filter(c -> c.feasible() && c.mode() == InferenceMode.LAMBDA_SQS)
                .mapToDouble(CostLine::monthlyUsd).min().orElseThrow();
        double realtime = r.costs().stream().filter(c -> c.feasible() && c.mode() == InferenceMode.SAGEMAKER_REALTIME)
                .mapToDouble(CostLine::monthlyUsd).min().orElseThrow();
        assertTrue(lambda < realtime, lambda + " vs " + realtime);
        assertTrue(r.templateSnippet().contains("Type: SQS"), r.templateSnippet());
        assertTrue(r.templateSnippet().contains("LinearPercentage: 25"), r.templateSnippet());
    }

    @Test
    void monthlyAttritionIsABatchOnStepFunctions() {
        Recommendation r = RECS.get("monthly-attrition");
        assertEquals(InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH, r.mode().mode());
        assertEquals("no-response-per-request", r.mode().rule());
        assertEquals(DeploymentStrategy.Kind.PINNED_PER_RUN, r.strategy().strategy().kind());
        assertTrue(r.lambda().shardsPerRun() >= 1000, "one shard per client model at least");
        assertTrue(r.templateSnippet().contains("AWS::Serverless::StateMachine"));
    }

    @Test
    void theLlmAssistantBelongsOnSageMakerNotLambda() {
        Recommendation r = RECS.get("llm-assistant");
        assertEquals(InferenceMode.SAGEMAKER_REALTIME, r.mode().mode());
        assertEquals("accelerator-required", r.mode().rule());
        String why = r.mode().explanation();
        assertTrue(why.startsWith("This model belongs on SageMaker (a GPU or Inferentia instance), not Lambda"), why);
        assertTrue(r.costs().stream().filter(c -> c.mode() != null && c.mode().lambda()).noneMatch(CostLine::feasible));
        assertTrue(r.costs().stream().anyMatch(c -> c.feasible() && c.option().contains("ml.g5")));
        assertTrue(r.costs().stream().anyMatch(c -> c.feasible() && c.option().contains("ml.inf2")));
        assertFalse(r.measurement().measured());
        assertEquals(DeploymentStrategy.canary(5, 120), r.strategy().strategy());
        assertTrue(r.templateSnippet().contains("AWS::SageMaker::Endpoint"));
    }

    @Test
    void documentOcrIsAsync() {
        Recommendation r = RECS.get("document-ocr");
        assertEquals(InferenceMode.LAMBDA_ASYNC_CALLBACK, r.mode().mode());
        assertEquals("large-payload-or-long-processing", r.mode().rule());
        assertTrue(r.mode().explanation().contains("processing 60"), r.mode().explanation());
        assertTrue(r.templateSnippet().contains("Type: S3"));
    }

    @Test
    void everySnippetIsAValidSamTemplate() throws Exception {
        Path checker = Path.of("../../../shared/tools/check-sam-template").toAbsolutePath().normalize();
        for (Recommendation r : RECS.values()) {
            Path dir = Files.createDirectories(tmp.resolve(r.profile().name()));
            String template = wrap(r.templateSnippet());
            Map<String, Object> parsed = CfnYaml.parse(template);
            assertTrue(parsed.containsKey("Resources"), r.profile().name());
            Files.writeString(dir.resolve("template.yaml"), template);
            Matcher m = Pattern.compile("(?:CodeUri|DefinitionUri): (\\S+)").matcher(template);
            while (m.find()) {
                Path p = dir.resolve(m.group(1));
                if (p.toString().endsWith(".json")) {
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, "{}");
                } else {
                    Files.createDirectories(p);
                }
            }
            boolean required = "1".equals(System.getenv("SCORING_REQUIRE_SAM_CHECK"));
            if (required) {
                assertTrue(Files.isExecutable(checker), "CI must have " + checker + " beside the repository");
            }
            if (Files.isExecutable(checker)) {
                Process proc = new ProcessBuilder(checker.toString(), "template.yaml").directory(dir.toFile())
                        .redirectErrorStream(true).start();
                String out = new String(proc.getInputStream().readAllBytes());
                assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
                if (required) {
                    assertFalse(out.contains("missing module"), "CI must install python3-yaml and python3-jsonschema: " + out);
                }
                assumeTrue(!out.contains("missing module"), "check-sam-template needs python3-yaml/jsonschema");
                assertEquals(0, proc.exitValue(), r.profile().name() + ": " + out + "\n" + template);
            }
        }
    }

    /** The snippet's Parameters and Resources inside a minimal template with the project's ModelBucket. */
    private static String wrap(String snippet) {
        String body = snippet.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        int res = body.indexOf("\nResources:\n");
        String params = (body.substring(0, res) + "\n").replace("Parameters: {}\n", "").replace("Parameters:\n", "");
        String resources = body.substring(res + "\nResources:\n".length());
        return "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\n"
                + "Parameters:\n  Stage:\n    Type: String\n    Default: test\n" + params
                + "Resources:\n  ModelBucket:\n    Type: AWS::S3::Bucket\n" + resources;
    }

    @Test
    void aDirectoryOfProfilesPrintsOneComparisonTable() {
        String out = run(0, "advise", "--profile", EXAMPLES.toString(), "--warmup-ms", "20", "--measure-ms", "50");
        List<String> rows = out.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Profile")).toList();
        assertEquals(4, rows.size(), out);
        assertTrue(rows.get(1).contains("llm-assistant") && rows.get(1).contains("SageMaker: real-time"), out);
        assertTrue(rows.get(3).contains("payroll-fraud") && rows.get(3).contains("Lambda: SQS event-driven"), out);
    }

    @Test
    void jsonOutputForOneProfile() throws Exception {
        String out = run(0, "advise", "--profile", EXAMPLES.resolve("payroll-fraud.yaml").toString(), "--json",
                "--warmup-ms", "20", "--measure-ms", "50");
        JsonNode j = Json.MAPPER.readTree(out);
        assertEquals("lambda-sqs", j.at("/mode/id").asText());
        assertEquals("intermittent-queue-traffic", j.at("/mode/rule").asText());
        assertEquals("linear", j.at("/strategy/kind").asText());
        assertTrue(j.at("/lambda/memory_mb").asInt() >= 512);
        assertTrue(j.at("/lambda/reserved_concurrency").asInt() >= 5);
        assertEquals("measured", j.at("/measurement/source").asText());
        assertTrue(j.at("/measurement/cpu_ms_per_record").asDouble() > 0);
        assertTrue(j.at("/costs").size() >= 6);
        assertTrue(j.at("/template_snippet").asText().contains("AutoPublishAlias: live"));
        assertTrue(j.at("/prices_retrieved").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
    }

    @Test
    void aBadProfileFailsWithOneLineNamingTheField() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        String fraud = Files.readString(EXAMPLES.resolve("payroll-fraud.yaml"));
        Files.writeString(bad, fraud.replace("peak_factor: 10", "peak_factor: ten"));
        String err = runErr(2, "advise", "--profile", bad.toString());
        assertTrue(err.contains("traffic.peak_factor must be a number (got \"ten\")"), err);
        assertEquals(1, err.strip().lines().count(), err);

        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "name: x\ntraffic: [unclosed\n");
        String yamlErr = runErr(2, "advise", "--profile", broken.toString());
        assertTrue(yamlErr.contains("broken.yaml: not valid YAML at line"), yamlErr);

        assertTrue(runErr(2, "advise", "--profile", tmp.resolve("none.yaml").toString()).contains("no such file"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileFiles.parse("p.yaml",
                "name: x\nname: y\n"));
        assertTrue(e.getMessage().startsWith("p.yaml: not valid YAML"), e.getMessage());
    }

    private static String run(int expectedExit, String... args) {
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertEquals(expectedExit, cmd.execute(args), err.toString());
        return out.toString();
    }

    private static String runErr(int expectedExit, String... args) {
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertEquals(expectedExit, cmd.execute(args), out + "\n" + err);
        return err.toString();
    }
}
