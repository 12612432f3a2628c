package com.anycompany.scoring.runtime.stepfunctions;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.stepfunctions.Model.Graph;
import com.anycompany.scoring.runtime.stepfunctions.Model.PathSpec;
import com.anycompany.scoring.runtime.stepfunctions.Model.State;
import com.anycompany.scoring.feature.CsvReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an Amazon States Language (JSONPath) state machine in this JVM, so the local runtime executes the very
 * definition that deploys.
 *
 * <pre>{@code
 * String asl = AslInterpreter.substitute(Files.readString(Path.of("statemachine/batch.asl.json")),
 *         Map.of("PlanFunctionArn", plan.function().arn(), "Bucket", bucket));        // DefinitionSubstitutions
 * AslInterpreter sm = AslInterpreter.builder(asl, LambdaTaskInvoker.of(functionsByName))
 *         .stateMachineName("BatchTransform")
 *         .itemSource(new S3ItemSource(aws.s3Client()))        // Distributed Map ItemReader / ResultWriter
 *         .build();                                            // validates; AslDefinitionException lists problems
 * ExecutionResult r = sm.execute("run-2024-05", input);        // SUCCEEDED + output, or FAILED + error/cause
 * }</pre>
 *
 * <p><b>Supported</b>: states Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map (inline; distributed with
 * ItemReader {@code s3:getObject} JSON/JSONL/CSV or {@code s3:listObjectsV2}, ItemBatcher, ResultWriter,
 * ToleratedFailurePercentage/Count and their Path forms, MaxConcurrency/Path); InputPath → Parameters → task →
 * ResultSelector → ResultPath → OutputPath in the AWS order; payload templates with {@code .$} keys, reference paths
 * ({@code $}, {@code $.a.b}, {@code $['a']}, {@code $.a[0]}), the context object {@code $$} (Execution.Id/Name/Input/
 * StartTime/RoleArn, State.Name/EnteredTime/RetryCount, StateMachine.Id/Name, Map.Item.Index/Value in ItemSelector);
 * all JSONPath intrinsic functions; Retry (ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds,
 * JitterStrategy) and Catch (ErrorEquals, ResultPath, Next) with States.ALL and States.TaskFailed wildcards; Task
 * TimeoutSeconds/TimeoutSecondsPath; the top-level TimeoutSeconds; the 256 KiB payload limit
 * (States.DataLimitExceeded).
 *
 * <p><b>Refused by name when built</b>: JSONata (QueryLanguage), Variables (Assign), Arguments/Output, Credentials,
 * HeartbeatSeconds, callback and .sync integrations the {@link TaskInvoker} refuses, JSONPath wildcards, filters and
 * slices, other ItemReader resources and InputTypes (MANIFEST, PARQUET), CSV delimiters other than COMMA, any unknown
 * field.
 *
 * <p>Waits and retry intervals go through the {@link Sleeper}; Map items and Parallel branches run on a pool of
 * {@code min(MaxConcurrency, parallelism)} threads with results in item order. An instance is immutable and may run
 * several executions at once.
 */
public final class AslInterpreter {
    static final ObjectMapper JSON = Json.MAPPER;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");
    private static final Pattern EXECUTION_NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]+");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    private static final ExecutorService TASK_TIMEOUT_POOL = Executors.newCachedThreadPool(daemon("asl-task"));

    private final Graph graph;
    private final Long executionTimeoutSeconds;
    private final String stateMachineName;
    private final String stateMachineArn;
    private final TaskInvoker invoker;
    private final ItemSource itemSource;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int parallelism;
    private final boolean payloadLimit;
    private final ExecutionListener listener;

    private AslInterpreter(Builder b) {
        JsonNode doc;
        try {
            doc = JSON.readTree(b.definition);
        } catch (JsonProcessingException e) {
            throw new AslDefinitionException("the definition is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        Matcher left = PLACEHOLDER.matcher(b.definition);
        if (left.find()) {
            throw new AslDefinitionException("the definition still holds the placeholder ${" + left.group(1)
                    + "}: substitute DefinitionSubstitutions first (AslInterpreter.substitute)");
        }
        this.invoker = b.invoker;
        this.graph = AslLoader.load(doc, b.invoker);
        this.executionTimeoutSeconds = doc.has("TimeoutSeconds") ? doc.get("TimeoutSeconds").asLong() : null;
        this.stateMachineName = b.stateMachineName;
        this.stateMachineArn = "arn:aws:states:" + b.region + ":" + b.accountId + ":stateMachine:" + b.stateMachineName;
        this.itemSource = b.itemSource;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.parallelism = b.parallelism;
        this.payloadLimit = b.payloadLimit;
        this.listener = b.listener;
    }

    /** Builds an interpreter with the defaults (real sleeps, system clock, one thread per core). */
    public AslInterpreter(String definitionJson, TaskInvoker invoker) {
        this(builder(definitionJson, invoker));
    }

    public static Builder builder(String definitionJson, TaskInvoker invoker) {
        return new Builder(definitionJson, invoker);
    }

    /**
     * Replaces {@code ${Name}} with {@code substitutions.get("Name")}, as SAM/CloudFormation do with
     * {@code DefinitionSubstitutions} (raw text, no escaping). A placeholder without a value is an error naming it.
     */
    public static String substitute(String definitionText, Map<String, String> substitutions) {
        Matcher m = PLACEHOLDER.matcher(definitionText);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String value = substitutions.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new AslDefinitionException("no DefinitionSubstitutions value for " + String.join(", ",
                    missing.stream().distinct().map(n -> "${" + n + "}").toList()));
        }
        return out.toString();
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** Runs one execution to its end on the calling thread (Map and Parallel fan out to worker threads). */
    public ExecutionResult execute(String executionName, JsonNode input) {
        Execution ex = new Execution(executionName, input == null ? F.objectNode() : input);
        ex.event("ExecutionStarted", null, obj("input", ex.input, "roleArn", ex.roleArn));
        Branch root = new Branch(ex, "", true, new AtomicBoolean(false));
        try {
            checkSize(ex.input, "the execution input");
            JsonNode output = runGraph(graph, ex.input, root);
            ex.event("ExecutionSucceeded", null, obj("output", output));
            return new ExecutionResult(ExecutionResult.Status.SUCCEEDED, output, null, null, ex.history());
        } catch (StateFailure f) {
            ex.event("ExecutionFailed", null, obj("error", f.error(), "cause", f.causeText()));
            return new ExecutionResult(ExecutionResult.Status.FAILED, null, f.error(), f.causeText(), ex.history());
        }
    }

    // ---- the state loop ----------------------------------------------------------------------------------------

    private record Step(JsonNode output, String next) {
    }

    private JsonNode runGraph(Graph g, JsonNode input, Branch br) {
        String current = g.startAt();
        JsonNode data = input;
        while (true) {
            br.checkAbort();
            br.ex.checkDeadline();
            State s = g.states().get(current);
            Instant entered = clock.instant();
            br.event(s.type() + "StateEntered", s.name(), obj("input", data));
            Step step;
            try {
                step = runWithRetry(s, data, br, entered);
            } catch (StateFailure f) {
                Model.Catcher c = s.catchers().stream().filter(x -> matches(x.errorEquals(), f, s)).findFirst().orElse(null);
                if (c == null) {
                    br.event(s.type() + "StateFailed", s.name(), obj("error", f.error(), "cause", f.causeText()));
                    throw f;
                }
                JsonNode errorOutput = obj("Error", f.error(), "Cause", f.causeText());
                data = c.resultPath().discard() ? data : c.resultPath().path().write(data, errorOutput);
                checkSize(data, "the output of state '" + s.name() + "'");
                br.event(s.type() + "StateExited", s.name(), obj("output", data, "caught", f.error()));
                current = c.next();
                continue;
            }
            checkSize(step.output(), "the output of state '" + s.name() + "'");
            br.event(s.type() + "StateExited", s.name(), obj("output", step.output()));
            if (step.next() == null) {
                return step.output();
            }
            data = step.output();
            current = step.next();
        }
    }

    private static boolean matches(List<String> errorEquals, StateFailure f, State s) {
        String error = f.error();
        if (error != null && errorEquals.contains(error)) {
            return true;
        }
        if (f.terminal()) {
            return false;
        }
        return errorEquals.contains(AslErrors.ALL)
                || s.kind() instanceof Model.Task && errorEquals.contains(AslErrors.TASK_FAILED)
                && !AslErrors.TIMEOUT.equals(error);
    }

    private Step runWithRetry(State s, JsonNode raw, Branch br, Instant entered) {
        int[] attempts = new int[s.retry().size()];
        int retryCount = 0;
        while (true) {
            try {
                return runOnce(s, raw, br, entered, retryCount);
            } catch (StateFailure f) {
                if (f.terminal()) {
                    throw f;
                }
                int idx = -1;
                for (int i = 0; i < s.retry().size(); i++) {
                    if (matches(s.retry().get(i).errorEquals(), f, s)) {
                        idx = i;
                        break;
                    }
                }
                if (idx < 0 || attempts[idx] >= s.retry().get(idx).maxAttempts()) {
                    throw f;
                }
                Model.Retrier r = s.retry().get(idx);
                double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), attempts[idx]);
                if (r.maxDelaySeconds() != null) {
                    delay = Math.min(delay, r.maxDelaySeconds());
                }
                if (r.fullJitter()) {
                    delay = br.random().nextDouble() * delay;
                }
                attempts[idx]++;
                retryCount++;
                br.event("StateRetryScheduled", s.name(), obj("error", f.error(), "attempt", retryCount,
                        "delaySeconds", delay));
                sleep(Duration.ofNanos((long) (delay * 1e9)));
            }
        }
    }

    private Step runOnce(State s, JsonNode raw, Branch br, Instant entered, int retryCount) {
        JsonNode ctx = br.contextObject(s.name(), entered, retryCount);
        Model.Kind kind = s.kind();
        if (kind instanceof Model.Fail fail) {
            String error = fail.error() != null ? fail.error()
                    : fail.errorPath() != null ? text(fail.errorPath().eval(br.scope(raw, ctx), "ErrorPath")) : null;
            String cause = fail.cause() != null ? fail.cause()
                    : fail.causePath() != null ? text(fail.causePath().eval(br.scope(raw, ctx), "CausePath")) : null;
            throw new StateFailure(error, cause);
        }
        JsonNode effective = applyPath(s.inputPath(), raw, ctx, "InputPath");
        String next = s.end() ? null : s.next();
        if (kind instanceof Model.Succeed) {
            return new Step(applyPath(s.outputPath(), effective, ctx, "OutputPath"), null);
        }
        if (kind instanceof Model.Choice choice) {
            for (ChoiceRules.Branch b : choice.choices()) {
                if (b.rule().test(effective, ctx)) {
                    return new Step(applyPath(s.outputPath(), effective, ctx, "OutputPath"), b.next());
                }
            }
            if (choice.defaultNext() == null) {
                throw new StateFailure(AslErrors.NO_CHOICE_MATCHED, "No Matches! (state '" + s.name() + "')");
            }
            return new Step(applyPath(s.outputPath(), effective, ctx, "OutputPath"), choice.defaultNext());
        }
        if (kind instanceof Model.Wait w) {
            sleep(waitDuration(w, effective, ctx));
            return new Step(applyPath(s.outputPath(), effective, ctx, "OutputPath"), next);
        }
        if (s.parameters() != null) {
            effective = s.parameters().apply(br.scope(effective, ctx));
        }
        JsonNode result;
        if (kind instanceof Model.Pass pass) {
            result = pass.result() != null ? pass.result().deepCopy() : effective;
        } else if (kind instanceof Model.Task task) {
            result = invokeTask(s, task, effective, ctx, br, retryCount);
        } else if (kind instanceof Model.Parallel parallel) {
            result = runParallel(s, parallel, effective, br);
        } else if (kind instanceof Model.MapKind map) {
            result = new MapRun(s, map, effective, ctx, br).run();
        } else {
            throw new IllegalStateException("unhandled state kind " + kind);
        }
        if (s.resultSelector() != null) {
            result = s.resultSelector().apply(br.scope(result, ctx));
        }
        JsonNode combined = s.resultPath().discard() ? raw : s.resultPath().path().write(raw, result);
        return new Step(applyPath(s.outputPath(), combined, ctx, "OutputPath"), next);
    }

    private static JsonNode applyPath(PathSpec spec, JsonNode data, JsonNode ctx, String field) {
        if (spec.discard()) {
            return F.objectNode();
        }
        if (spec.path().isRoot()) {
            return data;
        }
        return spec.path().read(data, ctx, field);
    }

    private Duration waitDuration(Model.Wait w, JsonNode input, JsonNode ctx) {
        if (w.seconds() != null) {
            return Duration.ofSeconds(w.seconds());
        }
        if (w.secondsPath() != null) {
            JsonNode v = w.secondsPath().read(input, ctx, "SecondsPath");
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw StateFailure.runtime("SecondsPath '" + w.secondsPath() + "' must point to a non-negative integer, not " + v);
            }
            return Duration.ofSeconds(v.asLong());
        }
        JsonNode ts = w.timestamp() != null ? F.textNode(w.timestamp()) : w.timestampPath().read(input, ctx, "TimestampPath");
        OffsetDateTime until = ts.isTextual() ? ChoiceRules.timestamp(ts) : null;
        if (until == null) {
            throw StateFailure.runtime("TimestampPath '" + w.timestampPath() + "' must point to an RFC 3339 timestamp, not " + ts);
        }
        Duration d = Duration.between(clock.instant(), until.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StateFailure.runtime("interrupted while waiting");
        }
    }

    // ---- Task ----------------------------------------------------------------------------------------------------

    private JsonNode invokeTask(State s, Model.Task task, JsonNode parameters, JsonNode ctx, Branch br, int retryCount) {
        Integer timeout = task.timeoutSeconds();
        if (task.timeoutSecondsPath() != null) {
            JsonNode t = task.timeoutSecondsPath().read(parameters, ctx, "TimeoutSecondsPath");
            if (!t.isIntegralNumber() || t.asLong() <= 0) {
                throw StateFailure.runtime("TimeoutSecondsPath must point to a positive integer, not " + t);
            }
            timeout = t.asInt();
        }
        checkSize(parameters, "the input of task '" + s.name() + "'");
        TaskContext tc = new TaskContext(br.ex.name, br.ex.id, s.name(), retryCount, ctx,
                Optional.ofNullable(timeout).map(Duration::ofSeconds));
        br.event("TaskScheduled", s.name(), obj("resource", task.resource(), "parameters", parameters,
                "timeoutInSeconds", timeout));
        JsonNode result;
        try {
            if (timeout == null) {
                result = callInvoker(task.resource(), parameters, tc);
            } else {
                Future<JsonNode> f = TASK_TIMEOUT_POOL.submit(() -> callInvoker(task.resource(), parameters, tc));
                try {
                    result = f.get(timeout, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    br.event("TaskTimedOut", s.name(), obj("error", AslErrors.TIMEOUT));
                    throw new StateFailure(AslErrors.TIMEOUT, "The task '" + s.name() + "' did not finish within "
                            + timeout + " seconds (TimeoutSeconds)");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TaskFailure tf) {
                        throw tf;
                    }
                    throw (RuntimeException) e.getCause();
                } catch (InterruptedException e) {
                    f.cancel(true);
                    Thread.currentThread().interrupt();
                    throw StateFailure.runtime("interrupted while waiting for task '" + s.name() + "'");
                }
            }
        } catch (TaskFailure tf) {
            br.event("TaskFailed", s.name(), obj("error", tf.error(), "cause", tf.cause()));
            throw new StateFailure(tf.error(), tf.cause());
        } catch (StateFailure sf) {
            throw sf;
        } catch (RuntimeException e) {
            br.event("TaskFailed", s.name(), obj("error", AslErrors.TASK_FAILED, "cause", e.toString()));
            throw new StateFailure(AslErrors.TASK_FAILED, "the task invoker failed: " + e);
        }
        if (result == null) {
            result = F.nullNode();
        }
        br.event("TaskSucceeded", s.name(), obj("output", result));
        return result;
    }

    private JsonNode callInvoker(String resource, JsonNode parameters, TaskContext tc) throws TaskFailure {
        return invoker.invoke(resource, parameters.deepCopy(), tc);
    }

    // ---- Parallel ----------------------------------------------------------------------------------------------

    private JsonNode runParallel(State s, Model.Parallel p, JsonNode input, Branch br) {
        int n = p.branches().size();
        JsonNode[] outputs = new JsonNode[n];
        StateFailure[] failures = new StateFailure[n];
        AtomicBoolean abort = new AtomicBoolean(false);
        runAll(n, Math.min(n, parallelism), "parallel-" + s.name(), i -> {
            Branch child = new Branch(br.ex, br.key + "/" + s.name() + "[" + i + "]", br.record, abort);
            try {
                outputs[i] = runGraph(p.branches().get(i), input, child);
            } catch (StateFailure f) {
                failures[i] = f;
                abort.set(true);
            }
        }, abort);
        for (StateFailure f : failures) {
            if (f != null && !(f instanceof Aborted)) {
                throw f;
            }
        }
        ArrayNode out = F.arrayNode();
        for (JsonNode o : outputs) {
            out.add(o);
        }
        return out;
    }

    /** Runs body(0..n-1) on {@code threads} threads (the caller's own thread when 1); skips the rest once aborted. */
    private static void runAll(int n, int threads, String name, java.util.function.IntConsumer body, AtomicBoolean abort) {
        if (threads <= 1) {
            for (int i = 0; i < n && !abort.get(); i++) {
                body.accept(i);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("asl-" + name));
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int idx = i;
                futures.add(pool.submit(() -> {
                    if (!abort.get()) {
                        body.accept(idx);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    abort.set(true);
                    Thread.currentThread().interrupt();
                    throw StateFailure.runtime("interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- Map -----------------------------------------------------------------------------------------------------

    private final class MapRun {
        final State s;
        final Model.MapKind m;
        final JsonNode input;
        final JsonNode ctx;
        final Branch br;

        MapRun(State s, Model.MapKind m, JsonNode input, JsonNode ctx, Branch br) {
            this.s = s;
            this.m = m;
            this.input = input;
            this.ctx = ctx;
            this.br = br;
        }

        JsonNode run() {
            List<JsonNode> items = readItems();
            List<JsonNode> inputs = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                if (m.itemSelector() == null) {
                    inputs.add(items.get(i));
                } else {
                    ObjectNode itemCtx = ((ObjectNode) ctx).deepCopy();
                    itemCtx.set("Map", obj("Item", obj("Index", i, "Value", items.get(i))));
                    inputs.add(m.itemSelector().apply(br.scope(input, itemCtx)));
                }
            }
            if (m.batcher() != null) {
                inputs = batch(inputs);
            }
            int n = inputs.size();
            int concurrency = m.maxConcurrencyPath() != null
                    ? nonNegative(m.maxConcurrencyPath().read(input, ctx, "MaxConcurrencyPath"), "MaxConcurrencyPath")
                    : m.maxConcurrency() == null ? 0 : m.maxConcurrency();
            int threads = Math.max(1, Math.min(Math.min(concurrency == 0 ? Integer.MAX_VALUE : concurrency, parallelism), n));
            String mapRunId = new java.util.UUID(br.random().nextLong(), br.random().nextLong()).toString();
            String mapRunArn = "arn:aws:states:" + arnTail(stateMachineArn).replace(":stateMachine:", ":mapRun:")
                    + "/" + (m.label() != null ? m.label() : s.name()) + ":" + mapRunId;
            Threshold threshold = m.distributed() ? threshold(n) : null;
            if (m.distributed()) {
                br.event("MapRunStarted", s.name(), obj("mapRunArn", mapRunArn, "items", n));
            } else {
                br.event("MapStateStarted", s.name(), obj("length", n));
            }
            JsonNode[] outputs = new JsonNode[n];
            StateFailure[] failures = new StateFailure[n];
            Instant[] starts = new Instant[n];
            Instant[] stops = new Instant[n];
            AtomicBoolean abort = new AtomicBoolean(false);
            AtomicInteger failed = new AtomicInteger();
            List<JsonNode> finalInputs = inputs;
            runAll(n, threads, "map-" + s.name(), i -> {
                Branch child = new Branch(br.ex, br.key + "/" + s.name() + "[" + i + "]", br.record && !m.distributed(), abort);
                if (!m.distributed()) {
                    br.event("MapIterationStarted", s.name(), obj("index", i));
                }
                starts[i] = clock.instant();
                try {
                    outputs[i] = runGraph(m.processor(), finalInputs.get(i), child);
                    stops[i] = clock.instant();
                    if (!m.distributed()) {
                        br.event("MapIterationSucceeded", s.name(), obj("index", i));
                    }
                    listener.onMapItem(s.name(), i, n, true);
                } catch (StateFailure f) {
                    stops[i] = clock.instant();
                    failures[i] = f;
                    if (f instanceof Aborted) {
                        return;
                    }
                    if (!m.distributed()) {
                        br.event("MapIterationFailed", s.name(), obj("index", i, "error", f.error()));
                    }
                    listener.onMapItem(s.name(), i, n, false);
                    int nowFailed = failed.incrementAndGet();
                    if (!m.distributed() || threshold.exceeded(nowFailed)) {
                        abort.set(true);
                    }
                }
            }, abort);
            if (!m.distributed()) {
                for (StateFailure f : failures) {
                    if (f != null && !(f instanceof Aborted)) {
                        br.event("MapStateFailed", s.name(), obj("error", f.error()));
                        throw f;
                    }
                }
                br.event("MapStateSucceeded", s.name(), null);
                ArrayNode out = F.arrayNode();
                for (JsonNode o : outputs) {
                    out.add(o);
                }
                return out;
            }
            int failedCount = failed.get();
            if (threshold.exceeded(failedCount)) {
                int first = 0;
                while (failures[first] == null || failures[first] instanceof Aborted) {
                    first++;
                }
                String cause = "The specified tolerated failure threshold was exceeded: " + failedCount + " of " + n
                        + " items failed (" + threshold + "); first failure, item " + first + ": "
                        + failures[first].error() + ": " + failures[first].causeText();
                br.event("MapRunFailed", s.name(), obj("mapRunArn", mapRunArn, "failed", failedCount, "items", n));
                throw new StateFailure(AslErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD, cause);
            }
            br.event("MapRunSucceeded", s.name(), obj("mapRunArn", mapRunArn, "failed", failedCount, "items", n));
            if (m.writer() != null) {
                return writeResults(mapRunId, mapRunArn, finalInputs, outputs, failures, starts, stops);
            }
            ArrayNode out = F.arrayNode();
            for (int i = 0; i < n; i++) {
                out.add(failures[i] != null ? obj("Error", failures[i].error(), "Cause", failures[i].causeText()) : outputs[i]);
            }
            return out;
        }

        private record Threshold(Long count, Double percentage, int total) {
            boolean exceeded(int failed) {
                if (count == null && percentage == null) {
                    return failed > 0;
                }
                return count != null && failed > count || percentage != null && failed * 100.0 / total > percentage;
            }

            @Override
            public String toString() {
                return count == null && percentage == null ? "no failures tolerated"
                        : "tolerated: " + (count != null ? count + " failures" : "")
                        + (count != null && percentage != null ? ", " : "") + (percentage != null ? percentage + "%" : "");
            }
        }

        private Threshold threshold(int total) {
            Long count = m.toleratedCountPath() != null
                    ? Long.valueOf(nonNegative(m.toleratedCountPath().read(input, ctx, "ToleratedFailureCountPath"), "ToleratedFailureCountPath"))
                    : m.toleratedCount();
            Double pct = m.toleratedPercentage();
            if (m.toleratedPercentagePath() != null) {
                JsonNode p = m.toleratedPercentagePath().read(input, ctx, "ToleratedFailurePercentagePath");
                if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                    throw StateFailure.runtime("ToleratedFailurePercentagePath must point to a number from 0 to 100, not " + p);
                }
                pct = p.asDouble();
            }
            return new Threshold(count, pct, total);
        }

        private List<JsonNode> readItems() {
            if (m.reader() == null) {
                JsonNode arr = m.itemsPath() == null ? input : m.itemsPath().read(input, ctx, "ItemsPath");
                if (!arr.isArray()) {
                    throw StateFailure.runtime("ItemsPath '" + (m.itemsPath() == null ? "$" : m.itemsPath())
                            + "' of state '" + s.name() + "' must point to a JSON array, not " + JsonPath.abbreviate(arr));
                }
                List<JsonNode> out = new ArrayList<>(arr.size());
                arr.forEach(out::add);
                return out;
            }
            Model.ItemReader r = m.reader();
            if (itemSource == null) {
                throw new StateFailure(AslErrors.ITEM_READER_FAILED, "state '" + s.name()
                        + "' reads items from S3 but the interpreter has no ItemSource (Builder.itemSource)");
            }
            JsonNode p = r.parameters().apply(br.scope(input, ctx));
            String bucket = p.path("Bucket").asText(null);
            long max = r.maxItemsPath() != null
                    ? nonNegative(r.maxItemsPath().read(input, ctx, "MaxItemsPath"), "MaxItemsPath")
                    : r.maxItems() == null ? 0 : r.maxItems();
            if (max == 0) {
                max = Long.MAX_VALUE;
            }
            List<JsonNode> items = new ArrayList<>();
            try {
                if (AslLoader.S3_LIST_OBJECTS.equals(r.resource())) {
                    for (ItemSource.S3Object o : itemSource.listObjects(bucket, p.path("Prefix").asText(""))) {
                        if (items.size() >= max) {
                            break;
                        }
                        items.add(obj("Etag", o.etag(), "Key", o.key(), "LastModified",
                                o.lastModified() == null ? null : o.lastModified().getEpochSecond(),
                                "Size", o.size(), "StorageClass", o.storageClass()));
                    }
                    return items;
                }
                String key = p.path("Key").asText(null);
                String where = "s3://" + bucket + "/" + key;
                try (InputStream in = itemSource.getObject(bucket, key)) {
                    switch (r.inputType()) {
                        case "JSON" -> {
                            JsonNode doc = JSON.readTree(in);
                            if (doc == null || !doc.isArray()) {
                                throw new StateFailure(AslErrors.ITEM_READER_FAILED, where + " is not a JSON array");
                            }
                            for (JsonNode item : doc) {
                                if (items.size() >= max) {
                                    break;
                                }
                                items.add(item);
                            }
                        }
                        case "JSONL" -> {
                            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                            String line;
                            int lineNo = 0;
                            while ((line = lines.readLine()) != null && items.size() < max) {
                                lineNo++;
                                if (line.isBlank()) {
                                    continue;
                                }
                                try {
                                    items.add(JSON.readTree(line));
                                } catch (JsonProcessingException e) {
                                    throw new StateFailure(AslErrors.ITEM_READER_FAILED, where + " line " + lineNo
                                            + " is not JSON: " + e.getOriginalMessage());
                                }
                            }
                        }
                        default -> readCsv(in, r, where, max, items);
                    }
                }
            } catch (IOException | CsvReader.CsvFormatException e) {
                throw new StateFailure(AslErrors.ITEM_READER_FAILED, "state '" + s.name() + "': " + e.getMessage());
            }
            return items;
        }

        private void readCsv(InputStream in, Model.ItemReader r, String where, long max, List<JsonNode> items)
                throws IOException {
            try (CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                List<String> headers = r.csvHeaderFirstRow() ? csv.next() : r.csvHeaders();
                if (headers == null) {
                    throw new StateFailure(AslErrors.ITEM_READER_FAILED, where + " is empty (no CSV header)");
                }
                List<String> row;
                while (items.size() < max && (row = csv.next()) != null) {
                    if (row.size() == 1 && row.get(0).isEmpty()) {
                        continue;
                    }
                    if (row.size() != headers.size()) {
                        throw new StateFailure(AslErrors.ITEM_READER_FAILED, where + " line " + csv.recordLine()
                                + " has " + row.size() + " fields but the header has " + headers.size());
                    }
                    ObjectNode item = F.objectNode();
                    for (int c = 0; c < headers.size(); c++) {
                        item.put(headers.get(c), row.get(c));
                    }
                    items.add(item);
                }
            }
        }

        private List<JsonNode> batch(List<JsonNode> inputs) {
            Model.ItemBatcher b = m.batcher();
            int maxItems = b.maxItemsPerBatchPath() != null
                    ? nonNegative(b.maxItemsPerBatchPath().read(input, ctx, "MaxItemsPerBatchPath"), "MaxItemsPerBatchPath")
                    : b.maxItemsPerBatch() == null ? Integer.MAX_VALUE : b.maxItemsPerBatch();
            int maxBytes = b.maxInputBytesPerBatchPath() != null
                    ? nonNegative(b.maxInputBytesPerBatchPath().read(input, ctx, "MaxInputBytesPerBatchPath"), "MaxInputBytesPerBatchPath")
                    : b.maxInputBytesPerBatch() == null ? PAYLOAD_LIMIT_BYTES : b.maxInputBytesPerBatch();
            JsonNode batchInput = b.batchInput() == null ? null : b.batchInput().apply(br.scope(input, ctx));
            List<JsonNode> batches = new ArrayList<>();
            ArrayNode current = F.arrayNode();
            long bytes = 0;
            for (JsonNode item : inputs) {
                long size = sizeOf(item) + 1;
                if (current.size() > 0 && (current.size() >= maxItems || bytes + size > maxBytes)) {
                    batches.add(batchOf(current, batchInput));
                    current = F.arrayNode();
                    bytes = 0;
                }
                current.add(item);
                bytes += size;
            }
            if (current.size() > 0) {
                batches.add(batchOf(current, batchInput));
            }
            return batches;
        }

        private JsonNode batchOf(ArrayNode items, JsonNode batchInput) {
            ObjectNode b = F.objectNode();
            if (batchInput != null) {
                b.set("BatchInput", batchInput);
            }
            b.set("Items", items);
            return b;
        }

        /** ResultWriter: the files AWS writes (manifest.json, SUCCEEDED_0.json, FAILED_0.json) and its output. */
        private JsonNode writeResults(String mapRunId, String mapRunArn, List<JsonNode> inputs, JsonNode[] outputs,
                                      StateFailure[] failures, Instant[] starts, Instant[] stops) {
            JsonNode p = m.writer().parameters().apply(br.scope(input, ctx));
            String bucket = p.path("Bucket").asText(null);
            String prefix = p.path("Prefix").asText("");
            String base = (prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
            ArrayNode succeeded = F.arrayNode();
            ArrayNode failedOnes = F.arrayNode();
            for (int i = 0; i < inputs.size(); i++) {
                if (starts[i] == null) {
                    continue;
                }
                String childName = mapRunId + "-" + i;
                ObjectNode e = obj("ExecutionArn", mapRunArn.replace(":mapRun:", ":execution:") + ":" + childName,
                        "Input", inputs.get(i).toString(), "InputDetails", obj("Included", true), "Name", childName,
                        "StartDate", TIME.format(starts[i].truncatedTo(ChronoUnit.MILLIS)),
                        "StateMachineArn", stateMachineArn, "Status", failures[i] == null ? "SUCCEEDED" : "FAILED",
                        "StopDate", TIME.format(stops[i].truncatedTo(ChronoUnit.MILLIS)));
                if (failures[i] == null) {
                    e.put("Output", outputs[i].toString());
                    e.set("OutputDetails", obj("Included", true));
                    succeeded.add(e);
                } else {
                    e.put("Error", failures[i].error());
                    e.put("Cause", failures[i].causeText());
                    failedOnes.add(e);
                }
            }
            ObjectNode files = obj("FAILED", F.arrayNode(), "PENDING", F.arrayNode(), "SUCCEEDED", F.arrayNode());
            try {
                for (var entry : Map.of("SUCCEEDED", succeeded, "FAILED", failedOnes).entrySet()) {
                    if (entry.getValue().isEmpty()) {
                        continue;
                    }
                    byte[] body = JSON.writeValueAsBytes(entry.getValue());
                    String key = base + entry.getKey() + "_0.json";
                    itemSource.putObject(bucket, key, body);
                    ((ArrayNode) files.get(entry.getKey())).add(obj("Key", key, "Size", body.length));
                }
                String manifestKey = base + "manifest.json";
                itemSource.putObject(bucket, manifestKey, JSON.writeValueAsBytes(
                        obj("DestinationBucket", bucket, "MapRunArn", mapRunArn, "ResultFiles", files)));
                return obj("MapRunArn", mapRunArn, "ResultWriterDetails", obj("Bucket", bucket, "Key", manifestKey));
            } catch (IOException e) {
                throw new StateFailure(AslErrors.RESULT_WRITER_FAILED, "state '" + s.name() + "': " + e.getMessage());
            }
        }
    }

    private static int nonNegative(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw StateFailure.runtime(field + " must point to a non-negative integer, not " + v);
        }
        return v.asInt();
    }

    private static String arnTail(String arn) {
        return arn.substring("arn:aws:states:".length());
    }

    // ---- execution state -----------------------------------------------------------------------------------------

    /** A failure recorded for items skipped after the Map or Parallel was already failing. */
    private static final class Aborted extends StateFailure {
        Aborted() {
            super("States.Aborted", "a sibling branch failed");
        }

        @Override
        boolean terminal() {
            return true;
        }
    }

    private final class Execution {
        final String name;
        final String id;
        final JsonNode input;
        final Instant start = clock.instant();
        final String roleArn;
        final ObjectNode executionNode;
        final ObjectNode stateMachineNode;
        final Instant deadline;
        final AtomicLong ids = new AtomicLong();
        final List<ExecutionResult.HistoryEvent> history = Collections.synchronizedList(new ArrayList<>());

        Execution(String name, JsonNode input) {
            if (name == null || name.isEmpty() || name.length() > 80 || !EXECUTION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("execution name '" + name + "' is not valid for StartExecution:"
                        + " 1-80 characters, no white space, brackets, ? * \" # % \\ ^ | ~ ` $ & , ; : / or control characters");
            }
            this.name = name;
            this.id = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
            this.input = input;
            this.roleArn = "arn:aws:iam::" + stateMachineArn.split(":")[4] + ":role/local-step-functions";
            this.executionNode = obj("Id", id, "Input", input, "Name", name, "RoleArn", roleArn,
                    "StartTime", TIME.format(start.truncatedTo(ChronoUnit.MILLIS)), "RedriveCount", 0);
            this.stateMachineNode = obj("Id", stateMachineArn, "Name", stateMachineName);
            this.deadline = executionTimeoutSeconds == null ? null : start.plusSeconds(executionTimeoutSeconds);
        }

        void event(String type, String state, JsonNode details) {
            var e = new ExecutionResult.HistoryEvent(ids.incrementAndGet(), clock.instant(), type, state, details);
            history.add(e);
            listener.onEvent(e);
        }

        void checkDeadline() {
            if (deadline != null && clock.instant().isAfter(deadline)) {
                throw new StateFailure(AslErrors.TIMEOUT, "The execution ran longer than the state machine's "
                        + "TimeoutSeconds (" + executionTimeoutSeconds + ")");
            }
        }

        List<ExecutionResult.HistoryEvent> history() {
            synchronized (history) {
                return List.copyOf(history);
            }
        }
    }

    /** One thread of control: the top level, a Parallel branch or a Map iteration. */
    private final class Branch {
        final Execution ex;
        final String key;
        final boolean record;
        final AtomicBoolean abort;
        private Random random;

        Branch(Execution ex, String key, boolean record, AtomicBoolean abort) {
            this.ex = ex;
            this.key = key;
            this.record = record;
            this.abort = abort;
        }

        void event(String type, String state, JsonNode details) {
            if (record) {
                ex.event(type, state, details);
            }
        }

        void checkAbort() {
            if (abort.get()) {
                throw new Aborted();
            }
        }

        /** Deterministic per execution and branch: the same run gives the same States.UUID values. */
        Random random() {
            if (random == null) {
                random = new Random((ex.id + "#" + key).hashCode() * 0x9E3779B97F4A7C15L);
            }
            return random;
        }

        JsonNode contextObject(String stateName, Instant entered, int retryCount) {
            ObjectNode ctx = F.objectNode();
            ctx.set("Execution", ex.executionNode);
            ctx.set("State", obj("EnteredTime", TIME.format(entered.truncatedTo(ChronoUnit.MILLIS)),
                    "Name", stateName, "RetryCount", retryCount));
            ctx.set("StateMachine", ex.stateMachineNode);
            return ctx;
        }

        Intrinsics.Scope scope(JsonNode input, JsonNode ctx) {
            return new Intrinsics.Scope() {
                public JsonNode input() {
                    return input;
                }

                public JsonNode contextObject() {
                    return ctx;
                }

                public Random random() {
                    return Branch.this.random();
                }
            };
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void checkSize(JsonNode node, String what) {
        if (!payloadLimit || node == null) {
            return;
        }
        long size = sizeOf(node);
        if (size > PAYLOAD_LIMIT_BYTES) {
            throw new StateFailure(AslErrors.DATA_LIMIT_EXCEEDED, what + " is " + size
                    + " bytes, over the 262144-byte (256 KiB) limit of Step Functions; pass S3 references instead"
                    + " (or use a Distributed Map ResultWriter)");
        }
    }

    private static long sizeOf(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
    }

    /** A JSON object from alternating names and values (String, Number, Boolean, JsonNode, null). */
    static ObjectNode obj(Object... kv) {
        ObjectNode o = F.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            String k = (String) kv[i];
            Object v = kv[i + 1];
            if (v == null) {
                o.putNull(k);
            } else if (v instanceof JsonNode j) {
                o.set(k, j);
            } else if (v instanceof String str) {
                o.put(k, str);
            } else if (v instanceof Integer n) {
                o.put(k, n);
            } else if (v instanceof Long n) {
                o.put(k, n);
            } else if (v instanceof Double d) {
                o.put(k, d);
            } else if (v instanceof Boolean b) {
                o.put(k, b);
            } else {
                o.put(k, v.toString());
            }
        }
        return o;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Options; only the definition and the task invoker are required. */
    public static final class Builder {
        private final String definition;
        private final TaskInvoker invoker;
        private String stateMachineName = "local";
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private ItemSource itemSource;
        private Sleeper sleeper = Sleeper.REAL;
        private Clock clock = Clock.systemUTC();
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private boolean payloadLimit = true;
        private ExecutionListener listener = ExecutionListener.NONE;

        private Builder(String definition, TaskInvoker invoker) {
            this.definition = definition;
            this.invoker = invoker;
        }

        /** The name in {@code $$.StateMachine.Name} and in the ARNs (default {@code local}). */
        public Builder stateMachineName(String name) {
            this.stateMachineName = name;
            return this;
        }

        public Builder region(String region, String accountId) {
            this.region = region;
            this.accountId = accountId;
            return this;
        }

        /** Where a Distributed Map's ItemReader and ResultWriter read and write (required only for them). */
        public Builder itemSource(ItemSource itemSource) {
            this.itemSource = itemSource;
            return this;
        }

        /** How Retry intervals and Wait states wait (default: really sleep). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Upper bound on worker threads per Map / Parallel state (default: available processors). */
        public Builder parallelism(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            this.parallelism = threads;
            return this;
        }

        /** Whether state inputs/outputs over 256 KiB fail with States.DataLimitExceeded, as in AWS (default true). */
        public Builder payloadLimit(boolean enforce) {
            this.payloadLimit = enforce;
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = listener;
            return this;
        }

        /** Parses and validates the definition; throws {@link AslDefinitionException} naming every problem. */
        public AslInterpreter build() {
            return new AslInterpreter(this);
        }
    }
}
