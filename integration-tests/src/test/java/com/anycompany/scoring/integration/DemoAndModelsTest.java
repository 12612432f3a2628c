package com.anycompany.scoring.integration;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.anycompany.scoring.cli.CliRun;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's invariant (no message lost) and the publish → list → score-from-S3 flow, on the real local servers. */
class DemoAndModelsTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String TEMPLATE = Path.of("../template.yaml").toString();

    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void theDemoLosesNoMessage() throws Exception {
        CliRun r = run("demo", "--json", "--messages", "600", "--malformed-percent", "5", "--training-rows", "3000",
                "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, r.code(), r.err());
        JsonNode s = JSON.readTree(r.out());
        long sent = s.get("sent").asLong();
        assertEquals(600, sent);
        assertTrue(s.get("malformed_sent").asLong() > 10, "some malformed transactions were sent");
        assertEquals(sent, s.get("scored").asLong() + s.get("dead_lettered").asLong());
        assertEquals(s.get("scored").asLong(), s.get("delivered").asLong());
        assertEquals(s.get("malformed_sent").asLong(), s.get("dead_lettered").asLong());
        assertEquals(0, s.get("lost").asLong());
        assertEquals(0, s.get("duplicates").asLong());
        for (String f : List.of("failed", "throughput_per_s", "p50_ms", "p99_ms")) {
            assertTrue(s.has(f), f);
        }
        assertTrue(s.get("failed").asLong() >= 3 * s.get("dead_lettered").asLong(),
                "each dead-lettered message failed maxReceiveCount (3) times first");
        // the salary stage: every question answered with reasons, every bad request with its documented status
        JsonNode salary = s.get("salary");
        assertTrue(salary.get("ok").asBoolean(), salary.toString());
        assertEquals(Map.of("200", 51, "400", 1, "404", 1, "405", 1, "413", 1),
                JSON.convertValue(salary.get("statuses"), new com.fasterxml.jackson.core.type.TypeReference<Map<String,
                        Integer>>() { }));
        assertEquals(3, salary.at("/sample_response/predictions/0/reasons").size());
        // the recommendations stage: every learner got a top 5, ranked better than popularity alone
        JsonNode recs = s.get("recommendations");
        assertTrue(recs.get("ok").asBoolean(), recs.toString());
        assertEquals(recs.get("requests").asInt() * 5, recs.get("recommendations").asInt());
        for (String f : List.of("p50_ms", "p99_ms", "ndcg_at_5")) {
            assertTrue(recs.get(f).isNumber(), f);
        }
        assertTrue(recs.get("ndcg_at_5").asDouble() > recs.get("ndcg_at_5_by_popularity").asDouble(), recs.toString());

        // the stand-in for `sam local invoke`: the template's function, its environment, the shared event file
        CliRun invoke = run("invoke", "FraudScoringFunction", "-e", "../events/sqs-fraud-batch.json",
                "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, invoke.code(), invoke.err());
        JsonNode response = JSON.readTree(invoke.out());
        assertEquals(List.of("059f36b4-87a3-44ab-83d2-661975830a03", "059f36b4-87a3-44ab-83d2-661975830a04"),
                List.of(response.at("/batchItemFailures/0/itemIdentifier").asText(),
                        response.at("/batchItemFailures/1/itemIdentifier").asText()));
        assertEquals(2, response.get("batchItemFailures").size());

        // the salary endpoint from its Function URL event file: an HTTP response whose body has the predictions
        CliRun salaryInvoke = run("invoke", "SalaryScoringFunction", "-e",
                "../events/function-url-salary-predict.json",
                "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, salaryInvoke.code(), salaryInvoke.err());
        JsonNode http = JSON.readTree(salaryInvoke.out());
        assertEquals(200, http.get("statusCode").asInt(), salaryInvoke.out());
        JsonNode predictions = JSON.readTree(http.get("body").asText()).get("predictions");
        assertEquals(2, predictions.size());
        assertEquals(http.at("/headers/x-request-id").asText(), predictions.get(0).get("requestId").asText());

        // the recommendations function from its direct-invoke event file: the champion's top 3, the completed course
        // left out
        CliRun recsInvoke = run("invoke", "RecommendationsScoringFunction", "-e",
                "../events/recommendations-direct-invoke.json", "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, recsInvoke.code(), recsInvoke.err());
        JsonNode answer = JSON.readTree(recsInvoke.out());
        assertEquals("1", answer.at("/model/version").asText(), recsInvoke.out());
        assertEquals(3, answer.get("recommendations").size());
        assertEquals("c-0007", answer.at("/excludedCompleted/0").asText());
    }

    @Test
    void publishListAndScoreFromTheLocalS3() throws Exception {
        float[][] x = new float[300][2];
        float[] y = new float[300];
        for (int i = 0; i < 300; i++) {
            x[i][0] = i % 17;
            x[i][1] = i % 5 == 0 ? Float.NaN : i % 7;
            y[i] = x[i][0] > 8 ? 1 : 0;
        }
        Path model = Files.write(home.resolve("model.json"), XgbTrainer.train(x, y, List.of("a", "b"),
                Map.of("objective", "binary:logistic", "nthread", 1), 10, "json"));
        Path h = home.resolve("state");
        CliRun pub = run("models", "publish", "--name", "toy", "--version", "3", "--model", model.toString(),
                "--home", h.toString(), "--template", TEMPLATE);
        assertEquals(0, pub.code(), pub.err());
        // publishing the same bytes again is idempotent; different bytes under the same version are refused
        assertEquals(0, run("models", "publish", "--name", "toy", "--version", "3", "--model", model.toString(),
                "--home", h.toString(), "--template", TEMPLATE).code());
        Path other = Files.write(home.resolve("other.json"), XgbTrainer.train(x, y, List.of("a", "b"),
                Map.of("objective", "binary:logistic", "nthread", 1), 11, "json"));
        CliRun clash = run("models", "publish", "--name", "toy", "--version", "3", "--model", other.toString(),
                "--home", h.toString(), "--template", TEMPLATE);
        assertEquals(1, clash.code());
        assertTrue(clash.err().contains("immutable"), clash.err());

        CliRun list = run("models", "list", "--home", h.toString(), "--template", TEMPLATE);
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("toy") && list.out().contains("binary:logistic"), list.out());

        Path in = Files.writeString(home.resolve("in.csv"), "b,a\n1,12\n,3\n");
        Path out = home.resolve("out.csv");
        CliRun score = run("score", "--model", "s3://modelbucket/models/toy/3/", "--input", in.toString(), "--output",
                out.toString(), "--home", h.toString());
        assertEquals(0, score.code(), score.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("prediction", lines.get(0));
        assertTrue(Float.parseFloat(lines.get(1)) > 0.5f && Float.parseFloat(lines.get(2)) < 0.5f, lines.toString());
    }
}
