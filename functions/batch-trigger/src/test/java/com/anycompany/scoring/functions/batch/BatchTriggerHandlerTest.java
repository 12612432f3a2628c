package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.anycompany.scoring.batch.BatchTrigger;
import com.anycompany.scoring.batch.ExecutionStarter;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The S3 trigger, driven by the event files in events/. AWS has no local Step Functions server, so StartExecution is
 * the one call replaced in these tests: {@link RecordingStarter} records the calls and answers a reused name the way
 * Step Functions does (the execution already exists). Everything else is the real handler.
 */
class BatchTriggerHandlerTest {
    private static final ObjectMapper JSON = Json.MAPPER;

    /** Stands in for Step Functions' StartExecution only: remembers names, a reused name is a duplicate. */
    static final class RecordingStarter implements ExecutionStarter {
        final Map<String, String> executions = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized Started start(String executionName, String inputJson) {
            calls.add(executionName);
            String arn = "arn:aws:states:us-east-1:000000000000:execution:BatchTransform:" + executionName;
            boolean duplicate = executions.putIfAbsent(executionName, inputJson) != null;
            return new Started(executionName, arn, duplicate);
        }
    }

    private static BatchTriggerHandler handler(RecordingStarter starter) {
        return FunctionEnvironment.with(Map.of(ServingEnvironment.MODEL_VERSION, "1", "ROWS_PER_SHARD", "5000"),
                () -> new BatchTriggerHandler(starter));
    }

    @ParameterizedTest
    @Event(value = "s3-put.json", type = S3Event.class)
    void theSamCliPutEventIsRejectedForItsPrefixWithoutStartingAnything(S3Event event) {
        RecordingStarter starter = new RecordingStarter();
        List<BatchTrigger.Outcome> out = handler(starter).handleRequest(event, new LambdaTestContext());
        assertEquals(1, out.size());
        BatchTrigger.Outcome o = out.get(0);
        assertTrue(o.rejected());
        assertEquals("example-bucket", o.bucket());
        assertEquals("test/key", o.key());
        assertTrue(o.reason().startsWith("the key is not under batch/input/<model>/"), o.reason());
        assertTrue(starter.calls.isEmpty(), "a rejected object starts no execution");
    }

    @ParameterizedTest
    @Event(value = "s3-batch-input.json", type = S3Event.class)
    void aBatchInputStartsOneRunAndTheDuplicateEventStartsNone(S3Event event) throws Exception {
        RecordingStarter starter = new RecordingStarter();
        BatchTriggerHandler h = handler(starter);
        BatchTrigger.Outcome first = h.handleRequest(event, new LambdaTestContext()).get(0);
        BatchTrigger.Outcome again = h.handleRequest(event, new LambdaTestContext()).get(0);   // S3 delivers it again
        assertEquals("started", first.status());
        assertEquals("duplicate", again.status());
        assertEquals(first.executionName(), again.executionName());
        assertEquals(1, starter.executions.size(), "one run for two deliveries");

        String name = first.executionName();
        assertTrue(name.matches("[A-Za-z0-9_-]{1,80}"), name);
        assertTrue(name.startsWith("batch-attrition-"), name);
        JsonNode input = JSON.readTree(starter.executions.get(name));
        assertEquals("batch/input/attrition/uploads/Payroll export été + bonus.csv", input.get("inputKey").asText(),
                "'+' is a space and %XX are UTF-8 bytes; %2B is a literal '+'");
        assertEquals("scoring-data", input.get("bucket").asText());
        assertEquals("attrition", input.get("model").asText());
        assertEquals("1", input.get("modelVersion").asText());
        assertEquals("batch/output/attrition/" + name + "/", input.get("outputPrefix").asText());
        assertEquals(5000, input.get("rowsPerShard").asInt());
    }

    @Test
    void aNewVersionOfTheSameKeyIsANewRun() {
        String a = BatchTrigger.executionName("b", "batch/input/attrition/x.csv", "v1", "e1", "attrition");
        String b = BatchTrigger.executionName("b", "batch/input/attrition/x.csv", "v2", "e1", "attrition");
        String c = BatchTrigger.executionName("b", "batch/input/attrition/x.csv", null, "\"e1\"", "attrition");
        String d = BatchTrigger.executionName("b", "batch/input/attrition/x.csv", null, "e1", "attrition");
        assertTrue(!a.equals(b));
        assertEquals(c, d, "quoted and bare ETags name the same object");
        String longModel = BatchTrigger.executionName("b", "k", null, "e", "m".repeat(64));
        assertTrue(longModel.length() <= 80);
    }

    /** The sample event with another key and size (the event classes are immutable). */
    private static S3Event withObject(S3Event sample, String key, long size) {
        var r = sample.getRecords().get(0);
        var o = r.getS3().getObject();
        var s3 = new S3EventNotification.S3Entity(r.getS3().getConfigurationId(), r.getS3().getBucket(),
                new S3EventNotification.S3ObjectEntity(key, size, o.geteTag(), o.getVersionId(), o.getSequencer()),
                r.getS3().getS3SchemaVersion());
        return new S3Event(List.of(new S3EventNotification.S3EventNotificationRecord(r.getAwsRegion(),
                r.getEventName(), r.getEventSource(), r.getEventTime().toString(), r.getEventVersion(),
                r.getRequestParameters(), r.getResponseElements(), s3, r.getUserIdentity())));
    }

    @Test
    void objectsItCannotTakeGetAClearReasonAndNoRun() throws Exception {
        RecordingStarter starter = new RecordingStarter();
        BatchTriggerHandler h = handler(starter);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("batch/input/attrition/2026-01/c1.xlsx|10", "unsupported format");
        cases.put("batch/input/attrition/2026-01/c1.csv|0", "the object is empty");
        cases.put("batch/input/attrition/2026-01/c%2.csv|10", "not URL-encoded correctly");
        cases.put("batch/input/attrition/2026-01/c%FF.csv|10", "not URL-encoded correctly");
        cases.put("batch/input/attrition/2026-01/|0", "a folder marker");
        cases.put("batch/input/c1.csv|10", "no model segment");
        cases.put("batch/input/..%2Fmodels/c1.csv|10", "is not allowed");
        cases.put("batch/output/attrition/x/part-00000.csv|10", "not under batch/input/");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String[] kv = c.getKey().split("\\|");
            S3Event event = withObject(EventLoader.loadS3Event("s3-batch-input.json"), kv[0], Long.parseLong(kv[1]));
            BatchTrigger.Outcome o = h.handleRequest(event, new LambdaTestContext()).get(0);
            assertTrue(o.rejected(), kv[0]);
            assertTrue(o.reason().contains(c.getValue()), kv[0] + " -> " + o.reason());
            assertNull(o.executionName());
        }
        assertTrue(starter.calls.isEmpty());
    }

    /** Issue 18: a month folder's files (one per client) are the monthly run's; each must not start a run of its own. */
    @Test
    void monthlyInputsAreIgnoredAndStartNoRunWhileOtherFoldersStillDo() throws Exception {
        RecordingStarter starter = new RecordingStarter();
        BatchTriggerHandler h = handler(starter);
        for (String key : List.of("batch/input/attrition/2026-11/c-0001.csv", "batch/input/attrition/2026-01/sub/c.jsonl",
                "batch/input/salary/2025-12/c-9.csv.gz")) {
            S3Event event = withObject(EventLoader.loadS3Event("s3-batch-input.json"), key, 120);
            BatchTrigger.Outcome o = h.handleRequest(event, new LambdaTestContext()).get(0);
            assertEquals("ignored", o.status(), key);
            assertTrue(o.reason().contains("monthly run"), o.reason());
            assertNull(o.executionName());
        }
        assertTrue(starter.calls.isEmpty(), "no execution for a monthly input");
        for (String key : List.of("batch/input/attrition/2026-13/c.csv", "batch/input/attrition/local/2026-11/c.csv",
                "batch/input/attrition/big.csv")) {
            S3Event event = withObject(EventLoader.loadS3Event("s3-batch-input.json"), key, 120);
            assertEquals("started", h.handleRequest(event, new LambdaTestContext()).get(0).status(), key);
        }
        assertEquals(3, starter.calls.size());
    }
}
