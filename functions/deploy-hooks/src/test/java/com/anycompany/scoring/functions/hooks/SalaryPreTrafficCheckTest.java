package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.hooks.GoldenProbe;
import com.anycompany.scoring.rollout.hooks.PreTrafficCheck;
import com.anycompany.scoring.rollout.hooks.ProbePayloads;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.functions.salary.SalaryScoringHandler;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
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
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-traffic gate of the salary endpoint: the Function URL form of the golden probe, answered by the real
 * SalaryScoringHandler through the JSON the Lambda runtime would pass (event and response through the runtime's
 * Jackson serializer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalaryPreTrafficCheckTest {
    private static final String BUCKET = "hook-salary";
    private HookBucket hook;
    private SalaryScoringHandler salary;

    @BeforeAll
    void setUp(@TempDir Path state) {
        hook = new HookBucket(state, BUCKET);
        S3ModelStore store = hook.models;
        GoldenStore goldens = hook.goldens;
        SalaryModelBuilder.Trained good = SalaryModelBuilder.train("1", 2000, 41);
        SalaryModelBuilder.Trained other = SalaryModelBuilder.train("2", 2000, 42);
        goldens.put(good.card().ref(), SalaryModelBuilder.golden(good, 40, 5));
        store.publish(good.card(), good.artifact(), good.fileName());
        // version 2 ships with version 1's golden outputs: its answers differ
        goldens.put(other.card().ref(), SalaryModelBuilder.golden(good, 40, 5));
        store.publish(other.card(), other.artifact(), other.fileName());
        new AliasStore(hook.aws.s3Client(), BUCKET).write(ModelAliases.initial("salary", "1"), Optional.empty());
        Map<String, String> env = hook.environment();
        env.put("MODELS", "salary");
        env.put(ServingEnvironment.MODEL_VERSION, "champion");
        salary = FunctionEnvironment.with(env, SalaryScoringHandler::new);
    }

    @AfterAll
    void stop() {
        hook.close();
    }

    /** Lambda Invoke of the new version, in process, through the runtime's serializer. */
    private final GoldenProbe inProcess = (golden, version) -> {
        String payload = ProbePayloads.functionUrlRequest(golden, "salary", version);
        APIGatewayV2HTTPEvent event = JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class)
                .fromJson(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
        APIGatewayV2HTTPResponse response = salary.handleRequest(event, new LambdaTestContext("salary"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPResponse.class).toJson(response, out);
        return ProbePayloads.functionUrlResponse(out.toString(StandardCharsets.UTF_8), version);
    };

    private PreTrafficCheck check() {
        return hook.check(inProcess, (deployment, execution, status) -> { });
    }

    @Test
    void theProbeContractIsTheOneTheSalaryHandlerAnswers() {
        assertEquals(SalaryScoringHandler.PROBE_ROUTE_KEY, ProbePayloads.URL_ROUTE_KEY);
        assertEquals(SalaryScoringHandler.PROBE_VERSION_HEADER, ProbePayloads.URL_VERSION_HEADER);
    }

    @Test
    void theChampionPassesAndAVersionWithOtherAnswersFails() {
        PreTrafficCheck.Outcome ok = check().run("d-1", "e-1", "salary", "champion");
        assertEquals("Succeeded", ok.status(), ok.reason());
        assertTrue(ok.reason().contains("40 golden rows match"), ok.reason());
        PreTrafficCheck.Outcome bad = check().run("d-2", "e-2", "salary", "2");
        assertEquals("Failed", bad.status(), bad.reason());
    }

    @Test
    void anUnknownVersionIsAFailedHookNotAPass() {
        PreTrafficCheck.Outcome o = check().run("d-3", "e-3", "salary", "9");
        assertEquals("Failed", o.status(), o.reason());
    }
}
