package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.BatchPlan;
import com.anycompany.scoring.batch.InputChangedException;
import com.anycompany.scoring.batch.ReconciliationException;
import com.anycompany.scoring.batch.Shard;
import com.anycompany.scoring.batch.ShardResult;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.privacy.Canaries;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.ListedModels;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plan -> score every shard -> finalize, called in sequence as the state machine does, through the three handlers,
 * against a real S3 server (S3Proxy) with attrition models trained by xgboost4j and published there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchTransformHandlersTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "scoring-data";

    private LocalAws aws;
    private SyntheticWorkforce workforce;
    private BatchPlanHandler plan;
    private ScoreShardHandler score;
    private Map<String, String> shardEnv;
    private FinalizeHandler finalize;

    @BeforeAll
    void startAndPublish(@TempDir Path state) throws Exception {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        workforce = new SyntheticWorkforce(7, 12, 600);
        AttritionModels.publish(new S3ModelStore(aws.s3Client(), BUCKET), workforce, "1", 2, null);
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("DATA_BUCKET", BUCKET);
        env.put(ServingEnvironment.MODEL_VERSION, "1");
        env.put("ROWS_PER_SHARD", "40");
        env.put("BATCH_IO_THREADS", "8"); // the parallel reads and the model prefetch, under every test here
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        plan = FunctionEnvironment.with(env, BatchPlanHandler::new);
        shardEnv = Map.copyOf(env);
        score = FunctionEnvironment.with(env, ScoreShardHandler::new);
        finalize = FunctionEnvironment.with(env, FinalizeHandler::new);
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    private JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler h, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, new LambdaTestContext());
        return JSON.readTree(out.toByteArray());
    }

    private void put(String key, byte[] bytes) {
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private String get(String key) {
        return aws.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    private List<Shard> manifest(JsonNode summary) throws Exception {
        return List.of(JSON.readValue(get(summary.get("manifestKey").asText()), Shard[].class));
    }

    /** A plan's summary and its shards. */
    private record Planned(JsonNode summary, List<Shard> shards) {
    }

    /** Uploads one client's month as batch/input/attrition/{@code file}, plans run {@code runId}, scores every shard. */
    private Planned planAndScore(String runId, String file, int client, String month) throws Exception {
        put("batch/input/attrition/" + file, workforce.csv(workforce.clients().get(client), month, 0)
                .getBytes(StandardCharsets.UTF_8));
        JsonNode summary = invoke(plan, "{\"runId\":\"" + runId + "\",\"inputKey\":\"batch/input/attrition/" + file
                + "\",\"model\":\"attrition\",\"outputPrefix\":\"batch/output/attrition/" + runId + "/\"}");
        List<Shard> shards = manifest(summary);
        for (Shard s : shards) {
            invoke(score, JSON.writeValueAsString(s));
        }
        return new Planned(summary, shards);
    }

    /** Runs the state machine's steps in order; returns the Finalize output. */
    private JsonNode run(String request) throws Exception {
        JsonNode summary = invoke(plan, request);
        for (Shard s : manifest(summary)) {
            invoke(score, JSON.writeValueAsString(s));
        }
        return invoke(finalize, JSON.writeValueAsString(Map.of("bucket", BUCKET,
                "planKey", summary.get("planKey").asText())));
    }

    /** A 3-client CSV: 150 good rows, one client without a model, and 7 malformed rows of different kinds. */
    private String mixedCsv() {
        StringBuilder sb = new StringBuilder(SyntheticWorkforce.csvHeader()).append("\r\n");
        var clients = workforce.clients();
        var noModel = clients.stream().filter(c -> !c.hasModel()).findFirst().orElseThrow();
        int line = 1;
        for (var c : List.of(clients.get(0), clients.get(1), noModel)) {
            String csv = workforce.csv(c, "2026-01", 0);
            for (String row : csv.substring(csv.indexOf('\n') + 1).split("\n")) {
                sb.append(row).append("\r\n");
                line++;
                if (line == 10) {
                    sb.append("e-x-1,").append(c.id()).append(",sales,n/a,40,3,1,2.0,3,0,5.0,60\r\n");
                    sb.append("\r\n"); // blank line: not a row
                    sb.append("e-x-2,").append(c.id()).append(",sales,12,40\r\n");
                    sb.append("e-x-3,../../etc,sales,12,40,3,1,2.0,3,0,5.0,60\r\n");
                    sb.append("e-x-4,").append(c.id()).append(",\"unclosed,12,40,3,1,2.0,3,0,5.0,60\r\n");
                    sb.append("e-x-5,").append(c.id()).append(",sales,12,250,3,1,2.0,3,0,5.0,60\r\n");
                    sb.append("e-x-6,").append(c.id()).append(",sales,12,40,3,1,2.0,3,0,5.0,60,EXTRA\r\n");
                    sb.append("e-x-7,").append(c.id()).append(",sales,12,,3,1,2.0,3,0,5.0,60\r\n");
                }
            }
        }
        return sb.toString();
    }

    @Test
    void csvWithMalformedRowsReconcilesExactlyPerShardAndInTotal() throws Exception {
        String csv = mixedCsv();
        long goodRows = csv.lines().filter(l -> !l.isBlank()).count() - 1 - 7;
        put("batch/input/attrition/mixed.csv", csv.getBytes(StandardCharsets.UTF_8));
        JsonNode done = run("{\"runId\":\"t1\",\"inputKey\":\"batch/input/attrition/mixed.csv\",\"model\":\"attrition\","
                + "\"outputPrefix\":\"batch/output/attrition/t1/\"}");
        assertEquals(goodRows + 7, done.get("rows").asLong());
        assertEquals(goodRows, done.get("scored").asLong());
        assertEquals(7, done.get("quarantined").asLong());
        assertEquals(1, done.get("fallbackClients").asInt(), "the client without a model is on the global one");
        assertEquals(3, done.get("clients").asInt(), "each client counted once across shards; the bad id is not a client");

        JsonNode success = JSON.readTree(get("batch/output/attrition/t1/_SUCCESS"));
        long perShardTotal = 0;
        for (JsonNode s : success.get("perShard")) {
            assertEquals(s.get("rows").asLong(), s.get("scored").asLong() + s.get("quarantined").asLong());
            perShardTotal += s.get("rows").asLong();
        }
        assertEquals(goodRows + 7, perShardTotal);
        assertTrue(success.get("shards").asInt() >= 4, "150+ rows at 40 per shard");

        // the quarantine names each bad row's line and a reason a person can act on
        List<JsonNode> quarantined = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (S3Object o : aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/t1/"))
                .contents()) {
            if (o.key().contains("quarantine-")) {
                for (String l : get(o.key()).split("\n")) {
                    if (!l.isBlank()) {
                        quarantined.add(JSON.readTree(l));
                    }
                }
            } else if (o.key().contains("part-")) {
                parts.add(get(o.key()));
            }
        }
        assertEquals(7, quarantined.size());
        String reasons = quarantined.stream().map(q -> q.get("reason").asText()).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(reasons.contains("'tenure_months' is not a number (got text:") && !reasons.contains("n/a"), reasons);
        assertTrue(reasons.contains("has 5 cells but the header has 12"), reasons);
        assertTrue(reasons.contains("client id '../../etc' is not allowed"), reasons);
        assertTrue(reasons.contains("quoted field in column 3 is not closed"), reasons);
        assertTrue(reasons.contains("'age' is above the maximum 90") && !reasons.contains("250"), reasons);
        assertTrue(reasons.contains("has 13 cells"), reasons);
        assertTrue(reasons.contains("'age' is required but missing"), reasons);
        for (JsonNode q : quarantined) {
            long line = q.get("line").asLong();
            String original = csv.split("\r\n", -1)[(int) line - 1];
            assertEquals(original, q.get("original").asText(), "line " + line + " is the input's physical line");
        }

        // outputs: ids first, then prediction, model name and version, and which model scored the row
        String header = "employee_id,client_id,department,prediction,model_name,model_version,model_scope";
        long client = 0;
        long global = 0;
        long dataRows = 0;
        for (String p : parts) {
            String[] lines = p.split("\n");
            assertEquals(header, lines[0]);
            for (int i = 1; i < lines.length; i++) {
                dataRows++;
                String[] cells = lines[i].split(",");
                float prediction = Float.parseFloat(cells[3]);
                assertTrue(prediction >= 0 && prediction <= 1);
                assertEquals("attrition", cells[4]);
                if (cells[6].equals("client")) {
                    client++;
                } else {
                    assertEquals("global", cells[6]);
                    global++;
                }
            }
        }
        assertEquals(goodRows, dataRows);
        long noModelRows = workforce.clients().stream().filter(c -> !c.hasModel()).findFirst().orElseThrow().employees();
        assertEquals(noModelRows, global, "exactly the rows of the client without a model are marked global");
        assertEquals(goodRows - noModelRows, client);
    }

    /**
     * A model trained without feature names (SageMaker's built-in algorithm, f0..f3) scores a headerless CSV by
     * position, its first line included, like xgboost4j; a headerless CSV against the named attrition model
     * quarantines every row with the reason.
     */
    @Test
    void headerlessCsvScoresByPositionForAModelWithoutFeatureNames() throws Exception {
        int rows = 30;
        int nf = 4;
        java.util.Random r = new java.util.Random(4);
        float[] x = new float[rows * nf];
        float[] y = new float[rows];
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < nf; f++) {
                x[i * nf + f] = Math.round(r.nextGaussian() * 1000) / 100f;
                csv.append(f == 0 ? "" : ",").append(x[i * nf + f]);
            }
            y[i] = x[i * nf] + x[i * nf + 1] > 0 ? 1 : 0;
            csv.append('\n');
        }
        ml.dmlc.xgboost4j.java.DMatrix d = new ml.dmlc.xgboost4j.java.DMatrix(x, rows, nf, Float.NaN);
        d.setLabel(y);
        ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.train(d,
                new HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 3, "min_child_weight", 0.1)), 10,
                new HashMap<>(), null, null);
        float[][] want = b.predict(d);
        byte[] bytes = b.toByteArray("json");
        var compiled = new com.anycompany.scoring.engine.JavaEngine().compile(
                new com.anycompany.scoring.model.ModelArtifact("model.json", bytes));
        new S3ModelStore(aws.s3Client(), BUCKET).publish(com.anycompany.scoring.model.CardDeriver.derive("sagemaker",
                "1", compiled, new com.anycompany.scoring.model.ArtifactInfo("model.json", "json", "0".repeat(64),
                        bytes.length)), bytes, "model.json");
        put("batch/input/sm/rows.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode done = run("{\"runId\":\"h1\",\"inputKey\":\"batch/input/sm/rows.csv\",\"model\":\"sagemaker\","
                + "\"outputPrefix\":\"batch/output/sm/h1/\"}");
        assertEquals(rows, done.get("rows").asLong(), "the first line is a row, not a header");
        assertEquals(rows, done.get("scored").asLong());
        List<String> lines = new ArrayList<>();
        for (S3Object o : aws.s3Client().listObjectsV2(b2 -> b2.bucket(BUCKET).prefix("batch/output/sm/h1/"))
                .contents()) {
            if (o.key().contains("part-")) {
                String[] part = get(o.key()).split("\n");
                assertEquals("prediction,model_name,model_version,model_scope", part[0]);
                lines.addAll(List.of(part).subList(1, part.length));
            }
        }
        assertEquals(rows, lines.size());
        for (int i = 0; i < rows; i++) {
            assertEquals(want[i][0], Float.parseFloat(lines.get(i).split(",")[0]), 1e-6f, "row " + i);
        }

        JsonNode wrong = run("{\"runId\":\"h2\",\"inputKey\":\"batch/input/sm/rows.csv\",\"model\":\"attrition\","
                + "\"outputPrefix\":\"batch/output/sm/h2/\"}");
        assertEquals(rows, wrong.get("quarantined").asLong());
        String q = "";
        for (S3Object o : aws.s3Client().listObjectsV2(b2 -> b2.bucket(BUCKET).prefix("batch/output/sm/h2/"))
                .contents()) {
            if (o.key().contains("quarantine-")) {
                q += get(o.key());
            }
        }
        assertTrue(q.contains("no header line") && q.contains("add a header line"), q);
    }

    /**
     * A model carrying XGBoost 3.4's own category vocabulary (cats; fixture written by XGBoost itself, see
     * core/src/test/resources/xgb34cats) scores a CSV of category names like XGBoost re-coding a DataFrame; a row
     * with a name outside the vocabulary is quarantined alone with the feature named, as XGBoost refuses it.
     */
    @Test
    void categoryNamesScoreThroughTheModelsOwnVocabulary() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("../../core/src/test/resources/xgb34cats");
        byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve("cats.ubj"));
        JsonNode want = JSON.readTree(dir.resolve("expected.json").toFile());
        var compiled = new com.anycompany.scoring.engine.JavaEngine().compile(
                new com.anycompany.scoring.model.ModelArtifact("cats.ubj", bytes));
        new S3ModelStore(aws.s3Client(), BUCKET).publish(com.anycompany.scoring.model.CardDeriver.derive("cats", "1",
                compiled, new com.anycompany.scoring.model.ArtifactInfo("cats.ubj", "ubj", "0".repeat(64),
                        bytes.length)), bytes, "cats.ubj");
        StringBuilder csv = new StringBuilder("level,dept,tenure\n");
        for (JsonNode r : want.get("rows")) {
            csv.append(r.get("level").isNull() ? "" : r.get("level").asText()).append(',')
                    .append(r.get("dept").isNull() ? "" : r.get("dept").asText()).append(',')
                    .append(r.get("tenure").asText()).append('\n');
        }
        csv.append("10,Marketing,1.0\n");
        put("batch/input/cats/rows.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode done = run("{\"runId\":\"c1\",\"inputKey\":\"batch/input/cats/rows.csv\",\"model\":\"cats\","
                + "\"outputPrefix\":\"batch/output/cats/c1/\"}");
        int rows = want.get("rows").size();
        assertEquals(rows, done.get("scored").asLong(), done.toString());
        assertEquals(1, done.get("quarantined").asLong(), done.toString());
        List<String> lines = new ArrayList<>();
        String q = "";
        for (S3Object o : aws.s3Client().listObjectsV2(b2 -> b2.bucket(BUCKET).prefix("batch/output/cats/c1/"))
                .contents()) {
            if (o.key().contains("part-")) {
                String[] part = get(o.key()).split("\n");
                lines.addAll(List.of(part).subList(1, part.length));
            } else if (o.key().contains("quarantine-")) {
                q += get(o.key());
            }
        }
        assertEquals(rows, lines.size());
        for (int i = 0; i < rows; i++) {
            double w = want.get("predictions").get(i).asDouble();
            assertEquals(w, Double.parseDouble(lines.get(i).split(",")[0]), 1e-6 * Math.max(1e-3, Math.abs(w)),
                    "row " + i);
        }
        assertTrue(q.contains("'dept'") && q.contains("not trained on"), q);
    }

    @Test
    void aRetriedShardOverwritesItsOwnOutputAndNeverDuplicates() throws Exception {
        Planned p = planAndScore("t2", "retry.csv", 2, "2026-02");
        JsonNode summary = p.summary();
        List<Shard> shards = p.shards();
        String firstPart = get(shards.get(0).partKey());
        invoke(score, JSON.writeValueAsString(shards.get(0)));   // Step Functions retries shard 0
        invoke(score, JSON.writeValueAsString(shards.get(0)));
        assertEquals(firstPart, get(shards.get(0).partKey()), "same key, same bytes");
        long parts = aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/t2/part-"))
                .contents().size();
        assertEquals(shards.size(), parts);
        JsonNode done = invoke(finalize, JSON.writeValueAsString(Map.of("bucket", BUCKET,
                "planKey", summary.get("planKey").asText())));
        assertEquals(workforce.clients().get(2).employees(), done.get("scored").asLong());
    }

    @Test
    void finalizeFailsLoudlyWhenCountsDisagreeOrAShardIsMissing() throws Exception {
        put("batch/input/attrition/tamper.csv", workforce.csv(workforce.clients().get(3), "2026-03", 0)
                .getBytes(StandardCharsets.UTF_8));
        JsonNode summary = invoke(plan, "{\"runId\":\"t3\",\"inputKey\":\"batch/input/attrition/tamper.csv\","
                + "\"model\":\"attrition\",\"outputPrefix\":\"batch/output/attrition/t3/\"}");
        List<Shard> shards = manifest(summary);
        assertTrue(shards.size() >= 2);
        invoke(score, JSON.writeValueAsString(shards.get(0)));
        String finalizeInput = JSON.writeValueAsString(Map.of("bucket", BUCKET, "planKey",
                summary.get("planKey").asText()));
        ReconciliationException missing = assertThrows(ReconciliationException.class, () -> invoke(finalize, finalizeInput));
        assertTrue(missing.getMessage().contains("shard 1 (batch/input/attrition/tamper.csv) has no result"),
                missing.getMessage());
        for (Shard s : shards) {
            invoke(score, JSON.writeValueAsString(s));
        }
        ShardResult r = JSON.readValue(get(shards.get(0).resultKey()), ShardResult.class);
        ShardResult lying = new ShardResult(r.index(), r.sourceKey(), r.plannedRows(), r.rows(), r.scored() - 1,
                r.quarantined(), r.clientModelRows(), r.globalModelRows(), r.fallbackClients(), r.clients(),
                r.cacheHits(), r.cacheMisses(), r.partKey(), r.quarantineKey(), r.scores(), 0, 0, 0, 0, r.planId(),
                r.partETag(), r.quarantineETag(), r.drift(), r.quarantineReasons(), r.modelFallbacks());
        put(shards.get(0).resultKey(), BatchJson.bytes(lying));
        ReconciliationException e = assertThrows(ReconciliationException.class, () -> invoke(finalize, finalizeInput));
        assertTrue(e.getMessage().contains("shard 0"), e.getMessage());
        assertFalse(aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/t3/_SUCCESS"))
                .hasContents(), "no _SUCCESS for a run that does not reconcile");
    }

    @Test
    void gzipJsonLinesAndTheMonthlyLayout() throws Exception {
        var c = workforce.clients().get(4);
        StringBuilder jsonl = new StringBuilder();
        for (var e : workforce.snapshot(c, "2026-04")) {
            jsonl.append("{\"employee_id\":\"").append(e.employeeId()).append("\",\"client_id\":\"").append(c.id())
                    .append("\",\"tenure_months\":").append((int) e.features()[0]).append(",\"age\":")
                    .append((int) e.features()[1]).append(",\"salary_band\":").append((int) e.features()[2])
                    .append("}\n");
        }
        jsonl.append("{not json\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(jsonl.toString().getBytes(StandardCharsets.UTF_8));
        }
        put("batch/input/attrition/2026-04/" + c.id() + ".jsonl.gz", gz.toByteArray());
        put("batch/input/attrition/2026-04/" + workforce.clients().get(5).id() + ".csv",
                workforce.csv(workforce.clients().get(5), "2026-04", 0).getBytes(StandardCharsets.UTF_8));
        put("batch/input/attrition/2026-04/README.txt", "not an input".getBytes(StandardCharsets.UTF_8));
        JsonNode done = run("{\"kind\":\"monthly\",\"model\":\"attrition\",\"scheduledTime\":\"2026-04-01T03:00:00Z\"}");
        assertEquals(c.employees() + workforce.clients().get(5).employees() + 1, done.get("rows").asLong());
        assertEquals(1, done.get("quarantined").asLong());
        assertEquals("s3://" + BUCKET + "/batch/output/attrition/2026-04/_SUCCESS", done.get("success").asText());
        String part = get("batch/output/attrition/2026-04/part-00000.jsonl");
        JsonNode first = JSON.readTree(part.lines().findFirst().orElseThrow());
        assertTrue(first.has("employee_id") && first.has("prediction") && !first.has("tenure_months"), first.toString());
        assertEquals(c.hasModel() ? "client" : "global", first.get("model_scope").asText());
    }

    @Test
    void smallInputsArePackedIntoFewShardsByHeaderAndStillReconcileRowByRow() throws Exception {
        // six small client files (~50 rows each, rowsPerShard 120), one with a malformed row, and one file whose header differs
        String month = "2026-05";
        long expectedRows = 0;
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var c = workforce.clients().get(i);
            String csv = workforce.csv(c, month, 0);
            if (i == 2) {
                csv = csv + "e-bad," + c.id() + ",sales,n/a,40,3,1,2.0,3,0,5.0,60\n";
            }
            if (i == 0) {
                csv = csv.stripTrailing(); // its last line has no line break: it must not run into the next input's
            }
            expectedRows += csv.lines().skip(1).filter(l -> !l.isBlank()).count();
            String key = "batch/input/attrition/" + month + "/" + c.id() + ".csv";
            keys.add(key);
            put(key, csv.getBytes(StandardCharsets.UTF_8));
        }
        var odd = workforce.clients().get(6);
        String oddCsv = workforce.csv(odd, month, 0);
        String[] lines = oddCsv.split("\n", 2);
        String reordered = "team," + lines[0] + "\n" + lines[1].lines().map(l -> "blue," + l)
                .collect(java.util.stream.Collectors.joining("\n")) + "\n";
        expectedRows += reordered.lines().skip(1).filter(l -> !l.isBlank()).count();
        put("batch/input/attrition/" + month + "/" + odd.id() + ".csv", reordered.getBytes(StandardCharsets.UTF_8));

        JsonNode summary = invoke(plan, "{\"kind\":\"monthly\",\"model\":\"attrition\",\"month\":\"" + month
                + "\",\"rowsPerShard\":120}");
        List<Shard> shards = manifest(summary);
        int segments = shards.stream().mapToInt(sh -> sh.segments().size()).sum();
        assertTrue(shards.size() < 7, "7 small inputs are packed into fewer shards: " + shards.size());
        assertEquals(7, segments, "every input is a segment of exactly one shard");
        for (Shard sh : shards) {
            long sum = sh.segments().stream().mapToLong(Shard.Segment::rows).sum();
            assertEquals(sh.rows(), sum, "a shard's rows are its segments' rows");
            assertTrue(sh.rows() <= 120 || sh.segments().size() == 1, "a pack stops at rowsPerShard: " + sh.rows());
            boolean hasOdd = sh.segments().stream().anyMatch(g -> g.sourceKey().contains(odd.id()));
            assertTrue(!hasOdd || sh.segments().size() == 1, "an input with another header is never packed with "
                    + "the others");
            if (sh.segments().size() > 1) {
                // a pack's inputs are staged as one object, read with one GET; each segment still names its input
                assertTrue(sh.segments().stream().allMatch(g -> g.key().equals(sh.segments().get(0).key())
                        && g.key().contains("/_staging/pack-")), sh.segments().toString());
                assertTrue(sh.segments().stream().allMatch(g -> keys.contains(g.sourceKey())));
            }
        }
        assertTrue(shards.stream().anyMatch(sh -> sh.segments().size() > 1), "some inputs are packed");
        for (Shard sh : shards) {
            invoke(score, JSON.writeValueAsString(sh));
        }
        JsonNode done = invoke(finalize, JSON.writeValueAsString(Map.of("bucket", BUCKET,
                "planKey", summary.get("planKey").asText())));
        assertEquals(expectedRows, done.get("rows").asLong());
        assertEquals(expectedRows - 1, done.get("scored").asLong());
        assertEquals(1, done.get("quarantined").asLong());

        // the bad row is quarantined with its own file and line, and every employee appears exactly once in the parts
        String out = "batch/output/attrition/" + month + "/";
        StringBuilder quarantine = new StringBuilder();
        java.util.Set<String> employees = new java.util.HashSet<>();
        long partRows = 0;
        for (Shard sh : shards) {
            quarantine.append(get(sh.quarantineKey()));
            List<String> part = get(sh.partKey()).lines().toList();
            for (String row : part.subList(1, part.size())) {
                assertTrue(employees.add(row.split(",")[row.startsWith("blue,") ? 1 : 0]), "duplicate row " + row);
                partRows++;
            }
        }
        assertEquals(expectedRows - 1, partRows);
        JsonNode q = JSON.readTree(quarantine.toString().lines().findFirst().orElseThrow());
        assertEquals(keys.get(2), q.get("source").asText());
        assertEquals(workforce.clients().get(2).employees() + 2, q.get("line").asLong(), q.toString());
        assertTrue(q.get("reason").asText().contains("'tenure_months' is not a number"), q.toString());
    }

    /**
     * The gzip decompression bound (issue #9): a real 64 KiB-ish gzip that inflates to 24 MiB is refused by the Plan
     * step at BATCH_MAX_DECOMPRESSED_BYTES (set to 4 MiB here) with a clear error, and nothing is staged or planned.
     */
    @Test
    void aGzipBombIsRefusedAtTheDecompressionBound() throws Exception {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("DATA_BUCKET", BUCKET);
        env.put(ServingEnvironment.MODEL_VERSION, "1");
        env.put("BATCH_MAX_DECOMPRESSED_BYTES", String.valueOf(4 * 1024 * 1024));
        BatchPlanHandler bounded = FunctionEnvironment.with(env, BatchPlanHandler::new);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write((SyntheticWorkforce.csvHeader() + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] row = "e-1,c-1,sales,12,40,3,1,2.0,3,0,5.0,60\n".getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 24L * 1024 * 1024; written += row.length) {
                z.write(row);
            }
        }
        assertTrue(gz.size() < 256 * 1024, "a small file: " + gz.size() + " bytes");
        put("batch/input/attrition/bomb.csv.gz", gz.toByteArray());
        com.anycompany.scoring.batch.BatchInputException e = assertThrows(
                com.anycompany.scoring.batch.BatchInputException.class, () -> invoke(bounded,
                        "{\"runId\":\"bomb\",\"inputKey\":\"batch/input/attrition/bomb.csv.gz\",\"model\":"
                                + "\"attrition\",\"outputPrefix\":\"batch/output/attrition/bomb/\"}"));
        assertEquals("s3://" + BUCKET + "/batch/input/attrition/bomb.csv.gz decompresses to more than 4194304 bytes"
                + " (BATCH_MAX_DECOMPRESSED_BYTES); split it into smaller files, or raise the bound together with the"
                + " function's ephemeral storage", e.getMessage());
        assertTrue(aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/bomb"))
                .contents().isEmpty(), "nothing staged, no plan written");
    }

    @Test
    void aResumedRunReusesVerifiedShardsAndScoresAgainWhatChanged() throws Exception {
        String key = "batch/input/attrition/resume.csv";
        put(key, workforce.csv(workforce.clients().get(5), "2026-05", 0).getBytes(StandardCharsets.UTF_8));
        String fresh = "{\"runId\":\"t5\",\"inputKey\":\"" + key + "\",\"model\":\"attrition\","
                + "\"outputPrefix\":\"batch/output/attrition/t5/\",\"rowsPerShard\":10}";
        String resume = fresh.replace("}", ",\"resume\":true}");
        JsonNode first = invoke(plan, fresh);
        List<Shard> shards = manifest(first);
        assertTrue(shards.size() >= 2);
        List<String> partETags = new ArrayList<>();
        for (Shard s : shards) {
            assertFalse(invoke(score, JSON.writeValueAsString(s)).get("reused").asBoolean(), "a fresh plan scores");
            partETags.add(aws.s3Client().headObject(b -> b.bucket(BUCKET).key(s.partKey())).eTag());
        }
        // resumed, nothing changed: same plan id, every shard reused
        List<Shard> resumed = manifest(invoke(plan, resume));
        assertEquals(shards.get(0).planId(), resumed.get(0).planId());
        for (Shard s : resumed) {
            assertTrue(invoke(score, JSON.writeValueAsString(s)).get("reused").asBoolean());
        }
        // a part file altered after its result was written: that shard alone is scored again, to the same bytes
        put(shards.get(0).partKey(), "employee_id,prediction\nforged,1.0\n".getBytes(StandardCharsets.UTF_8));
        resumed = manifest(invoke(plan, resume));
        assertFalse(invoke(score, JSON.writeValueAsString(resumed.get(0))).get("reused").asBoolean());
        assertTrue(invoke(score, JSON.writeValueAsString(resumed.get(1))).get("reused").asBoolean());
        assertEquals(partETags.get(0), aws.s3Client().headObject(b -> b.bucket(BUCKET).key(shards.get(0).partKey()))
                .eTag(), "scored again to exactly the same bytes");
        // without --resume, or once the input changed, nothing is reused
        assertFalse(invoke(score, JSON.writeValueAsString(manifest(invoke(plan, fresh)).get(1))).get("reused")
                .asBoolean());
        put(key, (get(key) + "e-new,c0005,sales,12,40,3,1,2.0,3,0,5.0,60\n").getBytes(StandardCharsets.UTF_8));
        List<Shard> changed = manifest(invoke(plan, resume));
        assertFalse(changed.get(0).planId().equals(shards.get(0).planId()), "a changed input is a new plan");
        for (Shard s : changed) {
            assertFalse(invoke(score, JSON.writeValueAsString(s)).get("reused").asBoolean());
        }
        JsonNode done = invoke(finalize, JSON.writeValueAsString(Map.of("bucket", BUCKET, "planKey",
                "batch/output/attrition/t5/_manifest/plan.json")));
        assertEquals(workforce.clients().get(5).employees() + 1, done.get("rows").asLong());
    }

    /**
     * Finalize writes drift.json and report.html next to the output: a client whose engagement feed stopped and whose
     * overtime quadrupled is flagged with those features; a client like its training data is not. The report renders
     * in headless Chromium: the sorting script ran and the charts' colours are on the screenshot.
     */
    /**
     * Privacy canary: names, SSNs, IBANs and salaries planted in every column of batch rows (malformed rows, and a
     * valid row with personal data in its id and text columns) reach no log line, EMF metric, drift.json or
     * report.html; the quarantine reasons there name the column and the problem only.
     */
    @Test
    void noPlantedPersonalDataReachesTheLogsMetricsOrTheDriftReport() throws Exception {
        var client = workforce.clients().stream().filter(SyntheticWorkforce.Client::hasModel).findFirst().orElseThrow();
        String header = SyntheticWorkforce.csvHeader();
        int columns = header.split(",").length;
        List<String> canaries = List.of(Canaries.NAME, Canaries.SSN, Canaries.IBAN, "\"" + Canaries.SALARY_TEXT + "\"",
                "\"" + Canaries.NAME_2 + " (USD) " + Canaries.SALARY + ")\"", Canaries.SALARY);
        StringBuilder csv = new StringBuilder(header).append('\n');
        String good = workforce.csv(client, "2026-07", 0).split("\n")[1];
        for (int col = 0; col < columns; col++) {
            for (String canary : canaries) {
                String[] cells = good.split(",", -1);
                cells[col] = col == 1 ? client.id() : canary; // the client column routes the row
                csv.append(String.join(",", cells)).append('\n');
            }
        }
        // a malformed row of the wrong width, full of personal data
        csv.append(Canaries.NAME).append(',').append(client.id()).append(',').append(Canaries.IBAN).append('\n');
        put("batch/input/attrition/canary.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        Canaries.Captured<JsonNode> run = Canaries.capture(() -> run("{\"runId\":\"canary\",\"inputKey\":"
                + "\"batch/input/attrition/canary.csv\",\"model\":\"attrition\",\"outputPrefix\":"
                + "\"batch/output/attrition/canary/\"}"));
        assertEquals(null, run.error(), () -> String.valueOf(run.error()));
        assertTrue(run.result().get("quarantined").asLong() > 0, run.result().toString());
        String drift = get("batch/output/attrition/canary/drift.json");
        String report = get("batch/output/attrition/canary/report.html");
        assertTrue(drift.contains("is not a number"), "the report names the kind of problem: " + drift);
        assertEquals(List.of(), Canaries.found(run.everything()), run.output());
        assertEquals(List.of(), Canaries.found(drift), drift);
        assertEquals(List.of(), Canaries.found(report), "report.html");
    }

    @Test
    void finalizeWritesADriftReportThatFlagsTheDriftedClientAndRendersInChromium(@TempDir Path work) throws Exception {
        var withModel = workforce.clients().stream().filter(SyntheticWorkforce.Client::hasModel)
                .sorted(java.util.Comparator.comparingInt(SyntheticWorkforce.Client::employees).reversed()).toList();
        var steady = withModel.get(0);
        var drifted = withModel.get(1);
        String header = SyntheticWorkforce.csvHeader();
        List<String> cols = List.of(header.split(","));
        int overtime = cols.indexOf("overtime_hours");
        int engagement = cols.indexOf("engagement_score");
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (String row : workforce.csv(steady, "2026-05", 0).split("\n")) {
            if (!row.startsWith(header) && !row.isBlank()) {
                csv.append(row).append('\n');
            }
        }
        for (String row : workforce.csv(drifted, "2026-05", 0).split("\n")) {
            if (row.startsWith(header) || row.isBlank()) {
                continue;
            }
            String[] c = row.split(",", -1);
            if (!c[overtime].isEmpty()) {
                c[overtime] = Float.toString(Math.min(200f, Float.parseFloat(c[overtime]) * 4 + 40));
            }
            c[engagement] = "";
            csv.append(String.join(",", c)).append('\n');
        }
        csv.append("e-bad,").append(steady.id()).append(",sales,n/a,40,3,1,2.0,3,0,5.0,60\n");
        put("batch/input/attrition/drift.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode done = run("{\"runId\":\"d1\",\"inputKey\":\"batch/input/attrition/drift.csv\",\"model\":\"attrition\","
                + "\"outputPrefix\":\"batch/output/attrition/d1/\"}");
        assertEquals("s3://" + BUCKET + "/batch/output/attrition/d1/report.html", done.get("report").asText());

        JsonNode drift = JSON.readTree(get("batch/output/attrition/d1/drift.json"));
        Map<String, JsonNode> byClient = new HashMap<>();
        drift.get("clients").forEach(c -> byClient.put(c.get("client").asText(), c));
        JsonNode bad = byClient.get(drifted.id());
        JsonNode good = byClient.get(steady.id());
        assertTrue(bad.get("drift").asBoolean(), bad.toString());
        String why = bad.get("reasons").toString();
        assertTrue(why.contains("engagement_score: missing") && why.contains("overtime_hours"), why);
        assertFalse(good.get("drift").asBoolean(), good.toString());
        assertEquals(1, drift.get("clients_drifted").asInt());
        assertEquals(1, drift.get("quarantine").get("'tenure_months' is not a number").asInt(), drift.get("quarantine")
                .toString());
        assertEquals(drifted.employees() + steady.employees(), drift.get("scored").asLong());

        Path page = work.resolve("report.html");
        Files.writeString(page, get("batch/output/attrition/d1/report.html"));
        var chromium = com.anycompany.scoring.local.browser.HeadlessChromium.find();
        if (chromium.isEmpty()) {
            assertFalse("1".equals(System.getenv("SCORING_REQUIRE_CHROMIUM")), "CI must have chromium installed");
            org.junit.jupiter.api.Assumptions.abort("chromium is not installed (apt-get install chromium): the report "
                    + "was checked as data but not rendered");
        }
        String dom = chromium.get().dumpDom(page, work);
        assertTrue(dom.contains("data-sortable=\"ready\""), "the table's sorting script ran");
        assertEquals(RunDriftBins.CHART, dom.split("class=\"bar actual\"").length - 1, "one bar per score bin");
        java.awt.image.BufferedImage shot = chromium.get().screenshot(page, work, 1200, 1400);
        long actual = com.anycompany.scoring.local.browser.HeadlessChromium.pixelsNear(shot,
                com.anycompany.scoring.monitor.DriftReportHtml.ACTUAL, 12);
        long expected = com.anycompany.scoring.local.browser.HeadlessChromium.pixelsNear(shot,
                com.anycompany.scoring.monitor.DriftReportHtml.EXPECTED, 12);
        long driftBars = com.anycompany.scoring.local.browser.HeadlessChromium.pixelsNear(shot,
                com.anycompany.scoring.monitor.DriftReportHtml.DRIFT, 12);
        assertTrue(actual > 2000, "score bars drawn: " + actual + " pixels");
        assertTrue(expected > 300, "training line drawn: " + expected + " pixels");
        assertTrue(driftBars > 500, "drifted features drawn in red: " + driftBars + " pixels");
    }

    /** The score chart's bin count, as the report draws it. */
    private static final class RunDriftBins {
        static final int CHART = com.anycompany.scoring.monitor.RunDrift.CHART_BINS;
    }

    // ---- issue 18: runs pinned to their inputs, Finalize checks the files, a corrupt client model falls back ----

    /** S3's documented conditional GET: If-Match with another ETag is 412 Precondition Failed, ranged or not. */
    @Test
    void s3ProxyHonoursIfMatchOnARangedGet() {
        put("batch/input/attrition/ifmatch.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
        String eTag = aws.s3Client().headObject(b -> b.bucket(BUCKET).key("batch/input/attrition/ifmatch.txt")).eTag();
        assertEquals("234", aws.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET).key("batch/input/attrition/ifmatch.txt")
                .range("bytes=2-4").ifMatch(eTag)).asUtf8String());
        put("batch/input/attrition/ifmatch.txt", "9876543210".getBytes(StandardCharsets.UTF_8));
        S3Exception e = assertThrows(S3Exception.class, () -> aws.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET)
                .key("batch/input/attrition/ifmatch.txt").range("bytes=2-4").ifMatch(eTag)));
        assertEquals(412, e.statusCode());
    }

    @Test
    void anInputReplacedAfterPlanFailsItsShardInOneLineAndTheRunWritesNoSuccess() throws Exception {
        String csv = workforce.csv(workforce.clients().get(6), "2026-05", 0);
        String changed = csv.toUpperCase(java.util.Locale.ROOT); // same length, same lines: only If-Match can tell
        assertEquals(csv.getBytes(StandardCharsets.UTF_8).length, changed.getBytes(StandardCharsets.UTF_8).length);
        put("batch/input/attrition/pinned.csv", csv.getBytes(StandardCharsets.UTF_8));
        JsonNode summary = invoke(plan, "{\"runId\":\"t-pin\",\"inputKey\":\"batch/input/attrition/pinned.csv\","
                + "\"model\":\"attrition\",\"outputPrefix\":\"batch/output/attrition/t-pin/\"}");
        List<Shard> shards = manifest(summary);
        put("batch/input/attrition/pinned.csv", changed.getBytes(StandardCharsets.UTF_8)); // re-uploaded meanwhile
        for (Shard s : shards) {
            InputChangedException e = assertThrows(InputChangedException.class,
                    () -> invoke(score, JSON.writeValueAsString(s)));
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/batch/input/attrition/pinned.csv changed after the "
                    + "plan was made"), e.getMessage());
            assertFalse(e.retryable(), "a changed input is poison: retrying reads the new file again");
        }
        assertThrows(ReconciliationException.class, () -> invoke(finalize, JSON.writeValueAsString(Map.of(
                "bucket", BUCKET, "planKey", summary.get("planKey").asText()))));
        assertFalse(aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/t-pin/_SUCCESS"))
                .hasContents(), "no _SUCCESS for a run whose input changed");
    }

    @Test
    void finalizeChecksEachPartsETagAndRowCountInsteadOfTrustingTheShard() throws Exception {
        Planned p = planAndScore("t-ver", "verify.csv", 8, "2026-06");
        JsonNode summary = p.summary();
        List<Shard> shards = p.shards();
        String finalizeInput = JSON.writeValueAsString(Map.of("bucket", BUCKET, "planKey",
                summary.get("planKey").asText()));
        Shard first = shards.get(0);
        String part = get(first.partKey());
        String shorter = part.substring(0, part.lastIndexOf('\n', part.length() - 2) + 1); // the last row dropped
        put(first.partKey(), shorter.getBytes(StandardCharsets.UTF_8));

        ReconciliationException replaced = assertThrows(ReconciliationException.class,
                () -> invoke(finalize, finalizeInput));
        assertTrue(replaced.getMessage().contains("shard 0") && replaced.getMessage().contains(
                "its part s3://" + BUCKET + "/" + first.partKey() + " was replaced after the shard wrote it"),
                replaced.getMessage());

        // a shard whose result records the part's current ETag but counts rows the part does not hold
        ShardResult r = JSON.readValue(get(first.resultKey()), ShardResult.class);
        String nowETag = aws.s3Client().headObject(b -> b.bucket(BUCKET).key(first.partKey())).eTag();
        ShardResult lying = new ShardResult(r.index(), r.sourceKey(), r.plannedRows(), r.rows(), r.scored(),
                r.quarantined(), r.clientModelRows(), r.globalModelRows(), r.fallbackClients(), r.clients(),
                r.cacheHits(), r.cacheMisses(), r.partKey(), r.quarantineKey(), r.scores(), 0, 0, 0, 0, r.planId(),
                nowETag, r.quarantineETag(), r.drift(), r.quarantineReasons(), r.modelFallbacks());
        put(first.resultKey(), BatchJson.bytes(lying));
        ReconciliationException counted = assertThrows(ReconciliationException.class,
                () -> invoke(finalize, finalizeInput));
        assertTrue(counted.getMessage().contains("holds " + (r.scored() - 1) + " rows but the result counts "
                + r.scored()), counted.getMessage());
        assertFalse(aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/t-ver/_SUCCESS"))
                .hasContents(), "no _SUCCESS when a part is not what its shard says");

        put(first.partKey(), part.getBytes(StandardCharsets.UTF_8)); // the original bytes: the same ETag as recorded
        put(first.resultKey(), BatchJson.bytes(r));
        assertEquals(summary.get("rows").asLong(), invoke(finalize, finalizeInput).get("rows").asLong(),
                "the untouched files reconcile");
    }

    @Test
    void aCorruptClientModelFallsBackToTheGlobalModelWithTheReasonInTheRunReport() throws Exception {
        S3ModelStore store = new S3ModelStore(aws.s3Client(), BUCKET);
        var global = AttritionModels.trainGlobal(workforce, "7");
        store.publish(global.card(), global.artifact(), global.fileName());
        var c = workforce.clients().stream().filter(x -> x.hasModel()).findFirst().orElseThrow();
        var own = AttritionModels.trainClient(workforce, c, "7");
        store.publish(own.card(), own.artifact(), own.fileName());
        String artifactKey = own.card().ref().prefix() + own.fileName();
        byte[] cut = java.util.Arrays.copyOf(own.artifact(), own.artifact().length / 2); // truncated after publishing
        put(artifactKey, cut);

        put("batch/input/attrition/corrupt-model.csv", workforce.csv(c, "2026-07", 0).getBytes(StandardCharsets.UTF_8));
        JsonNode done = run("{\"runId\":\"t-cor\",\"inputKey\":\"batch/input/attrition/corrupt-model.csv\","
                + "\"model\":\"attrition\",\"modelVersion\":\"7\",\"outputPrefix\":\"batch/output/attrition/t-cor/\"}");
        assertEquals(c.employees(), done.get("scored").asLong(), "every row scored");
        JsonNode success = JSON.readTree(get("batch/output/attrition/t-cor/_SUCCESS"));
        assertEquals(c.employees(), success.get("globalModelRows").asLong(), "by the global model");
        String reason = success.path("modelFallbacks").path(c.id()).asText("");
        assertTrue(reason.contains("cannot be used") && reason.contains(c.id()), success.toString());
        assertTrue(success.get("fallbackClients").toString().contains(c.id()));
        String part = get("batch/output/attrition/t-cor/part-00000.csv");
        assertTrue(part.lines().skip(1).allMatch(l -> l.endsWith(",global")), "model_scope is global on every row");
    }

    /** xgboost4j's predictions (the outside oracle) of {@code artifact} for the CSV's rows, by employee_id. */
    private static Map<String, Float> xgboost4j(byte[] artifact, String csv) throws Exception {
        List<String> lines = csv.lines().skip(1).filter(l -> !l.isBlank()).toList();
        int nf = SyntheticWorkforce.FEATURES.size();
        int ids = SyntheticWorkforce.ID_COLUMNS.size();
        float[] x = new float[lines.size() * nf];
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int k = 0; k < nf; k++) {
                String v = cells[ids + k];
                x[r * nf + k] = v.isEmpty() ? Float.NaN : Float.parseFloat(v);
            }
        }
        ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.loadModel(artifact);
        ml.dmlc.xgboost4j.java.DMatrix m = new ml.dmlc.xgboost4j.java.DMatrix(x, lines.size(), nf, Float.NaN);
        float[][] p = b.predict(m);
        m.dispose();
        b.dispose();
        Map<String, Float> out = new HashMap<>();
        for (int r = 0; r < lines.size(); r++) {
            out.put(lines.get(r).substring(0, lines.get(r).indexOf(',')), p[r][0]);
        }
        return out;
    }

    /** A run's part files as employee_id -> {prediction, model_scope}. */
    private Map<String, String[]> scored(Planned p) {
        Map<String, String[]> out = new HashMap<>();
        for (Shard s : p.shards()) {
            List<String> lines = get(s.partKey()).lines().toList();
            List<String> header = List.of(lines.get(0).split(","));
            for (String l : lines.subList(1, lines.size())) {
                String[] c = l.split(",", -1);
                out.put(c[header.indexOf("employee_id")], new String[]{c[header.indexOf("prediction")],
                        c[header.indexOf("model_scope")]});
            }
        }
        return out;
    }

    /** The card ETag the model bundle's index holds for a client, null when the client is not packed. */
    private String bundledCardETag(String indexKey, String clientId) throws Exception {
        for (JsonNode e : JSON.readTree(get(indexKey)).get("entries")) {
            if (clientId.equals(e.get("clientId").asText())) {
                return e.get("cardETag").asText();
            }
        }
        return null;
    }

    @Test
    void aModelChangedInS3BetweenRunsIsNeverServedStaleByAWarmContainer() throws Exception {
        S3ModelStore store = new S3ModelStore(aws.s3Client(), BUCKET);
        String v = "11";
        var global = AttritionModels.trainGlobal(workforce, v);
        store.publish(global.card(), global.artifact(), global.fileName());
        var withModel = workforce.clients().stream().filter(x -> x.hasModel()).toList();
        var a = withModel.get(0);
        var other = withModel.get(1);
        var n = workforce.clients().stream().filter(x -> !x.hasModel()).findFirst().orElseThrow();
        var ownA = AttritionModels.trainClient(workforce, a, v);
        store.publish(ownA.card(), ownA.artifact(), ownA.fileName());
        // S3 (S3Proxy) answers the freshness check: 304 to If-None-Match with the card's own ETag
        String eTagA = store.fetchWithETag(ownA.card().ref()).cardETag();
        assertTrue(store.cardUnchanged(ownA.card().ref(), eTagA), "an unchanged card is 304 Not Modified");
        String csvA = workforce.csv(a, "2026-03", 0);
        String csvN = workforce.csv(n, "2026-03", 0);
        put("batch/input/attrition/stale-a.csv", csvA.getBytes(StandardCharsets.UTF_8));
        put("batch/input/attrition/stale-n.csv", csvN.getBytes(StandardCharsets.UTF_8));
        String csvG = csvN.replace(n.id(), "zz-nomodel"); // a client that never has a model: the global one
        put("batch/input/attrition/stale-z.csv", csvG.getBytes(StandardCharsets.UTF_8));
        String request = "{\"runId\":\"%s\",\"inputPrefix\":\"batch/input/attrition/stale-\",\"model\":\"attrition\","
                + "\"modelVersion\":\"" + v + "\",\"outputPrefix\":\"batch/output/attrition/%s/\"}";

        // run 1, this warm container's cache now holds A's model and remembers that N has none
        JsonNode first = invoke(plan, String.format(request, "stale-1", "stale-1"));
        Planned p1 = new Planned(first, manifest(first));
        for (Shard s : p1.shards()) {
            invoke(score, JSON.writeValueAsString(s));
        }
        Map<String, String[]> run1 = scored(p1);
        // Plan packed the version's client models into the run's snapshot, pinned in every shard
        String indexKey = "batch/model-bundles/attrition/" + v + "/index.json";
        for (Shard s : p1.shards()) {
            assertNotNull(s.modelBundle(), "every shard carries the run's model snapshot");
            assertEquals(indexKey, s.modelBundle().indexKey());
        }
        String packedA1 = bundledCardETag(indexKey, a.id());
        assertTrue(ListedModels.sameETag(eTagA, packedA1), "A's model is packed as published");
        assertNull(bundledCardETag(indexKey, n.id()), "N has no model: not packed");
        Map<String, Float> oracleA1 = xgboost4j(ownA.artifact(), csvA);
        Map<String, Float> oracleGlobal = xgboost4j(global.artifact(), csvN);
        oracleA1.forEach((id, want) -> assertEquals(want, Float.parseFloat(run1.get(id)[0]), 1e-6, id));
        oracleGlobal.forEach((id, want) -> {
            assertEquals(want, Float.parseFloat(run1.get(id)[0]), 1e-6, id);
            assertEquals("global", run1.get(id)[1]);
        });

        // between runs: A's model is replaced in S3 (deleted, then another model published under A's name), and N
        // gets its first model
        var replacement = AttritionModels.trainClient(workforce, other, v);
        aws.s3Client().deleteObject(b -> b.bucket(BUCKET).key(ownA.card().ref().prefix() + "card.json"));
        aws.s3Client().deleteObject(b -> b.bucket(BUCKET).key(ownA.card().ref().prefix() + ownA.fileName()));
        store.publish(replacement.card().withIdentity("attrition", v, a.id()), replacement.artifact(),
                replacement.fileName());
        var ownN = AttritionModels.trainClient(workforce, n, v);
        store.publish(ownN.card(), ownN.artifact(), ownN.fileName());
        assertFalse(store.cardUnchanged(ownA.card().ref(), eTagA), "a replaced card is not");

        JsonNode second = invoke(plan, String.format(request, "stale-2", "stale-2"));
        Planned p2 = new Planned(second, manifest(second));
        for (Shard s : p2.shards()) {
            invoke(score, JSON.writeValueAsString(s));
        }
        Map<String, String[]> run2 = scored(p2);
        // run 2's Plan saw the new ETags in its listing and packed the new models
        String packedA2 = bundledCardETag(indexKey, a.id());
        assertFalse(ListedModels.sameETag(packedA1, packedA2), "A's entry was rebuilt from the replaced model");
        assertTrue(ListedModels.sameETag(store.fetchWithETag(ownA.card().ref()).cardETag(), packedA2));
        assertNotNull(bundledCardETag(indexKey, n.id()), "N's first model is packed");
        // a cold container (no cache at all) scores run 2 from the snapshot alone: the same new models
        ScoreShardHandler cold = FunctionEnvironment.with(shardEnv, ScoreShardHandler::new);
        for (Shard s : p2.shards()) {
            String part = get(s.partKey());
            aws.s3Client().deleteObject(b -> b.bucket(BUCKET).key(s.resultKey()));
            invoke(cold, JSON.writeValueAsString(s));
            assertEquals(part, get(s.partKey()), "a cold container writes the same part from the snapshot");
        }
        long hits = 0;
        for (Shard s : p2.shards()) {
            hits += BatchJson.read(get(s.resultKey()).getBytes(StandardCharsets.UTF_8), ShardResult.class,
                    s.resultKey()).cacheHits();
        }
        assertTrue(hits > 0, "the unchanged global model is served from the warm cache after its check");
        xgboost4j(global.artifact(), csvG).forEach((id, want) -> {
            assertEquals(want, Float.parseFloat(run2.get(id)[0]), 1e-6, "the global model, unchanged: " + id);
            assertEquals("global", run2.get(id)[1]);
        });
        Map<String, Float> oracleA2 = xgboost4j(replacement.artifact(), csvA);
        assertTrue(oracleA2.entrySet().stream().anyMatch(e -> Math.abs(e.getValue() - oracleA1.get(e.getKey())) > 1e-4),
                "the replacement model scores A's rows differently");
        oracleA2.forEach((id, want) -> {
            assertEquals(want, Float.parseFloat(run2.get(id)[0]), 1e-6, "A's rows by the new model: " + id);
            assertEquals("client", run2.get(id)[1]);
        });
        xgboost4j(ownN.artifact(), csvN).forEach((id, want) -> {
            assertEquals(want, Float.parseFloat(run2.get(id)[0]), 1e-6, "N's rows by its new model: " + id);
            assertEquals("client", run2.get(id)[1]);
        });

        // every shard of run 2 scored again (its result lost), now from the warm, checked cache: the same bytes at
        // the same keys, and the run reconciles exactly
        for (Shard s : p2.shards()) {
            String part = get(s.partKey());
            aws.s3Client().deleteObject(b -> b.bucket(BUCKET).key(s.resultKey()));
            JsonNode again = invoke(score, JSON.writeValueAsString(s));
            assertFalse(again.path("reused").asBoolean(false), "scored again, not reused");
            assertEquals(part, get(s.partKey()), "a retry writes the same part");
        }
        JsonNode done = invoke(finalize, JSON.writeValueAsString(Map.of("bucket", BUCKET,
                "planKey", second.get("planKey").asText())));
        assertEquals(a.employees() + 2L * n.employees(), done.get("scored").asLong());
        assertEquals(0, done.get("quarantined").asLong());
    }
}
