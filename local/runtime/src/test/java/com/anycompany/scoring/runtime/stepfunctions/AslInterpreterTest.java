package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.anycompany.scoring.runtime.stepfunctions.Asl.fixture;
import static com.anycompany.scoring.runtime.stepfunctions.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AslInterpreterTest {

    @Test
    void appliesInputPathParametersResultSelectorResultPathOutputPathInTheAwsOrder() {
        List<JsonNode> payloads = new CopyOnWriteArrayList<>();
        List<String> functions = new CopyOnWriteArrayList<>();
        TaskInvoker invoker = LambdaTaskInvoker.of((fn, payload, ctx) -> {
            functions.add(fn);
            payloads.add(payload);
            return json("{'rows': 42, 'ignored': 'x'}");
        });
        AslInterpreter sm = AslInterpreter.builder(fixture("io-order.asl.json"), invoker).stateMachineName("Batch").build();

        ExecutionResult r = sm.execute("run-1", json("{'job': {'shard': 3, 'total': 8}, 'other': 'dropped'}"));

        assertTrue(r.succeeded(), r.error() + " " + r.cause());
        assertEquals(List.of("score-shard"), functions, "FunctionName ARN resolved to the function name");
        assertEquals(json("{'shard': 3, 'model': 'attrition', 'execution': 'run-1', 'state': 'Score',"
                + " 'label': 'shard-3-of-8'}"), payloads.get(0), "Parameters evaluated against the InputPath result");
        // ResultSelector picks from the lambda:invoke wrapper; ResultPath merges into the raw input; OutputPath selects
        assertEquals(json("{'shard': 3, 'total': 8, 'result': {'rows': 42, 'status': 200}}"), r.output());
        assertEquals(1, r.events("TaskScheduled").size());
        assertThrows(IllegalArgumentException.class, () -> sm.execute("batch/input:x", json("{}")),
                "StartExecution refuses '/' and ':' in names");
        assertEquals("ExecutionSucceeded", r.history().get(r.history().size() - 1).type());
    }

    @Test
    void retriesWithExponentialBackoffCappedByMaxDelayThenCatches() {
        Asl.RecordingSleeper sleeper = new Asl.RecordingSleeper();
        List<Integer> retryCounts = new CopyOnWriteArrayList<>();
        TaskInvoker invoker = LambdaTaskInvoker.of((fn, p, ctx) -> {
            retryCounts.add(ctx.retryCount());
            throw new TaskFailure("Lambda.TooManyRequestsException", "Rate exceeded");
        });
        AslInterpreter sm = AslInterpreter.builder(fixture("retry-catch.asl.json"), invoker).sleeper(sleeper).build();

        ExecutionResult r = sm.execute("throttled", json("{'id': 7}"));

        // 1 attempt + 3 retries: 2 s, 2*3 = 6 s, 2*9 = 18 s capped at 10 s; the States.ALL retrier is not used
        assertEquals(List.of(2.0, 6.0, 10.0), sleeper.seconds());
        assertEquals(List.of(0, 1, 2, 3), retryCounts, "$$.State.RetryCount seen by each attempt");
        assertFalse(r.succeeded());
        assertEquals("Lambda.TooManyRequestsException", r.error(), "Catch States.ALL -> Fail with ErrorPath");
        assertEquals("Rate exceeded", r.cause());
        assertEquals(3, r.events("StateRetryScheduled").size());
    }

    @Test
    void succeedsAfterATransientErrorAndRoutesAHandlerExceptionToItsCatcher() {
        Asl.RecordingSleeper sleeper = new Asl.RecordingSleeper();
        AtomicInteger calls = new AtomicInteger();
        TaskInvoker flaky = LambdaTaskInvoker.of((fn, p, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                throw new TaskFailure("Lambda.TooManyRequestsException", "Rate exceeded");
            }
            return json("{'ok': true}");
        });
        ExecutionResult ok = AslInterpreter.builder(fixture("retry-catch.asl.json"), flaky).sleeper(sleeper).build()
                .execute("once", json("{'id': 1}"));
        assertTrue(ok.succeeded());
        assertEquals(json("{'id': 1, 'result': {'ok': true}}"), ok.output());
        assertEquals(List.of(2.0), sleeper.seconds());

        Asl.RecordingSleeper sleeper2 = new Asl.RecordingSleeper();
        TaskInvoker poison = LambdaTaskInvoker.of((fn, p, ctx) -> {
            throw new TaskFailure("java.lang.IllegalArgumentException", "{\"errorMessage\":\"bad row\"}");
        });
        ExecutionResult caught = AslInterpreter.builder(fixture("retry-catch.asl.json"), poison).sleeper(sleeper2).build()
                .execute("poison", json("{'id': 9}"));
        assertTrue(caught.succeeded(), caught.cause());
        assertEquals(json("{'quarantined': 'java.lang.IllegalArgumentException', 'input': 9}"), caught.output());
        assertEquals(List.of(1.0), sleeper2.seconds(), "the States.ALL retrier ran once before the catcher");
    }

    @Test
    void statesAllDoesNotCatchARuntimePathError() {
        String asl = """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Parameters": {"x.$": "$.missing.field"}, "End": true}
                }}""";
        ExecutionResult r = new AslInterpreter(asl, null).execute("e", json("{'present': 1}"));
        assertEquals("States.Runtime", r.error());
        assertTrue(r.cause().contains("$.missing.field") && r.cause().contains("x.$"), r.cause());

        String caught = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:f",
                        "OutputPath": "$.nope", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Succeed"}
                }}""";
        ExecutionResult r2 = new AslInterpreter(caught, LambdaTaskInvoker.of((f, p, c) -> json("{'a': 1}")))
                .execute("e", json("{}"));
        assertEquals("States.Runtime", r2.error(), "runtime errors are terminal");
    }

    @Test
    void choiceCoversTheComparisonOperators() {
        AslInterpreter sm = new AslInterpreter(fixture("choice.asl.json"), null);
        assertEquals("csv", sm.execute("a", json("{'format': 'csv'}")).output().asText());
        assertEquals("jsonl", sm.execute("b", json("{'format': 'x', 'key': 'batch/input/attrition/jan.jsonl'}")).output().asText());
        ExecutionResult big = sm.execute("c", json("{'format': 'x', 'key': 'k', 'rows': 10, 'limit': 5}"));
        assertEquals("Batch.TooBig", big.error());
        assertEquals("too many rows", big.cause());
        assertEquals("old", sm.execute("d", json("{'format': 'x', 'key': 'k', 'rows': 1, 'limit': 5, 'when': '2023-06-01T00:00:00Z',"
                + " 'enabled': true}")).output().asText());
        assertEquals("old", sm.execute("e", json("{'format': 'x', 'key': 'k', 'when': '2025-01-01T00:00:00+01:00', 'enabled': false}")).output().asText());
        assertEquals("no-note", sm.execute("f", json("{'format': 'x', 'key': 'k', 'when': '2025-01-01T00:00:00Z', 'enabled': true, 'note': null}"))
                .output().asText());
        assertEquals("other", sm.execute("g", json("{'format': 'x', 'key': 'k', 'when': '2025-01-01T00:00:00Z', 'enabled': true, 'note': 'n'}"))
                .output().asText());
        ExecutionResult missing = sm.execute("h", json("{'format': 'x', 'key': 'k'}"));
        assertEquals("States.Runtime", missing.error(), "a rule on a missing variable is a runtime error in AWS");
        assertTrue(missing.cause().contains("$.when"), missing.cause());

        ExecutionResult none = new AslInterpreter(fixture("no-default.asl.json"), null).execute("i", json("{'kind': 'b'}"));
        assertEquals("States.NoChoiceMatched", none.error());
    }

    @Test
    void inlineMapKeepsItemOrderBoundsConcurrencyAndSeesTheItemContext() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        TaskInvoker invoker = LambdaTaskInvoker.of((fn, p, ctx) -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20L * (5 - p.get("index").asInt())); // later items finish first
            } catch (InterruptedException e) {
                throw new TaskFailure("Interrupted", "");
            } finally {
                running.decrementAndGet();
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("part", p.get("model").asText() + "/" + p.get("shard").asText() + "#" + p.get("index").asInt());
            return out;
        });
        Asl.RecordingSleeper sleeper = new Asl.RecordingSleeper();
        AslInterpreter sm = AslInterpreter.builder(fixture("inline-map.asl.json"), invoker)
                .sleeper(sleeper).parallelism(4).build();

        ExecutionResult r = sm.execute("m", json("{'delay': 4, 'model': 'fraud', 'shards': ['a','b','c','d','e']}"));

        assertTrue(r.succeeded(), r.cause());
        assertEquals(json("[{'part':'fraud/a#0'},{'part':'fraud/b#1'},{'part':'fraud/c#2'},{'part':'fraud/d#3'},"
                + "{'part':'fraud/e#4'}]"), r.output().at("/scored/parts"));
        assertEquals(5, r.output().at("/scored/count").asInt());
        assertTrue(peak.get() <= 2, "MaxConcurrency 2, peak was " + peak.get());
        assertEquals(json("[{'n': 5}, 'fraud']"), r.output().get("parallel"), "Parallel branch outputs in order");
        assertEquals(List.of(4.0, 3.0), sleeper.seconds(), "SecondsPath then the Wait in the Parallel branch");
        assertEquals(5, r.events("MapIterationSucceeded").size());
    }

    @Test
    void inlineMapFailsWithTheItemsError() {
        TaskInvoker invoker = LambdaTaskInvoker.of((fn, p, ctx) -> {
            if (p.get("shard").asText().equals("c")) {
                throw new TaskFailure("com.anycompany.scoring.ScoringException", "model missing");
            }
            return json("{}");
        });
        ExecutionResult r = AslInterpreter.builder(fixture("inline-map.asl.json"), invoker)
                .sleeper(new Asl.RecordingSleeper()).build()
                .execute("m", json("{'delay': 0, 'model': 'fraud', 'shards': ['a','b','c','d']}"));
        assertEquals("com.anycompany.scoring.ScoringException", r.error());
        assertEquals("model missing", r.cause());
        assertEquals(1, r.events("MapIterationFailed").size());
    }

    @Test
    void intrinsicFunctionsAndDeterministicUuids() {
        AslInterpreter sm = AslInterpreter.builder(fixture("intrinsics.asl.json"), null).stateMachineName("Calc").build();
        JsonNode in = json("{'name': 'Ada', 'rows': 10, 'json': '{\\'a\\':[1,2]}', 'obj': {'b': 1}, 'list': [1,2,3,4,5]}");
        ExecutionResult r = sm.execute("calc-1", in);
        assertTrue(r.succeeded(), r.cause());
        JsonNode o = r.output();
        assertEquals("Hello, Ada! You have 10 rows.", o.get("greeting").asText());
        assertEquals(json("{'a': [1,2]}"), o.get("parsed"));
        assertEquals("{\"b\":1}", o.get("text").asText());
        assertEquals(json("['Ada', 1, true]"), o.get("array"));
        assertEquals(json("[[1,2],[3,4],[5]]"), o.get("chunks"));
        assertEquals(7, o.get("sum").asInt());
        assertEquals("99a563ab2f6e21e96998f9fddd2a2bab82b70ac019579502b8d7fc0032ff62bb", o.get("hash").asText());
        assertEquals(3, o.get("nested").asInt());
        assertEquals("{literal} Ada", o.get("escaped").asText());
        assertEquals("Calc", o.get("machine").asText());
        assertNotEquals(o.get("id"), o.get("id2"));
        assertEquals(o.get("id"), sm.execute("calc-1", in).output().get("id"), "same execution name, same UUIDs");
        assertNotEquals(o.get("id"), sm.execute("calc-2", in).output().get("id"));
        assertTrue(o.get("id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void refusesUnsupportedConstructsByNameBeforeRunning() {
        AtomicInteger calls = new AtomicInteger();
        TaskInvoker invoker = LambdaTaskInvoker.of((fn, p, ctx) -> {
            calls.incrementAndGet();
            return json("{}");
        });
        AslDefinitionException e = assertThrows(AslDefinitionException.class,
                () -> new AslInterpreter(fixture("unsupported.asl.json"), invoker));
        List<String> problems = e.problems();
        assertTrue(problems.contains("state 'Score': field 'Credentials' is not supported by the local executor"), problems.toString());
        assertTrue(problems.contains("state 'Score': field 'HeartbeatSeconds' is not supported by the local executor"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'$.rows[*].id' uses wildcard '[*]'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("state 'Notify': Resource 'arn:aws:states:::sns:publish'"
                + " is not supported by the local executor")), problems.toString());
        assertEquals(4, problems.size(), problems.toString());
        assertEquals(0, calls.get());

        String others = """
                {"StartAt": "A", "QueryLanguage": "JSONata", "States": {
                  "A": {"Type": "Pass", "Assign": {"x": 1}, "Parameters": {"v.$": "States.ArraySum($.a)"}, "Next": "Gone"}
                }}""";
        List<String> p2 = assertThrows(AslDefinitionException.class, () -> new AslInterpreter(others, invoker)).problems();
        assertTrue(p2.contains("top level: QueryLanguage 'JSONata' is not supported by the local executor (JSONPath only)"), p2.toString());
        assertTrue(p2.contains("state 'A': field 'Assign' is not supported by the local executor"), p2.toString());
        assertTrue(p2.stream().anyMatch(p -> p.contains("intrinsic function 'States.ArraySum' is not supported")), p2.toString());
        assertTrue(p2.contains("state 'A': Next 'Gone' is not a state of the same list"), p2.toString());
    }

    @Test
    void substitutesDefinitionSubstitutionsAndRefusesLeftovers() {
        String template = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "${PlanFunctionArn}", "Payload": {"bucket": "${Bucket}"}}, "End": true}}}""";
        List<String> called = new ArrayList<>();
        TaskInvoker invoker = LambdaTaskInvoker.of((fn, p, ctx) -> {
            called.add(fn + " " + p.get("bucket").asText());
            return json("{}");
        });
        String asl = AslInterpreter.substitute(template, Map.of(
                "PlanFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:scoring-plan", "Bucket", "data"));
        assertTrue(new AslInterpreter(asl, invoker).execute("s", json("{}")).succeeded());
        assertEquals(List.of("scoring-plan data"), called);

        AslDefinitionException missing = assertThrows(AslDefinitionException.class,
                () -> AslInterpreter.substitute(template, Map.of("Bucket", "data")));
        assertEquals("no DefinitionSubstitutions value for ${PlanFunctionArn}", missing.getMessage());
        AslDefinitionException left = assertThrows(AslDefinitionException.class, () -> new AslInterpreter(template, invoker));
        assertTrue(left.getMessage().contains("${PlanFunctionArn}"), left.getMessage());
    }

    @Test
    void taskTimeoutIsStatesTimeoutAndPayloadsOverTheLimitFail() {
        String asl = """
                {"StartAt": "Slow", "States": {"Slow": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:000000000000:function:slow", "TimeoutSeconds": 1, "End": true}}}""";
        TaskInvoker slow = LambdaTaskInvoker.of((fn, p, ctx) -> {
            try {
                Thread.sleep(p.path("sleepMs").asLong());
            } catch (InterruptedException e) {
                throw new TaskFailure("Interrupted", "");
            }
            return json("{'big': '" + "x".repeat(p.path("size").asInt()) + "'}");
        });
        AslInterpreter sm = new AslInterpreter(asl, slow);
        ExecutionResult timedOut = sm.execute("t", json("{'sleepMs': 5000}"));
        assertEquals("States.Timeout", timedOut.error());
        assertEquals(1, timedOut.events("TaskTimedOut").size());

        ExecutionResult tooBig = sm.execute("b", json("{'sleepMs': 0, 'size': 300000}"));
        assertEquals("States.DataLimitExceeded", tooBig.error());
        assertTrue(sm.execute("ok", json("{'sleepMs': 0, 'size': 1000}")).succeeded());
    }
}
