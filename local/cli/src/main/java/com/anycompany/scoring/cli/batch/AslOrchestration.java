package com.anycompany.scoring.cli.batch;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.BatchSummary;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.stepfunctions.AslInterpreter;
import com.anycompany.scoring.runtime.stepfunctions.ExecutionListener;
import com.anycompany.scoring.runtime.stepfunctions.ExecutionResult;
import com.anycompany.scoring.runtime.stepfunctions.LambdaTaskInvoker;
import com.anycompany.scoring.runtime.stepfunctions.S3ItemSource;
import com.anycompany.scoring.runtime.stepfunctions.TaskContext;
import com.anycompany.scoring.runtime.stepfunctions.TaskFailure;
import com.anycompany.scoring.runtime.stepfunctions.TaskInvoker;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the deployed state machine file itself ({@code statemachine/batch-transform.asl.json}, the template's
 * {@code DefinitionUri}) through the local ASL interpreter: DefinitionSubstitutions are resolved from template.yaml
 * to the local functions and bucket, Tasks invoke the template's functions (warm local Lambdas), and the Distributed
 * Map's ItemReader reads the shard manifest from the local S3.
 */
public final class AslOrchestration implements BatchOrchestration {
    static final String STATE_MACHINE = "BatchTransformStateMachine";
    private static final List<String> FUNCTIONS = List.of("BatchPlanFunction", "ScoreShardFunction", "FinalizeFunction");

    private final LocalRuntime runtime;
    private final int parallelism;

    public AslOrchestration(LocalRuntime runtime, int parallelism) {
        this.runtime = runtime;
        this.parallelism = Math.max(1, parallelism);
    }

    @Override
    public BatchSummary run(String executionInput, Listener listener) {
        Map<String, Object> resource = runtime.template().resource(STATE_MACHINE);
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
        Path definition = runtime.templateDirectory().resolve(String.valueOf(props.get("DefinitionUri")));
        Map<String, String> substitutions = new LinkedHashMap<>();
        Object subs = props.get("DefinitionSubstitutions");
        if (subs instanceof Map<?, ?> m) {
            m.forEach((k, v) -> substitutions.put(String.valueOf(k),
                    runtime.template().resolveString(v, STATE_MACHINE + ".Properties.DefinitionSubstitutions." + k)));
        }
        String asl;
        try {
            asl = AslInterpreter.substitute(Files.readString(definition, StandardCharsets.UTF_8), substitutions);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the state machine " + definition + ": " + e.getMessage(), e);
        }
        List<LocalLambda> functions = FUNCTIONS.stream().map(runtime::function).toList();
        AtomicInteger done = new AtomicInteger();
        TaskInvoker lambdas = LambdaTaskInvoker.forLocalLambdas(functions);
        TaskInvoker counting = new TaskInvoker() {
            @Override
            public JsonNode invoke(String resourceArn, JsonNode parameters, TaskContext context) throws TaskFailure {
                JsonNode out = lambdas.invoke(resourceArn, parameters, context);
                if (out != null && (out.path("Payload").path("reused").asBoolean(false)
                        || out.path("reused").asBoolean(false))) {
                    synchronized (listener) {
                        listener.shardReused();
                    }
                }
                return out;
            }

            @Override
            public String refusal(String resourceArn) {
                return lambdas.refusal(resourceArn);
            }
        };
        AslInterpreter machine = AslInterpreter.builder(asl, counting)
                .stateMachineName(STATE_MACHINE)
                .itemSource(new S3ItemSource(runtime.aws().s3Client()))
                .parallelism(parallelism)
                .listener(new ExecutionListener() {
                    @Override
                    public void onMapItem(String mapStateName, int index, int total, boolean succeeded) {
                        synchronized (listener) {
                            listener.shardDone(done.incrementAndGet(), total, -1);
                        }
                    }
                })
                .build();
        JsonNode input = json(executionInput);
        ExecutionResult result = machine.execute(executionName(executionInput), input);
        if (!result.succeeded()) {
            throw new IllegalStateException("the batch-transform execution failed: " + result.error() + ": "
                    + result.cause());
        }
        // Finalize's output names the _SUCCESS manifest it wrote: s3://bucket/key
        String success = result.output().path("success").asText("");
        if (!success.startsWith("s3://") || success.indexOf('/', 5) < 0) {
            throw new IllegalStateException("the execution succeeded but Finalize named no _SUCCESS manifest: "
                    + result.output());
        }
        String bucket = success.substring(5, success.indexOf('/', 5));
        String key = success.substring(success.indexOf('/', 5) + 1);
        byte[] manifest = runtime.aws().s3Client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        return BatchJson.read(manifest, BatchSummary.class, key);
    }

    /** Deterministic, like the trigger's: the same input names the same execution. */
    static String executionName(String input) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return "local-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String s) {
        try {
            return BatchJson.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new IllegalArgumentException("the execution input is not JSON: " + e.getMessage(), e);
        }
    }
}
