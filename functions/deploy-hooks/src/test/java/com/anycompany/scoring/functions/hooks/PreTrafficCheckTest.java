package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.hooks.GoldenProbe;
import com.anycompany.scoring.rollout.hooks.PreTrafficCheck;
import com.anycompany.scoring.rollout.hooks.ProbePayloads;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.functions.fraud.FraudBatchResponse;
import com.anycompany.scoring.functions.fraud.FraudScoringHandler;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-traffic gate against real model artifacts and golden sets in the local S3, probing the real fraud handler
 * through the same JSON the Lambda runtime would pass (the event parsed by the runtime's SQS serializer, the
 * response written by its Jackson serializer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreTrafficCheckTest {
    private static final String BUCKET = "hook-models";
    private LocalAws aws;
    private FraudScoringHandler fraud;
    private Map<String, String> env;
    private final List<String[]> reported = new ArrayList<>();

    @BeforeAll
    void setUp(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        String decisions = aws.ensureQueue("hook-decisions", Map.of());
        S3ModelStore store = new S3ModelStore(aws.s3Client(), BUCKET);
        GoldenStore goldens = new GoldenStore(aws.s3Client(), BUCKET);
        FraudModelBuilder.Trained good = FraudModelBuilder.train("1", 2000, 31);
        FraudModelBuilder.Trained other = FraudModelBuilder.train("2", 2000, 32);
        goldens.put(good.card().ref(), FraudModelBuilder.golden(good, 60, 3));
        store.publish(good.card(), good.artifact(), good.fileName());
        // version 2 ships with golden outputs from version 1: its golden scores differ
        goldens.put(other.card().ref(), FraudModelBuilder.golden(good, 60, 3));
        store.publish(other.card(), other.artifact(), other.fileName());
        new AliasStore(aws.s3Client(), BUCKET).write(ModelAliases.initial("fraud", "1").shift("2", 10),
                Optional.empty());

        env = new HashMap<>(aws.environment());
        env.put(ServingEnvironment.MODEL_BUCKET, BUCKET);
        env.put("MODEL_NAME", "fraud");
        env.put(ServingEnvironment.MODEL_VERSION, "champion");
        env.put("DECISIONS_QUEUE_URL", decisions);
        fraud = FunctionEnvironment.with(env, FraudScoringHandler::new);
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    /** Lambda Invoke of the "new version", done in process with the runtime's own serializers. */
    private final GoldenProbe inProcess = (golden, version) -> {
        String payload = ProbePayloads.request(golden, version);
        SQSEvent event = LambdaEventSerializers.serializerFor(SQSEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
        FraudBatchResponse response = FunctionEnvironment.with(env, () -> fraud.handleRequest(event, new LambdaTestContext()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(FraudBatchResponse.class).toJson(response, out);
        return ProbePayloads.response(out.toString(StandardCharsets.UTF_8), version);
    };

    private PreTrafficCheck check(GoldenProbe probe, double budget) {
        return new PreTrafficCheck(new S3ModelStore(aws.s3Client(), BUCKET), new GoldenStore(aws.s3Client(), BUCKET),
                new AliasStore(aws.s3Client(), BUCKET), probe,
                (deployment, execution, status) -> reported.add(new String[]{deployment, execution, status}), budget);
    }

    @Test
    void theProbeContractIsTheOneTheFraudHandlerAnswers() {
        assertEquals(FraudScoringHandler.PROBE_EVENT_SOURCE, ProbePayloads.EVENT_SOURCE);
    }

    @Test
    void aGoodVersionPassesAndIsReportedSucceeded() {
        PreTrafficCheck.Outcome o = check(inProcess, 1000).run("d-GOOD", "exec-1", "fraud", "1");
        assertEquals("Succeeded", o.status(), o.reason());
        assertTrue(o.reason().contains("60 golden rows match (exactly)"), o.reason());
        assertEquals(List.of("d-GOOD", "exec-1", "Succeeded"), List.of(reported.get(reported.size() - 1)));
    }

    @Test
    void aVersionWhoseGoldenScoresDifferFailsAndTheChampionAliasChecksTheChallengerToo() {
        PreTrafficCheck.Outcome pinned = check(inProcess, 1000).run("d-BAD", "exec-2", "fraud", "2");
        assertEquals("Failed", pinned.status());
        assertTrue(pinned.reason().contains("golden rows differ (exact equality required"), pinned.reason());
        assertEquals("Failed", reported.get(reported.size() - 1)[2]);

        // the function serves the registry: champion 1 passes, challenger 2 fails, so the deployment fails
        PreTrafficCheck.Outcome registry = check(inProcess, 1000).run("d-REG", "exec-3", "fraud", "champion");
        assertEquals("Failed", registry.status());
        assertEquals(2, registry.verdicts().size());
        assertTrue(registry.verdicts().get(0).passed());
        assertTrue(registry.reason().startsWith("fraud@1: 60 golden rows match"), registry.reason());
    }

    @Test
    void errorsAndSlowAnswersFailTooAndAFailedInvocationIsAFailedHook() {
        GoldenProbe halfBroken = (golden, version) -> {
            List<GoldenGate.Observation> all = new ArrayList<>(inProcess.probe(golden, version));
            all.set(3, GoldenGate.Observation.failed(3, "'amount' is required but missing", 0.1));
            return all;
        };
        PreTrafficCheck.Outcome errors = check(halfBroken, 1000).run("d-E", "x", "fraud", "1");
        assertEquals("Failed", errors.status());
        assertTrue(errors.reason().contains("1 of 60 golden rows failed (first: row 3"), errors.reason());

        PreTrafficCheck.Outcome slow = check(inProcess, 0.000001).run("d-S", "x", "fraud", "1");
        assertEquals("Failed", slow.status());
        assertTrue(slow.reason().contains("exceeds the budget"), slow.reason());

        GoldenProbe down = (golden, version) -> {
            throw new GoldenProbe.ProbeFailedException("arn:aws:lambda:us-east-1:1:function:fraud:7 answered with a "
                    + "function error (Unhandled)");
        };
        PreTrafficCheck.Outcome failed = check(down, 1000).run("d-D", "x", "fraud", "1");
        assertEquals("Failed", failed.status());
        assertTrue(failed.reason().contains("could not run"), failed.reason());
        assertEquals("Failed", reported.get(reported.size() - 1)[2]);
    }

    @Test
    void goldenSetsRoundTripThroughCsv() {
        GoldenSet g = new GoldenStore(aws.s3Client(), BUCKET).get(com.anycompany.scoring.model.ModelRef.of("fraud", "1"));
        GoldenSet back = GoldenSet.parse("again", g.toCsv());
        assertEquals(g.size(), back.size());
        for (int i = 0; i < g.size(); i++) {
            assertEquals(g.rows().get(i).cells(), back.rows().get(i).cells());
            assertEquals(g.rows().get(i).expected()[0], back.rows().get(i).expected()[0], 0f);
        }
    }
}
