package com.anycompany.scoring.functions.recommendations;

import com.anycompany.scoring.wiring.ServingEnvironment;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.RecommendationModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticLearning;
import com.anycompany.scoring.local.privacy.Canaries;
import com.anycompany.scoring.feature.FieldError;
import com.anycompany.scoring.recommendations.Course;
import com.anycompany.scoring.recommendations.InvalidRecommendationRequestException;
import com.anycompany.scoring.recommendations.LearningFeatures;
import com.anycompany.scoring.recommendations.RecommendationRequest;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import com.fasterxml.jackson.databind.JsonNode;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recommendations function driven by events/recommendations-direct-invoke.json, against a real S3Proxy holding
 * the demo's ranking model (rank:ndcg, trained by xgboost4j) published and made champion. Expected rankings, scores
 * and reasons come from xgboost4j's Booster on the same artifact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendationsScoringHandlerTest {
    private static final String BUCKET = "reco";
    private static final String EVENT = "recommendations-direct-invoke.json";

    private LocalAws aws;
    private RecommendationModelBuilder.Trained trained;
    private Booster booster;
    private RecommendationsScoringHandler handler;
    private Map<String, String> env;

    @BeforeAll
    void publish(@TempDir Path state) throws Exception {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        trained = RecommendationModelBuilder.train("1", 300, 11);
        new GoldenStore(aws.s3Client(), BUCKET).put(trained.card().ref(), RecommendationModelBuilder.golden(trained, 50));
        new S3ModelStore(aws.s3Client(), BUCKET).publish(trained.card(), trained.artifact(), trained.fileName());
        new AliasStore(aws.s3Client(), BUCKET).write(ModelAliases.initial("recommendations", "1"), Optional.empty());
        booster = XGBoost.loadModel(new ByteArrayInputStream(trained.artifact()));
        env = new HashMap<>(aws.environment());
        env.put(ServingEnvironment.MODEL_BUCKET, BUCKET);
        env.put(ServingEnvironment.MODEL_VERSION, "champion");
        handler = FunctionEnvironment.with(env, RecommendationsScoringHandler::new);
    }

    @AfterAll
    void stop() {
        booster.dispose();
        aws.close();
    }

    private Map<String, Object> invoke(Map<String, Object> event) {
        return FunctionEnvironment.with(env, () -> handler.handleRequest(event, new LambdaTestContext()));
    }

    /** xgboost4j's scores and SHAP values for the request's candidates, in request order. */
    private float[][][] oracle(RecommendationRequest r) throws Exception {
        SyntheticLearning.Case c = new SyntheticLearning.Case(r.learnerId(), r.learner(), r.candidates(), null);
        int nf = LearningFeatures.NAMES.size();
        float[] flat = new float[r.candidates().size() * nf];
        for (int i = 0; i < r.candidates().size(); i++) {
            System.arraycopy(RecommendationModelBuilder.row(c, r.candidates().get(i)), 0, flat, i * nf, nf);
        }
        DMatrix d = new DMatrix(flat, r.candidates().size(), nf, Float.NaN);
        try {
            return new float[][][]{booster.predict(d), booster.predictContrib(d, 0)};
        } finally {
            d.dispose();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recommendations(Map<String, Object> out) {
        return (List<Map<String, Object>>) out.get("recommendations");
    }

    @ParameterizedTest
    @Event(value = EVENT, type = Map.class)
    void theSampleEventIsRankedAsXgboost4jRanksIt(Map<String, Object> event) throws Exception {
        Map<String, Object> out = invoke(event);
        RecommendationRequest request = RecommendationRequest.parse(BatchJson.MAPPER.valueToTree(event));
        float[][][] oracle = oracle(request);
        List<Course> cs = request.candidates();
        List<Integer> expected = IntStream.range(0, cs.size()).boxed()
                .filter(i -> !request.learner().completed(cs.get(i).courseId()))
                .sorted(Comparator.comparingDouble((Integer i) -> -oracle[0][i][0])).limit(3).toList();

        assertEquals("l-00042", out.get("learnerId"));
        assertEquals(Map.of("name", "recommendations", "version", "1"), out.get("model"));
        assertEquals(List.of("c-0007"), out.get("excludedCompleted"), "the completed course is left out");
        assertEquals(List.of("candidates[4].popularity"), out.get("missing"));
        List<Map<String, Object>> recs = recommendations(out);
        assertEquals(3, recs.size(), "top 3 as asked");
        for (int r = 0; r < 3; r++) {
            Map<String, Object> rec = recs.get(r);
            int i = expected.get(r);
            assertEquals(r + 1, rec.get("rank"));
            assertEquals(cs.get(i).courseId(), rec.get("courseId"));
            assertEquals(oracle[0][i][0], ((Number) rec.get("score")).floatValue(), 0f);
            // reasons: the largest positive SHAP values xgboost4j gives for this candidate, largest first
            float[] phi = oracle[1][i];
            List<String> want = IntStream.range(0, LearningFeatures.NAMES.size()).boxed().filter(f -> phi[f] > 0)
                    .sorted(Comparator.comparingDouble((Integer f) -> -phi[f])).limit(3)
                    .map(LearningFeatures.NAMES::get).toList();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> reasons = (List<Map<String, Object>>) rec.get("reasons");
            assertEquals(want, reasons.stream().map(x -> x.get("feature")).toList(), rec.toString());
            assertEquals("c-0073".equals(rec.get("courseId")) ? List.of("popularity") : List.of(), rec.get("missing"));
        }
        assertFalse(recs.stream().anyMatch(x -> "c-0007".equals(x.get("courseId"))));
    }

    @Test
    void aLearnerAndACourseWithMissingFeaturesStillGetAnAnswerNamingThem() {
        Map<String, Object> event = new LinkedHashMap<>(EventLoader.loadEvent(EVENT, Map.class));
        event.put("learner", Map.of("role", "hr_generalist"));
        event.put("candidates", List.of(Map.of("courseId", "c-1"), Map.of("courseId", "c-2", "topic", "leadership",
                "level", 1, "lengthHours", 2.5, "popularity", 0.5, "skills", List.of("coaching"))));
        Map<String, Object> out = invoke(event);
        assertEquals(List.of("learner.tenureMonths", "learner.skills", "learner.completedCourses",
                "candidates[0].topic", "candidates[0].level", "candidates[0].lengthHours", "candidates[0].popularity",
                "candidates[0].skills"), out.get("missing"));
        List<Map<String, Object>> recs = recommendations(out);
        assertEquals(2, recs.size());
        Map<String, Object> bare = recs.stream().filter(x -> "c-1".equals(x.get("courseId"))).findFirst().orElseThrow();
        assertEquals(List.of("topic", "level", "lengthHours", "popularity", "skills"), bare.get("missing"));
        assertTrue(Float.isFinite(((Number) bare.get("score")).floatValue()));
    }

    @Test
    void aLearnerWhoCompletedEveryCandidateGetsAnEmptyList() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("learnerId", "l-1");
        event.put("learner", Map.of("completedCourses", List.of("c-1")));
        event.put("candidates", List.of(Map.of("courseId", "c-1")));
        Map<String, Object> out = invoke(event);
        assertEquals(List.of(), out.get("recommendations"));
        assertEquals(List.of("c-1"), out.get("excludedCompleted"));
    }

    @Test
    void aBadRequestFailsWithOneErrorNamingEveryBadField() {
        Map<String, Object> event = new LinkedHashMap<>(EventLoader.loadEvent(EVENT, Map.class));
        Map<String, Object> learner = new LinkedHashMap<>(Map.of("tenureMonths", "lots"));
        event.put("learner", learner);
        List<Object> candidates = new ArrayList<>((List<?>) event.get("candidates"));
        candidates.set(1, Map.of("topic", "tax"));
        candidates.set(2, Map.of("courseId", "c-0044", "level", 9));
        event.put("candidates", candidates);
        event.put("top", 0);
        InvalidRecommendationRequestException e = assertThrows(InvalidRecommendationRequestException.class,
                () -> invoke(event));
        assertEquals(List.of("learner.tenureMonths", "top", "candidates[1].courseId", "candidates[2].level"),
                e.fields().stream().map(FieldError::field).toList());
        assertTrue(e.getMessage().contains("learner.tenureMonths: must be a whole number from 0 to 600"),
                e.getMessage());
    }

    @Test
    void snapStartPrimingRunsTheWholePath() {
        FunctionEnvironment.with(env, () -> {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
            return null;
        });
        JsonNode answer = BatchJson.MAPPER.valueToTree(invoke(EventLoader.loadEvent(EVENT, Map.class)));
        assertEquals(3, answer.get("recommendations").size());
    }

    /**
     * Privacy canary, recommendations requests: names, SSNs, IBANs and salaries in every field of the learner and the
     * candidates. A request that is valid apart from its text fields is answered (it may echo the caller's own ids
     * back); one with personal data where numbers belong fails naming the fields. Neither puts a canary into stdout
     * or stderr (JSON logs, EMF) or into the error's message chain.
     */
    @Test
    void noPlantedPersonalDataReachesTheLogsOrTheErrors() {
        List<String> words = List.of(Canaries.NAME, Canaries.SSN, Canaries.IBAN, Canaries.SALARY_TEXT);
        Map<String, Object> valid = new LinkedHashMap<>();
        valid.put("learnerId", Canaries.NAME);
        // role and topic are closed vocabularies: in the valid request the canaries fill every free-text field
        valid.put("learner", Map.of("role", "payroll_specialist", "tenureMonths", 18, "skills", words,
                "completedCourses", List.of(Canaries.SSN)));
        valid.put("candidates", List.of(Map.of("courseId", Canaries.IBAN, "topic", "tax", "level", 1,
                "lengthHours", 2.0, "popularity", 0.5, "skills", words), Map.of("courseId", Canaries.SSN)));
        Map<String, Object> invalid = new LinkedHashMap<>(valid);
        invalid.put("learner", Map.of("role", Canaries.NAME_2, "tenureMonths", Canaries.SALARY_TEXT,
                "skills", Canaries.IBAN, "completedCourses", Canaries.NAME));
        invalid.put("candidates", List.of(Map.of("courseId", Canaries.IBAN, "topic", Canaries.SSN, "level",
                Canaries.NAME + " (" + Canaries.SALARY + ")", "lengthHours", Canaries.SALARY_TEXT, "popularity",
                Canaries.SSN, "skills", Canaries.NAME_2)));
        invalid.put("top", Canaries.SALARY);

        Canaries.Captured<Map<String, Object>> ok = Canaries.capture(() -> invoke(valid));
        Canaries.Captured<Map<String, Object>> bad = Canaries.capture(() -> invoke(invalid));
        assertEquals(null, ok.error(), () -> String.valueOf(ok.error()));
        assertEquals(1, recommendations(ok.result()).size(), ok.result().toString());
        assertEquals(List.of(Canaries.SSN), ok.result().get("excludedCompleted"), "the completed course is left out");
        assertTrue(bad.error() instanceof InvalidRecommendationRequestException, String.valueOf(bad.error()));
        assertTrue(((InvalidRecommendationRequestException) bad.error()).fields().size() >= 4, bad.everything());
        assertEquals(List.of(), Canaries.found(ok.everything()), ok.output());
        assertEquals(List.of(), Canaries.found(bad.everything()), bad.everything());
    }
}
