package com.anycompany.scoring.runtime.stepfunctions;

import com.anycompany.scoring.local.LocalAws;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.anycompany.scoring.runtime.stepfunctions.Asl.fixture;
import static com.anycompany.scoring.runtime.stepfunctions.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distributed Map with ItemReader / ResultWriter against a real S3 server (S3Proxy in LocalAws). */
class DistributedMapS3Test {
    @TempDir
    static Path state;
    static LocalAws aws;
    static final String BUCKET = "batch";

    @BeforeAll
    static void start() {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    static void put(String key, String body) {
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    static String get(String key) {
        return aws.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    /** score-batch: fails a batch holding a row whose salary is not a number, like a handler would. */
    static TaskInvoker scoreBatch(List<JsonNode> seen) {
        return LambdaTaskInvoker.of((fn, payload, ctx) -> {
            assertEquals("score-batch", fn);
            seen.add(payload);
            double total = 0;
            for (JsonNode item : payload.get("Items")) {
                String salary = item.at("/row/salary").asText();
                try {
                    total += Double.parseDouble(salary);
                } catch (NumberFormatException e) {
                    throw new TaskFailure("java.lang.NumberFormatException", "{\"errorMessage\":\"line "
                            + item.get("line").asInt() + ": salary '" + salary + "'\"}");
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("model", payload.at("/BatchInput/model").asText());
            out.put("rows", payload.get("Items").size());
            out.put("total", total);
            return out;
        });
    }

    @Test
    void csvItemReaderBatchesRowsAndToleratesFailuresUpToThePercentage() {
        put("in/ok.csv", "employee_id,salary\nE1,100\nE2,200\n\"E,3\",300\nE4,bad\nE5,500\n");
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        AslInterpreter sm = AslInterpreter.builder(fixture("distributed-csv.asl.json"), scoreBatch(seen))
                .itemSource(new S3ItemSource(aws.s3Client())).build();

        ExecutionResult r = sm.execute("csv-run", json("{'bucket': 'batch', 'key': 'in/ok.csv', 'model': 'attrition'}"));

        assertTrue(r.succeeded(), r.error() + ": " + r.cause());
        // 5 rows, 2 per batch: 3 child executions; the second one fails (1 of 3 = 33% <= 40%)
        JsonNode batches = r.output().get("batches");
        assertEquals(3, batches.size());
        assertEquals(json("{'model': 'attrition', 'rows': 2, 'total': 300.0}"), batches.get(0));
        assertEquals("java.lang.NumberFormatException", batches.get(1).get("Error").asText());
        assertTrue(batches.get(1).get("Cause").asText().contains("line 3: salary 'bad'"));
        assertEquals(json("{'model': 'attrition', 'rows': 1, 'total': 500.0}"), batches.get(2));
        JsonNode first = seen.stream().filter(p -> p.at("/Items/0/line").asInt() == 0).findFirst().orElseThrow();
        assertEquals(json("{'row': {'employee_id': 'E1', 'salary': '100'}, 'line': 0, 'run': 'csv-run'}"),
                first.at("/Items/0"), "CSV cells are strings keyed by the header, as in AWS");
        assertTrue(seen.stream().anyMatch(p -> p.at("/Items/0/row/employee_id").asText().equals("E,3")), "quoted field");
        assertEquals(1, r.events("MapRunStarted").size());
        assertEquals(0, r.events("TaskScheduled").size(), "child executions keep their own history");
    }

    @Test
    void exceedingTheToleratedPercentageFailsTheMapRun() {
        put("in/bad.csv", "employee_id,salary\nE1,x\nE2,200\nE3,y\nE4,400\n");
        AslInterpreter sm = AslInterpreter.builder(fixture("distributed-csv.asl.json"), scoreBatch(new CopyOnWriteArrayList<>()))
                .itemSource(new S3ItemSource(aws.s3Client())).build();

        ExecutionResult r = sm.execute("bad-run", json("{'bucket': 'batch', 'key': 'in/bad.csv', 'model': 'attrition'}"));

        assertEquals("States.ExceedToleratedFailureThreshold", r.error());
        // both items fail; the run may stop as soon as the first failure exceeds the 40% tolerance (1 of 2)
        assertTrue(r.cause().matches("(?s).*[12] of 2 items failed.*") && r.cause().contains(
                "java.lang.NumberFormatException"), r.cause());
        assertEquals(1, r.events("MapRunFailed").size());
    }

    @Test
    void listObjectsItemReaderWithResultWriterWritesTheAwsResultFiles() throws Exception {
        put("data/a.csv", "x\n1\n");
        put("data/b.csv", "x\n1\n2\n");
        put("data/c.csv", "x\n");
        put("other/d.csv", "x\n");
        TaskInvoker count = LambdaTaskInvoker.of((fn, p, ctx) ->
                json("{'key': '" + p.get("key").asText() + "', 'bytes': " + p.get("size").asLong() + "}"));
        AslInterpreter sm = AslInterpreter.builder(fixture("distributed-list.asl.json"), count)
                .stateMachineName("Files").itemSource(new S3ItemSource(aws.s3Client())).build();

        ExecutionResult r = sm.execute("list-run", json("{'bucket': 'batch', 'prefix': 'data/'}"));

        assertTrue(r.succeeded(), r.error() + ": " + r.cause());
        String manifestKey = r.output().at("/ResultWriterDetails/Key").asText();
        assertEquals("batch", r.output().at("/ResultWriterDetails/Bucket").asText());
        assertTrue(manifestKey.startsWith("results/") && manifestKey.endsWith("/manifest.json"), manifestKey);
        assertTrue(r.output().get("MapRunArn").asText().startsWith("arn:aws:states:us-east-1:000000000000:mapRun:Files/EachFile:"));
        JsonNode manifest = Asl.JSON.readTree(get(manifestKey));
        String succeededKey = manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText();
        assertEquals(0, manifest.at("/ResultFiles/FAILED").size());
        JsonNode succeeded = Asl.JSON.readTree(get(succeededKey));
        assertEquals(3, succeeded.size());
        assertEquals(json("{'key': 'data/b.csv', 'bytes': 6}"), Asl.JSON.readTree(succeeded.get(1).get("Output").asText()));
        assertEquals("SUCCEEDED", succeeded.get(1).get("Status").asText());
    }

    @Test
    void jsonItemReaderAndAMissingObject() {
        put("in/items.json", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]");
        String asl = """
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2},
                                 "Parameters": {"Bucket": "batch", "Key.$": "$.key"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
                    "States": {"P": {"Type": "Pass", "Parameters": {"double.$": "States.MathAdd($.id, $.id)"}, "End": true}}},
                  "End": true}}}""";
        AslInterpreter sm = AslInterpreter.builder(asl, null).itemSource(new S3ItemSource(aws.s3Client())).build();
        ExecutionResult r = sm.execute("json-run", json("{'key': 'in/items.json'}"));
        assertTrue(r.succeeded(), r.cause());
        assertEquals(json("[{'double': 2}, {'double': 4}]"), r.output(), "MaxItems 2");

        ExecutionResult missing = sm.execute("missing", json("{'key': 'in/nope.json'}"));
        assertEquals("States.ItemReaderFailed", missing.error());
        assertTrue(missing.cause().contains("s3://batch/in/nope.json"), missing.cause());
    }
}
