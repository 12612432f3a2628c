package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.serve.FunctionUrlEvents;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelRef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The demo's salary stage, the synchronous path: the salary-benchmark regression is trained (xgboost4j, fixed seed),
 * published with its golden set and made champion, then queried through SalaryScoringFunction with Function URL
 * events — single-profile questions as analysts ask them, one 20-profile request, and the error cases (bad fields,
 * unknown model, too many records, wrong method), each checked against its documented status.
 */
final class SalaryDemo {
    static final String FUNCTION = "SalaryScoringFunction";
    static final String VERSION = "1";
    private static final ObjectMapper JSON = Json.MAPPER;

    private SalaryDemo() {
    }

    /** Publishes salary@1 (trained once per seed, kept in the local S3) and makes it champion if none is. */
    static ModelCard publish(LocalRuntime rt, long seed, Consumer<String> progress) {
        return publish(rt, seed, 8000, progress);
    }

    /** As {@link #publish(LocalRuntime, long, Consumer)}, trained on {@code rows} profiles (tests use fewer). */
    static ModelCard publish(LocalRuntime rt, long seed, int rows, Consumer<String> progress) {
        return DemoModels.publishOnce(rt, ModelRef.of(SalaryModelBuilder.NAME, VERSION), seed, String.format(
                "training the salary-benchmark regression on %,d synthetic profiles (xgboost4j, seed %d)", rows, seed),
                () -> {
                    SalaryModelBuilder.Trained t = SalaryModelBuilder.train(VERSION, rows, seed);
                    return new DemoModels.Trained(t.card(), t.artifact(), t.fileName(),
                            SalaryModelBuilder.golden(t, 100, seed + 3));
                }, progress);
    }

    static ObjectNode run(LocalRuntime rt, long seed, int requests, Consumer<String> progress) throws Exception {
        long t0 = System.nanoTime();
        ModelCard card = publish(rt, seed, progress);
        LocalLambda fn = rt.function(FUNCTION);
        fn.handler();
        progress.accept("salary: " + requests + " single-profile questions, one 20-profile request and 4 bad "
                + "requests through " + FUNCTION + " (Function URL events)");
        List<SalaryModelBuilder.Profile> profiles = SalaryModelBuilder.profiles(requests + 20, seed + 11);
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        long[] nanos = new long[requests];
        int predictions = 0;
        String sampleRequest = null;
        JsonNode sampleResponse = null;
        for (int i = 0; i < requests; i++) {
            String body = JSON.writeValueAsString(Map.of("record", profiles.get(i).json()));
            Call c = call(fn, "POST", "/v1/models/salary/predict", body);
            nanos[i] = c.nanos;
            statuses.merge(Integer.toString(c.answer.status()), 1, Integer::sum);
            if (c.answer.status() != 200) {
                mismatches.add("question " + i + ": HTTP " + c.answer.status());
                continue;
            }
            predictions += c.json.get("predictions").size();
            if (sampleRequest == null) {
                sampleRequest = body;
                sampleResponse = c.json;
            }
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = requests; i < requests + 20; i++) {
            batch.add(profiles.get(i).json());
        }
        Call many = expect(fn, "POST", "/v1/models/salary/predict", JSON.writeValueAsString(Map.of("records", batch)),
                200, statuses, mismatches);
        if (many.answer.status() == 200) {
            predictions += many.json.get("predictions").size();
        }
        Call bad = expect(fn, "POST", "/v1/models/salary/predict", "{\"record\": {\"job_level\": 14, "
                + "\"tenure_months\": 30, \"cost_of_living_index\": \"1,2\", \"job_family\": 3}}", 400, statuses,
                mismatches);
        expect(fn, "POST", "/v1/models/bonus/predict", "{\"record\": {}}", 404, statuses, mismatches);
        expect(fn, "POST", "/v1/models/salary/predict", JSON.writeValueAsString(Map.of("records",
                Collections.nCopies(101, profiles.get(0).json()))), 413, statuses, mismatches);
        expect(fn, "GET", "/v1/models/salary/predict", "", 405, statuses, mismatches);

        long first = nanos.length == 0 ? 0 : nanos[0]; // loads the model from S3: the container's first request
        nanos = nanos.length <= 1 ? nanos : Arrays.copyOfRange(nanos, 1, nanos.length);
        Arrays.sort(nanos);
        ObjectNode o = JSON.createObjectNode();
        o.put("model", card.name());
        o.put("version", card.version());
        o.putPOJO("holdout_mape", card.training().get("holdoutMape"));
        o.put("questions", requests);
        o.put("predictions", predictions);
        o.put("first_request_ms", DemoModels.ms(first));
        o.put("p50_ms", DemoModels.ms(DemoModels.pct(nanos, 50)));
        o.put("p99_ms", DemoModels.ms(DemoModels.pct(nanos, 99)));
        o.set("statuses", JSON.valueToTree(statuses));
        o.put("sample_request", sampleRequest);
        o.set("sample_response", sampleResponse);
        o.set("sample_400", bad.json);
        o.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        o.set("mismatches", JSON.valueToTree(mismatches));
        o.put("ok", mismatches.isEmpty() && predictions == requests + 20);
        return o;
    }

    private record Call(FunctionUrlEvents.HttpAnswer answer, JsonNode json, long nanos) {
    }

    private static Call call(LocalLambda fn, String method, String path, String body) throws Exception {
        String event = FunctionUrlEvents.request(method, path, "", Map.of("content-type", List.of("application/json"),
                "user-agent", List.of("scoring-demo")), body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", "demo");
        LocalLambda.Invocation inv = fn.invoke(fn.parseEvent(event));
        FunctionUrlEvents.HttpAnswer a = inv.failed() ? FunctionUrlEvents.FUNCTION_ERROR
                : FunctionUrlEvents.response(inv.outputJson());
        return new Call(a, JSON.readTree(a.body()), inv.durationNanos());
    }

    private static Call expect(LocalLambda fn, String method, String path, String body, int status,
                               Map<String, Integer> statuses, List<String> mismatches) throws Exception {
        Call c = call(fn, method, path, body);
        statuses.merge(Integer.toString(c.answer.status()), 1, Integer::sum);
        if (c.answer.status() != status) {
            mismatches.add(method + " " + path + ": HTTP " + c.answer.status() + ", expected " + status);
        }
        return c;
    }

    static void printHuman(java.io.PrintWriter out, JsonNode o) {
        out.println();
        out.println("salary stage: synchronous scoring, POST /v1/models/salary/predict through SalaryScoringFunction "
                + "(Function URL events)");
        out.printf("  model            %s@%s (reg:squarederror, holdout MAPE %s)%n", o.get("model").asText(),
                o.get("version").asText(), o.get("holdout_mape"));
        out.printf("  answered         %d questions + one 20-profile request -> %d explained predictions%n",
                o.get("questions").asInt(), o.get("predictions").asInt());
        out.printf("  statuses         %s (the 400, 404, 413 and 405 were sent on purpose)%n", o.get("statuses"));
        out.printf("  handler latency  p50 %.2f ms, p99 %.2f ms per single-profile request, incl. the runtime's JSON "
                + "(first request, which loads the model from S3: %.0f ms); stage took %.1f s%n",
                o.get("p50_ms").asDouble(), o.get("p99_ms").asDouble(), o.get("first_request_ms").asDouble(),
                o.get("seconds").asDouble());
        out.printf("  sample request   %s%n", o.get("sample_request").asText());
        out.printf("  sample answer    %s%n", o.get("sample_response"));
        out.printf("  sample 400       %s%n", o.get("sample_400"));
        out.println(o.get("ok").asBoolean()
                ? "  check            OK: every question answered with reasons, every bad request got its status"
                : "  check            FAILED: " + o.get("mismatches"));
    }
}
