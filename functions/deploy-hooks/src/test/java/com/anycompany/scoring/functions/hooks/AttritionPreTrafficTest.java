package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.hooks.GoldenProbe;
import com.anycompany.scoring.rollout.hooks.PreTrafficCheck;
import com.anycompany.scoring.rollout.hooks.ProbePayloads;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.functions.batch.ScoreShardHandler;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.GoldenStore;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attrition shard scorer's pre-traffic gate: the hook sends a {@link ProbePayloads.Format#ROWS} probe, as bytes,
 * to the real {@link ScoreShardHandler} (a stream handler, as Lambda invokes it) serving models from the local S3,
 * and decides on its answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttritionPreTrafficTest {
    private static final String BUCKET = "attrition-hook";
    private HookBucket hook;
    private ScoreShardHandler shard;
    private Map<String, String> env;
    private final List<String> reported = new ArrayList<>();

    @BeforeAll
    void setUp(@TempDir Path state) {
        hook = new HookBucket(state, BUCKET);
        S3ModelStore store = hook.models;
        GoldenStore goldens = hook.goldens;
        SyntheticWorkforce w1 = new SyntheticWorkforce(11, 4, 200);
        SyntheticWorkforce w2 = new SyntheticWorkforce(12, 4, 200);
        AttritionModels.Trained v1 = AttritionModels.trainGlobal(w1, "1");
        AttritionModels.Trained v2 = AttritionModels.trainGlobal(w2, "2");
        store.publish(v1.card(), v1.artifact(), v1.fileName());
        goldens.put(v1.card().ref(), AttritionModels.golden(v1, w1, 50));
        // version 2 ships with version 1's golden outputs: its scores differ
        store.publish(v2.card(), v2.artifact(), v2.fileName());
        goldens.put(v2.card().ref(), AttritionModels.golden(v1, w1, 50));

        env = hook.environment();
        env.put("DATA_BUCKET", BUCKET);
        env.put("MODEL_NAME", AttritionModels.NAME);
        env.put(ServingEnvironment.MODEL_VERSION, "1");
        shard = FunctionEnvironment.with(env, ScoreShardHandler::new);
    }

    @AfterAll
    void stop() {
        hook.close();
    }

    private final GoldenProbe inProcess = (golden, version) -> {
        byte[] payload = ProbePayloads.request(ProbePayloads.Format.ROWS, AttritionModels.NAME, golden, version)
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FunctionEnvironment.with(env, () -> {
            shard.handleRequest(new ByteArrayInputStream(payload), out, new LambdaTestContext());
            return null;
        });
        return ProbePayloads.response(out.toString(StandardCharsets.UTF_8), version);
    };

    private PreTrafficCheck check() {
        return hook.check(inProcess, (deployment, execution, status) -> reported.add(status));
    }

    @Test
    void theShardScorerPassesItsGoldenSetAndAVersionWithOtherScoresFails() {
        PreTrafficCheck.Outcome good = check().run("d-A1", "e-1", AttritionModels.NAME, "1");
        assertEquals("Succeeded", good.status(), good.reason());
        assertTrue(good.reason().contains("50 golden rows match (exactly)"), good.reason());
        assertEquals("Succeeded", reported.get(reported.size() - 1));

        PreTrafficCheck.Outcome bad = check().run("d-A2", "e-2", AttritionModels.NAME, "2");
        assertEquals("Failed", bad.status());
        assertTrue(bad.reason().contains("golden rows differ (exact equality required"), bad.reason());
        assertEquals("Failed", reported.get(reported.size() - 1));
    }

    @Test
    void aProbeForAVersionThatDoesNotExistIsAFailedHookNotAFallback() {
        PreTrafficCheck.Outcome o = check().run("d-A3", "e-3", AttritionModels.NAME, "9");
        assertEquals("Failed", o.status());
        assertTrue(o.reason().contains("could not run"), o.reason());
    }

    @Test
    void theRowsProbeCarriesTheGoldenRowsAsJsonObjects() {
        var golden = hook.goldens.get(
                com.anycompany.scoring.model.ModelRef.of(AttritionModels.NAME, "1"));
        String payload = ProbePayloads.request(ProbePayloads.Format.ROWS, "attrition", golden, "1");
        assertTrue(payload.startsWith("{\"goldenProbe\":{\"model\":\"attrition\",\"version\":\"1\",\"rows\":[{"),
                payload.substring(0, 80));
        assertEquals(ProbePayloads.Format.ROWS, ProbePayloads.Format.parse("rows"));
        assertEquals(ProbePayloads.Format.SQS, ProbePayloads.Format.parse(null));
    }
}
