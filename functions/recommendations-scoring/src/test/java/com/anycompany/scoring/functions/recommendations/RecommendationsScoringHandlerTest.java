package com.anycompany.scoring.functions.recommendations;

import com.anycompany.scoring.local.LambdaTestContext;

import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelAliases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recommendations function on a small model trained with xgboost4j and served from the local S3 registry. */
class RecommendationsScoringHandlerTest {
    @Test
    void ranksCandidatesBestFirstWithTheChampionAndReportsABadCandidate(@TempDir Path state) {
        List<String> names = List.of("skill_gap", "completion_rate", "peer_uptake");
        SplittableRandom r = new SplittableRandom(4);
        float[][] x = new float[400][3];
        float[] y = new float[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = new float[]{(float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble()};
            y[i] = 2 * x[i][0] + x[i][1] - 0.5f * x[i][2];
        }
        byte[] artifact = XgbTrainer.train(x, y, names, Map.of("objective", "reg:squarederror", "max_depth", 3,
                "eta", 0.3, "seed", 1, "nthread", 1), 40, "json");
        CompiledModel compiled = new JavaEngine().compile(new ModelArtifact("reco", artifact));
        var card = CardDeriver.derive("recommendations", "1", compiled,
                new ArtifactInfo("model.json", "json", Hashing.sha256Hex(artifact), artifact.length));
        try (LocalAws aws = LocalAws.start(state)) {
            aws.ensureBucket("reco");
            new S3ModelStore(aws.s3Client(), "reco").publish(card, artifact, "model.json");
            new AliasStore(aws.s3Client(), "reco").write(ModelAliases.initial("recommendations", "1"), Optional.empty());
            Map<String, String> env = new HashMap<>(aws.environment());
            env.put("MODEL_BUCKET", "reco");
            env.put("MODEL_VERSION", "champion");
            RecommendationsScoringHandler handler = FunctionEnvironment.with(env, RecommendationsScoringHandler::new);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("learnerId", "l-0042");
            event.put("candidates", List.of(
                    Map.of("skill_gap", 0.1, "completion_rate", 0.2, "peer_uptake", 0.9),
                    Map.of("skill_gap", 0.9, "completion_rate", 0.8, "peer_uptake", 0.1),
                    Map.of("skill_gap", "lots", "completion_rate", 0.5, "peer_uptake", 0.5)));
            Map<String, Object> out = FunctionEnvironment.with(env, () -> handler.handleRequest(event, new LambdaTestContext()));
            assertEquals(Map.of("name", "recommendations", "version", "1"), out.get("model"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ranked = (List<Map<String, Object>>) out.get("ranked");
            assertEquals(2, ranked.size());
            assertEquals(1, ranked.get(0).get("index"), "the high skill-gap course ranks first");
            assertTrue((Float) ranked.get(0).get("score") > (Float) ranked.get(1).get("score"));
            @SuppressWarnings("unchecked")
            List<String> errors = (List<String>) out.get("errors");
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).contains("'skill_gap' is not a number"), errors.get(0));
        }
    }
}
