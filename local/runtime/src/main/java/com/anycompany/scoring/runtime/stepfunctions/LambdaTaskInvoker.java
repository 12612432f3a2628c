package com.anycompany.scoring.runtime.stepfunctions;

import com.anycompany.scoring.runtime.LocalLambda;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Lambda integrations of Step Functions over a {@link Functions} lookup:
 * <ul>
 *   <li>{@code arn:aws:states:::lambda:invoke}: calls {@code Parameters.FunctionName} (name, {@code name:alias} or
 *   function ARN) with {@code Parameters.Payload}, and returns what the optimized integration returns:
 *   {@code {"ExecutedVersion", "Payload": <function output>, "SdkHttpMetadata", "SdkResponseMetadata",
 *   "StatusCode": 200}} (so the ASL uses {@code "ResultSelector": {"x.$": "$.Payload.x"}} as in AWS);</li>
 *   <li>a function ARN as the Resource ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}): the effective
 *   parameters are the event and the function's output is the result, unwrapped.</li>
 * </ul>
 * A handler exception becomes a {@link TaskFailure} whose error is the exception class name (Lambda's
 * {@code errorType}, e.g. {@code java.lang.IllegalStateException}) and whose cause is Lambda's error document
 * ({@code {"errorMessage","errorType","stackTrace"}}) as a JSON string; an unknown function is
 * {@code Lambda.ResourceNotFoundException}. As in AWS, a function that runs out of memory (the runtime is killed, so
 * it reports no errorType) is {@code Lambda.Unknown}, and one that outlives its timeout is {@code Sandbox.Timedout}
 * (what a Retry must name to cover them; {@code States.TaskFailed} does). Callback ({@code .waitForTaskToken}) and other integrations are refused.
 */
public final class LambdaTaskInvoker implements TaskInvoker {
    public static final String LAMBDA_INVOKE = AslLoader.LAMBDA_INVOKE;
    /** Step Functions' error for an invocation that ended without an error document (e.g. out of memory). */
    public static final String LAMBDA_UNKNOWN = "Lambda.Unknown";
    private static final Set<String> INVOKE_PARAMETERS = Set.of("FunctionName", "Payload", "Qualifier",
            "InvocationType", "LogType", "ClientContext");

    /** Invokes one function by name with a JSON event; returns its JSON response. */
    @FunctionalInterface
    public interface Functions {
        JsonNode invoke(String functionName, JsonNode payload, TaskContext context) throws TaskFailure;
    }

    private final Functions functions;

    private LambdaTaskInvoker(Functions functions) {
        this.functions = functions;
    }

    public static LambdaTaskInvoker of(Functions functions) {
        return new LambdaTaskInvoker(functions);
    }

    /**
     * Over local functions (e.g. {@code LocalRuntime.function(logicalId)}), found by function name or logical id:
     * each invocation runs the handler in this JVM with its template environment, like a warm container.
     */
    public static LambdaTaskInvoker forLocalLambdas(Iterable<LocalLambda> lambdas) {
        Map<String, LocalLambda> byName = new HashMap<>();
        for (LocalLambda l : lambdas) {
            byName.put(l.function().functionName(), l);
            byName.putIfAbsent(l.function().logicalId(), l);
        }
        return of((name, payload, ctx) -> {
            LocalLambda lambda = byName.get(name);
            if (lambda == null) {
                throw new TaskFailure("Lambda.ResourceNotFoundException", "Function not found: " + name
                        + " (local functions: " + String.join(", ", new java.util.TreeSet<>(byName.keySet())) + ")");
            }
            return invokeLocal(lambda, payload);
        });
    }

    /** One invocation of a local function, with Lambda's error reporting. */
    public static JsonNode invokeLocal(LocalLambda lambda, JsonNode payload) throws TaskFailure {
        String json = payload.toString();
        Object input = lambda.isStreamHandler() ? json : lambda.parseEvent(json);
        LocalLambda.Invocation inv = lambda.invoke(input);
        if (inv.error() instanceof OutOfMemoryError oom) {
            throw new TaskFailure(LAMBDA_UNKNOWN, "{\"errorMessage\":\"" + lambda.function().functionName()
                    + ": Runtime exited with error: the function ran out of memory (" + lambda.function().memorySize()
                    + " MB)\",\"errorType\":\"Runtime.ExitError\"}", oom);
        }
        if (inv.error() != null) {
            Throwable t = inv.error();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("errorMessage", t.getMessage());
            doc.put("errorType", t.getClass().getName());
            doc.put("stackTrace", Arrays.stream(t.getStackTrace()).limit(30).map(StackTraceElement::toString).toList());
            throw new TaskFailure(t.getClass().getName(), toJson(doc), t);
        }
        if (inv.timedOut()) {
            throw new TaskFailure("Sandbox.Timedout", "{\"errorMessage\":\"" + lambda.function().functionName()
                    + " Task timed out after " + lambda.function().timeoutSeconds() + ".00 seconds\"}");
        }
        String out = inv.outputJson();
        if (out == null || out.isBlank()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return AslInterpreter.JSON.readTree(out);
        } catch (JsonProcessingException e) {
            throw new TaskFailure(LAMBDA_UNKNOWN, "the function's response is not JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public String refusal(String resource) {
        if (resource.equals(LAMBDA_INVOKE) || functionArn(resource) != null) {
            return null;
        }
        if (resource.startsWith(LAMBDA_INVOKE + ".")) {
            return "the " + resource.substring(LAMBDA_INVOKE.length()) + " pattern is not implemented locally"
                    + " (use " + LAMBDA_INVOKE + " or a function ARN)";
        }
        return "only " + LAMBDA_INVOKE + " and Lambda function ARNs (arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
                + " are implemented locally";
    }

    @Override
    public JsonNode invoke(String resource, JsonNode parameters, TaskContext ctx) throws TaskFailure {
        if (!resource.equals(LAMBDA_INVOKE)) {
            String name = functionArn(resource);
            if (name == null) {
                throw new TaskFailure(AslErrors.RUNTIME, "unsupported resource " + resource);
            }
            return functions.invoke(name, parameters, ctx);
        }
        if (!parameters.isObject() || !parameters.path("FunctionName").isTextual()) {
            throw new TaskFailure(AslErrors.RUNTIME, "state '" + ctx.stateName() + "': " + LAMBDA_INVOKE
                    + " needs Parameters.FunctionName (a string)");
        }
        for (var it = parameters.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!INVOKE_PARAMETERS.contains(f)) {
                throw new TaskFailure(AslErrors.RUNTIME, "state '" + ctx.stateName() + "': Parameters field '" + f
                        + "' is not a Lambda Invoke parameter");
            }
        }
        String type = parameters.path("InvocationType").asText("RequestResponse");
        if (!type.equals("RequestResponse")) {
            throw new TaskFailure(AslErrors.RUNTIME, "state '" + ctx.stateName() + "': InvocationType '" + type
                    + "' is not supported by the local executor (RequestResponse only)");
        }
        String fn = parameters.get("FunctionName").asText();
        String name = fn.startsWith("arn:") ? functionArn(fn) : fn.contains(":") ? fn.substring(0, fn.indexOf(':')) : fn;
        if (name == null) {
            throw new TaskFailure("Lambda.ResourceNotFoundException", "FunctionName '" + fn + "' is not a function ARN");
        }
        JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : JsonNodeFactory.instance.objectNode();
        JsonNode result = functions.invoke(name, payload, ctx);
        String requestId = UUID.nameUUIDFromBytes((ctx.executionId() + "/" + ctx.stateName() + "/"
                + ctx.retryCount() + "/" + payload.hashCode()).getBytes()).toString();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", result == null ? JsonNodeFactory.instance.nullNode() : result);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        ObjectNode headers = http.putObject("HttpHeaders");
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Executed-Version", "$LATEST");
        headers.put("x-amzn-RequestId", requestId);
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", 200);
        return out;
    }

    /** The function name in {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}, else null. */
    static String functionArn(String arn) {
        String[] p = arn.split(":");
        if (p.length >= 7 && p.length <= 8 && p[0].equals("arn") && p[2].equals("lambda") && p[5].equals("function")
                && !p[6].isEmpty()) {
            return p[6];
        }
        return null;
    }

    private static String toJson(Object o) {
        try {
            return AslInterpreter.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return String.valueOf(o);
        }
    }
}
