package com.anycompany.scoring.cli;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.local.demo.RecommendationModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticLearning;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.recommendations.Course;
import com.anycompany.scoring.recommendations.Ndcg;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's recommendations stage: the learning-recommendations ranking model (rank:ndcg) is trained on synthetic
 * learners (xgboost4j, fixed seed), published with its golden set and made champion; then held-out learners ask
 * RecommendationsScoringFunction (direct invoke) for their top 5, each request also carrying a course the learner has
 * completed (which must not come back). NDCG@5 is measured on what the function returned, against the learners'
 * known relevance labels, next to ranking by popularity alone. One request with missing fields and one bad request
 * check the other two answers.
 */
final class RecommendationsDemo {
    static final String FUNCTION = "RecommendationsScoringFunction";
    static final String VERSION = "1";
    static final int TRAINING_LEARNERS = 1000;
    static final int TOP = 5;

    private RecommendationsDemo() {
    }

    /** The published card and the held-out learners it was judged on. */
    record Published(ModelCard card, List<SyntheticLearning.Case> holdout) {
    }

    /** Publishes recommendations@1 (trained once per seed, kept in the local S3) and makes it champion if none is. */
    static Published publish(LocalRuntime rt, long seed, Consumer<String> progress) {
        ModelCard card = DemoModels.publishOnce(rt, ModelRef.of(RecommendationModelBuilder.NAME, VERSION), seed,
                String.format("training the rank:ndcg model on %,d synthetic learners x %d candidate courses "
                        + "(xgboost4j, seed %d)", RecommendationModelBuilder.holdoutStart(TRAINING_LEARNERS),
                        SyntheticLearning.CANDIDATES, seed),
                () -> {
                    RecommendationModelBuilder.Trained t = RecommendationModelBuilder.train(VERSION, TRAINING_LEARNERS,
                            seed);
                    return new DemoModels.Trained(t.card(), t.artifact(), t.fileName(),
                            RecommendationModelBuilder.golden(t, 200));
                }, progress);
        int learners = ((Number) card.training().get("learners")).intValue()
                + ((Number) card.training().get("holdoutLearners")).intValue();
        List<SyntheticLearning.Case> all = RecommendationModelBuilder.cases(learners, seed);
        return new Published(card, all.subList(RecommendationModelBuilder.holdoutStart(learners), learners));
    }

    static ObjectNode run(LocalRuntime rt, long seed, int learners, Consumer<String> progress) throws Exception {
        long t0 = System.nanoTime();
        Published published = publish(rt, seed, progress);
        Map<String, Course> catalogue = new HashMap<>();
        new SyntheticLearning(seed, RecommendationModelBuilder.COURSES).catalogue()
                .forEach(c -> catalogue.put(c.course().courseId(), c.course()));
        LocalLambda fn = rt.function(FUNCTION);
        fn.handler();
        progress.accept("recommendations: " + learners + " held-out learners ask " + FUNCTION + " for their top "
                + TOP + " (direct invoke), plus one request with missing fields and one bad request");
        List<String> mismatches = new ArrayList<>();
        long[] nanos = new long[learners];
        double[] ndcg = new double[learners];
        double[] byPopularity = new double[learners];
        int recommended = 0;
        int excluded = 0;
        Map<String, Object> sampleRequest = null;
        JsonNode sampleResponse = null;
        for (int i = 0; i < learners; i++) {
            SyntheticLearning.Case c = published.holdout().get(i % published.holdout().size());
            Map<String, Object> request = SyntheticLearning.request(c, TOP);
            // one course the learner completed goes in with the candidates: it must not come back
            String done = c.learner().completedCourses().stream().findFirst().orElse(null);
            if (done != null) {
                @SuppressWarnings("unchecked")
                List<Object> candidates = new ArrayList<>((List<Object>) request.get("candidates"));
                candidates.add(candidates.size() / 2, SyntheticLearning.json(catalogue.get(done)));
                request.put("candidates", candidates);
            }
            LocalLambda.Invocation inv = invoke(fn, request);
            nanos[i] = inv.durationNanos();
            if (inv.failed()) {
                mismatches.add(c.learnerId() + ": " + inv.error());
                continue;
            }
            JsonNode out = BatchJson.MAPPER.readTree(inv.outputJson());
            JsonNode recs = out.get("recommendations");
            recommended += recs.size();
            excluded += out.get("excludedCompleted").size();
            Map<String, Double> relevance = new LinkedHashMap<>();
            for (int k = 0; k < c.candidates().size(); k++) {
                relevance.put(c.candidates().get(k).courseId(), c.relevance()[k]);
            }
            double[] shown = new double[recs.size()];
            for (int r = 0; r < recs.size(); r++) {
                JsonNode rec = recs.get(r);
                Double rel = relevance.get(rec.get("courseId").asText());
                if (rel == null || rec.get("reasons").isEmpty()) {
                    mismatches.add(c.learnerId() + ": " + rec.get("courseId").asText()
                            + (rel == null ? " was not a fresh candidate" : " came without reasons"));
                }
                shown[r] = rel == null ? 0 : rel;
            }
            if (recs.size() != Math.min(TOP, c.candidates().size())) {
                mismatches.add(c.learnerId() + ": " + recs.size() + " recommendations, expected " + TOP);
            }
            if (done != null && !List.of(done).equals(BatchJson.MAPPER.convertValue(out.get("excludedCompleted"),
                    List.class))) {
                mismatches.add(c.learnerId() + ": the completed course was not left out");
            }
            if (!VERSION.equals(out.at("/model/version").asText())) {
                mismatches.add(c.learnerId() + ": answered by version " + out.at("/model/version").asText());
            }
            ndcg[i] = Ndcg.ndcg(shown, c.relevance(), TOP);
            float[] popularity = new float[c.candidates().size()];
            for (int k = 0; k < popularity.length; k++) {
                Double p = c.candidates().get(k).popularity();
                popularity[k] = p == null ? -1f : p.floatValue();
            }
            byPopularity[i] = Ndcg.ofScores(popularity, c.relevance(), TOP);
            if (sampleRequest == null && done != null) {
                sampleRequest = request;
                sampleResponse = out;
            }
        }
        JsonNode sampleMissing = missingFields(fn, published.holdout().get(0), mismatches);
        JsonNode sampleError = badRequest(fn, mismatches);

        long first = nanos.length == 0 ? 0 : nanos[0]; // loads the model from S3: the container's first request
        nanos = nanos.length <= 1 ? nanos : Arrays.copyOfRange(nanos, 1, nanos.length);
        Arrays.sort(nanos);
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        ModelCard card = published.card();
        o.put("model", card.name());
        o.put("version", card.version());
        o.put("objective", card.objective());
        o.put("requests", learners);
        o.put("recommendations", recommended);
        o.put("excluded_completed", excluded);
        o.put("first_request_ms", DemoModels.ms(first));
        o.put("p50_ms", DemoModels.ms(DemoModels.pct(nanos, 50)));
        o.put("p99_ms", DemoModels.ms(DemoModels.pct(nanos, 99)));
        o.put("ndcg_at_5", round(Ndcg.mean(ndcg)));
        o.put("ndcg_at_5_by_popularity", round(Ndcg.mean(byPopularity)));
        o.putPOJO("holdout_ndcg_at_5", card.training().get("holdoutNdcgAt5"));
        o.putPOJO("holdout_learners", card.training().get("holdoutLearners"));
        o.set("sample_request", BatchJson.MAPPER.valueToTree(sampleRequest));
        o.set("sample_response", sampleResponse);
        o.set("sample_missing", sampleMissing);
        o.set("sample_error", sampleError);
        o.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        o.set("mismatches", BatchJson.MAPPER.valueToTree(mismatches));
        o.put("ok", mismatches.isEmpty() && recommended == learners * TOP);
        return o;
    }

    private static LocalLambda.Invocation invoke(LocalLambda fn, Map<String, Object> request) throws Exception {
        return fn.invoke(fn.parseEvent(BatchJson.MAPPER.writeValueAsString(request)));
    }

    /** A learner without tenure and skills, and a course without popularity: answered, the gaps named. */
    private static JsonNode missingFields(LocalLambda fn, SyntheticLearning.Case c, List<String> mismatches)
            throws Exception {
        Map<String, Object> request = SyntheticLearning.request(c, TOP);
        @SuppressWarnings("unchecked")
        Map<String, Object> learner = (Map<String, Object>) request.get("learner");
        learner.remove("tenureMonths");
        learner.remove("skills");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) request.get("candidates");
        candidates.get(0).remove("popularity");
        LocalLambda.Invocation inv = invoke(fn, request);
        if (inv.failed()) {
            mismatches.add("missing fields: the request failed: " + inv.error());
            return null;
        }
        JsonNode out = BatchJson.MAPPER.readTree(inv.outputJson());
        List<String> missing = new ArrayList<>();
        out.get("missing").forEach(m -> missing.add(m.asText()));
        if (!missing.containsAll(List.of("learner.tenureMonths", "learner.skills", "candidates[0].popularity"))
                || out.get("recommendations").size() != TOP) {
            mismatches.add("missing fields: answer " + out.get("recommendations").size() + " recommendations, missing "
                    + missing);
        }
        ObjectNode sample = BatchJson.MAPPER.createObjectNode();
        sample.set("missing", out.get("missing"));
        sample.set("first", out.get("recommendations").get(0));
        return sample;
    }

    /** Three bad fields in one request: one error naming all three. */
    private static JsonNode badRequest(LocalLambda fn, List<String> mismatches) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("learnerId", "l-bad");
        request.put("learner", Map.of("role", "payroll_specialist", "tenureMonths", "lots"));
        request.put("candidates", List.of(Map.of("courseId", "c-0001", "level", 2),
                Map.of("topic", "tax", "popularity", 0.4)));
        request.put("top", 0);
        LocalLambda.Invocation inv = invoke(fn, request);
        ObjectNode error = BatchJson.MAPPER.createObjectNode();
        if (!inv.failed()) {
            mismatches.add("bad request: answered instead of refused");
            return error;
        }
        error.put("errorType", inv.error().getClass().getName());
        error.put("errorMessage", inv.error().getMessage());
        for (String field : List.of("learner.tenureMonths", "candidates[1].courseId", "top")) {
            if (!String.valueOf(inv.error().getMessage()).contains(field + ": ")) {
                mismatches.add("bad request: the error does not name " + field);
            }
        }
        return error;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0 : Math.round(v * 10_000) / 10_000.0;
    }

    static void printHuman(java.io.PrintWriter out, JsonNode o) {
        out.println();
        out.println("recommendations stage: learning recommendations through " + FUNCTION + " (direct invoke)");
        out.printf("  model            %s@%s (%s; training holdout of %s learners: NDCG@5 %s)%n",
                o.get("model").asText(), o.get("version").asText(), o.get("objective").asText(),
                o.get("holdout_learners"), o.get("holdout_ndcg_at_5"));
        out.printf("  answered         %d requests -> %d recommendations with reasons; %d completed courses left out%n",
                o.get("requests").asInt(), o.get("recommendations").asInt(), o.get("excluded_completed").asInt());
        out.printf("  ranking quality  NDCG@5 %.4f through the function (by popularity alone: %.4f)%n",
                o.get("ndcg_at_5").asDouble(), o.get("ndcg_at_5_by_popularity").asDouble());
        out.printf("  handler latency  p50 %.2f ms, p99 %.2f ms per request of %d candidates, incl. the runtime's JSON "
                + "(first request, which loads the model from S3: %.0f ms); stage took %.1f s%n",
                o.get("p50_ms").asDouble(), o.get("p99_ms").asDouble(), SyntheticLearning.CANDIDATES + 1,
                o.get("first_request_ms").asDouble(), o.get("seconds").asDouble());
        out.printf("  sample answer    %s%n", o.at("/sample_response/recommendations/0"));
        out.printf("  missing fields   %s%n", o.at("/sample_missing/missing"));
        out.printf("  sample error     %s%n", o.at("/sample_error/errorMessage").asText());
        out.println(o.get("ok").asBoolean()
                ? "  check            OK: every learner got a top 5 with reasons, no completed course came back, "
                + "gaps were named, the bad request was refused naming every bad field"
                : "  check            FAILED: " + o.get("mismatches"));
    }
}
