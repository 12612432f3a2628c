package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.AttritionModels;
import com.anycompany.scoring.local.demo.SyntheticWorkforce;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 7: structure-aware fuzzing of batch rows. Each try takes the ~20 real rows of a client's month
 * (SyntheticWorkforce), mutates some of them, uploads the file to S3Proxy and runs Plan, every shard and Finalize
 * through the real handlers. CSV rows get cell-level mutations (wrong types, huge and empty cells, a cell added or
 * removed, a duplicated column, broken and doubled quotes, invalid UTF-8 bytes, a BOM, NUL); JSON lines get the
 * shared {@link JsonMutator}. Asserted: Finalize reconciles (rows = scored + quarantined over the whole run, its own
 * checks pass); every untouched row is scored; each quarantined row has a reason that names a column or field
 * (quoted), or the row's shape (cells, columns, line, JSON, object).
 */
class BatchRowFuzzTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "scoring-data";
    private static final AtomicInteger RUN = new AtomicInteger();
    private static Path state;
    private static LocalAws aws;
    private static SyntheticWorkforce workforce;
    private static BatchPlanHandler plan;
    private static ScoreShardHandler score;
    private static FinalizeHandler finalize;
    private static String header;
    private static List<String> rows;

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("batch-row-fuzz");
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        workforce = new SyntheticWorkforce(7, 3, 60);
        AttritionModels.publish(new S3ModelStore(aws.s3Client(), BUCKET), workforce, "1", 1, null);
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("DATA_BUCKET", BUCKET);
        env.put(ServingEnvironment.MODEL_VERSION, "1");
        env.put("ROWS_PER_SHARD", "20");
        plan = FunctionEnvironment.with(env, BatchPlanHandler::new);
        score = FunctionEnvironment.with(env, ScoreShardHandler::new);
        finalize = FunctionEnvironment.with(env, FinalizeHandler::new);
        String csv = workforce.csv(workforce.clients().get(0), "2026-01", 0);
        List<String> lines = csv.lines().toList();
        header = lines.get(0);
        rows = lines.subList(1, Math.min(31, lines.size()));
    }

    @AfterContainer
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    /** Which rows to mutate (by index) and how: a kind and a seed. */
    record RowMutation(int row, int kind, long seed) {
    }

    @Provide
    Arbitrary<List<RowMutation>> csvMutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 29), Arbitraries.integers().between(0, 10),
                Arbitraries.longs()).as(RowMutation::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 12)
    void mutatedCsvRowsAreQuarantinedAloneWithAReasonAndTheRunReconciles(
            @ForAll("csvMutations") List<RowMutation> ms) throws Exception {
        List<byte[]> out = new ArrayList<>();
        boolean[] touched = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            byte[] row = rows.get(i).getBytes(StandardCharsets.UTF_8);
            for (RowMutation m : ms) {
                if (m.row() % rows.size() == i) {
                    row = mutateCsv(rows.get(i), m);
                    touched[i] = true;
                }
            }
            out.add(row);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
        for (byte[] r : out) {
            file.writeBytes(r);
            file.write('\n');
        }
        runAndCheck("csv", file.toByteArray(), touched);
    }

    @Provide
    Arbitrary<List<List<Mutation>>> jsonMutations() {
        return JsonMutator.mutations(3).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 12)
    void mutatedJsonLinesAreQuarantinedAloneWithAReasonAndTheRunReconciles(
            @ForAll("jsonMutations") List<List<Mutation>> ms, @ForAll("seeds") long seed) throws Exception {
        String[] names = header.split(",");
        Random rnd = new Random(seed);
        boolean[] touched = new boolean[rows.size()];
        StringBuilder file = new StringBuilder();
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            targets.add(rnd.nextInt(rows.size()));
        }
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode o = JSON.createObjectNode();
            String[] cells = rows.get(i).split(",", -1);
            for (int c = 0; c < names.length; c++) {
                try {
                    o.put(names[c], Double.parseDouble(cells[c]));
                } catch (NumberFormatException text) {
                    o.put(names[c], cells[c]);
                }
            }
            String line = o.toString();
            int t = targets.indexOf(i);
            if (t >= 0) {
                // a JSON line is one line: the mutator's text may hold no raw line break (JSON escapes them)
                line = JsonMutator.mutate(o, ms.get(t)).replace("\n", "\\n").replace("\r", "\\r");
                touched[i] = true;
            }
            file.append(line).append('\n');
        }
        runAndCheck("jsonl", file.toString().getBytes(StandardCharsets.UTF_8), touched);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static byte[] mutateCsv(String row, RowMutation m) {
        Random rnd = new Random(m.seed());
        List<String> cells = new ArrayList<>(Arrays.asList(row.split(",", -1)));
        int c = rnd.nextInt(cells.size());
        String[] odd = {"x", "", "1e999", "-1e999", "NaN", "Infinity", "9".repeat(400), "0x10", "1,5", "١٢",
                "\u0000", " 12 ", "12 months", "é".repeat(5000)};
        switch (m.kind()) {
            case 0 -> cells.set(c, odd[rnd.nextInt(odd.length)]);
            case 1 -> cells.add(c, "extra");
            case 2 -> cells.remove(c);
            case 3 -> cells.add(c, cells.get(c)); // a duplicated column
            case 4 -> cells.set(c, "\"" + cells.get(c));
            case 5 -> cells.set(c, "\"" + cells.get(c) + "\"\"x\"");
            case 6 -> cells.set(c, "\"" + cells.get(c) + "\"x");
            case 7 -> {
                byte[] b = String.join(",", cells).getBytes(StandardCharsets.UTF_8);
                byte[] bad = new byte[b.length + 1];
                int at = rnd.nextInt(b.length + 1);
                System.arraycopy(b, 0, bad, 0, at);
                bad[at] = (byte) new int[] {0xFF, 0xC3, 0x80, 0xED}[rnd.nextInt(4)]; // invalid UTF-8
                System.arraycopy(b, at, bad, at + 1, b.length - at);
                return bad;
            }
            case 8 -> {
                return ("\uFEFF" + String.join(",", cells)).getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> cells.set(c, cells.get(c) + "\u0000");
            default -> cells.set(c, "\"" + cells.get(c) + "\r\n" + cells.get(c) + "\"");
        }
        return String.join(",", cells).getBytes(StandardCharsets.UTF_8);
    }

    private static void runAndCheck(String ext, byte[] file, boolean[] touched) throws Exception {
        String runId = "fuzz-" + ext + "-" + RUN.incrementAndGet();
        String key = "batch/input/attrition/" + runId + "." + ext;
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(file));
        JsonNode summary = invoke(plan, "{\"runId\":\"" + runId + "\",\"inputKey\":\"" + key
                + "\",\"model\":\"attrition\",\"outputPrefix\":\"batch/output/attrition/" + runId + "/\"}");
        assertTrue(summary.hasNonNull("manifestKey"), "Plan answered: " + summary);
        JsonNode shards = JSON.readTree(get(summary.get("manifestKey").asText()));
        for (JsonNode s : shards) {
            invoke(score, JSON.writeValueAsString(s));
        }
        JsonNode done = invoke(finalize, JSON.writeValueAsString(Map.of("bucket", BUCKET,
                "planKey", summary.get("planKey").asText())));
        long rows = done.path("rows").asLong(-1);
        assertEquals(rows, done.path("scored").asLong() + done.path("quarantined").asLong(), "reconciles: " + done);
        long untouched = 0;
        for (boolean t : touched) {
            untouched += t ? 0 : 1;
        }
        assertTrue(done.path("scored").asLong() >= untouched, "every untouched row is scored: " + done);

        List<String> reasons = new ArrayList<>();
        for (S3Object o : aws.s3Client().listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/output/attrition/" + runId
                + "/")).contents()) {
            if (o.key().contains("quarantine-")) {
                for (String l : get(o.key()).split("\n")) {
                    if (!l.isBlank()) {
                        reasons.add(JSON.readTree(l).path("reason").asText());
                    }
                }
            }
        }
        assertEquals(done.path("quarantined").asLong(), reasons.size(), "one quarantine line per rejected row");
        for (String r : reasons) {
            assertTrue(r.matches("(?s).*('[^']+'|cells|column|line|JSON|object|bytes|client).*"),
                    "the reason names a column or the row's shape: " + r);
        }
    }

    private static JsonNode invoke(RequestStreamHandler h, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, new LambdaTestContext());
        return JSON.readTree(out.toByteArray());
    }

    private static String get(String key) {
        return aws.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }
}
