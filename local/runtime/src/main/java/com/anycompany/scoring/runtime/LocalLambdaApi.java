package com.anycompany.scoring.runtime;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.local.LocalHttpServer;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API for the local runtime's functions, so a caller (the deployment hooks) invokes them with the
 * real SDK {@code LambdaClient}: {@code POST /2015-03-31/functions/{FunctionName}/invocations}, the function named by
 * name, ARN or partial ARN, the qualifier in the ARN or the {@code Qualifier} query (the same in both if both), the
 * event as the body. As in AWS (API reference, Invoke): RequestResponse answers 200 with the function's response, or
 * with the error document and {@code X-Amz-Function-Error: Unhandled} when the handler throws, and
 * {@code X-Amz-Executed-Version}; DryRun answers 204; an unknown function or qualifier answers 404
 * ResourceNotFoundException. The local runtime has one version of each function's code, so {@code $LATEST}, version
 * {@link SamTemplate#LOCAL_VERSION} and the function's AutoPublishAlias all name it. Event invocations are not
 * offered here (400): nothing local calls Invoke asynchronously.
 */
public final class LocalLambdaApi implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final Pattern ARN = Pattern.compile(
            "(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\\d{12}:)?(?:function:)?([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?");
    private static final String JSON = "application/json";

    private final LocalRuntime runtime;
    private final LocalHttpServer server;

    LocalLambdaApi(LocalRuntime runtime) {
        this.runtime = runtime;
        this.server = LocalHttpServer.start("local-lambda-invoke", this::handle);
    }

    public String endpoint() {
        return server.endpoint();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
            error(exchange, 404, "UnknownOperationException", "the local Lambda API serves Invoke only: POST "
                    + "/2015-03-31/functions/{FunctionName}/invocations");
            return;
        }
        if (!LocalHttpServer.signedFor(exchange, "lambda")) {
            error(exchange, 403, "MissingAuthenticationTokenException", "the request is not signed for lambda");
            return;
        }
        String named = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        Matcher arn = ARN.matcher(named);
        String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        String qualifier = null;
        for (String p : query.split("&")) {
            if (p.startsWith("Qualifier=")) {
                qualifier = URLDecoder.decode(p.substring("Qualifier=".length()), StandardCharsets.UTF_8);
            }
        }
        if (!arn.matches()) {
            error(exchange, 400, "InvalidParameterValueException", "FunctionName " + named + " is not a function name "
                    + "or ARN");
            return;
        }
        String name = arn.group(1);
        if (arn.group(2) != null && qualifier != null && !arn.group(2).equals(qualifier)) {
            error(exchange, 400, "InvalidParameterValueException", "the qualifier in the ARN (" + arn.group(2)
                    + ") and the Qualifier parameter (" + qualifier + ") differ");
            return;
        }
        qualifier = arn.group(2) != null ? arn.group(2) : qualifier;
        Optional<SamTemplate.Function> function = function(name);
        String fullArn = "arn:aws:lambda:" + com.anycompany.scoring.local.LocalAws.REGION + ":"
                + com.anycompany.scoring.local.LocalAws.ACCOUNT_ID + ":function:" + name
                + (qualifier == null ? "" : ":" + qualifier);
        if (function.isEmpty() || (qualifier != null && !qualifier.equals("$LATEST")
                && !qualifier.equals(SamTemplate.LOCAL_VERSION)
                && !qualifier.equals(function.get().rawProperties().get("AutoPublishAlias")))) {
            error(exchange, 404, "ResourceNotFoundException", "Function not found: " + fullArn);
            return;
        }
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Executed-Version", qualifier == null || qualifier.equals("$LATEST") ? "$LATEST"
                : SamTemplate.LOCAL_VERSION);
        if (type.equals("DryRun")) {
            LocalHttpServer.respond(exchange, 204, JSON, new byte[0], headers);
            return;
        }
        if (!type.equals("RequestResponse")) {
            error(exchange, 400, "InvalidParameterValueException", "the local Lambda API runs RequestResponse and "
                    + "DryRun invocations, not " + type);
            return;
        }
        String id = function.get().logicalId();
        String event = new String(body, StandardCharsets.UTF_8);
        String payload;
        try {
            LocalLambda fn = runtime.function(id);
            Object input;
            try {
                input = fn.isStreamHandler() ? event : fn.parseEvent(event);
            } catch (RuntimeException e) {
                error(exchange, 400, "InvalidRequestContentException", "Could not parse request body into json");
                return;
            }
            LocalLambda.Invocation inv = fn.invoke(input);
            payload = inv.error() == null ? inv.outputJson()
                    : new LocalLambda.HandlerFailedException(id, inv.error()).errorJson();
            if (inv.error() != null) {
                headers.put("X-Amz-Function-Error", "Unhandled");
            }
        } catch (RuntimeException e) { // the handler could not be constructed: Lambda reports an init error the same way
            headers.put("X-Amz-Function-Error", "Unhandled");
            payload = new LocalLambda.HandlerFailedException(id, e).errorJson();
        }
        LocalHttpServer.respond(exchange, 200, JSON, payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    private Optional<SamTemplate.Function> function(String name) {
        for (String id : runtime.template().functionIds()) {
            try {
                SamTemplate.Function f = runtime.template().function(id);
                if (f.functionName().equals(name)) {
                    return Optional.of(f);
                }
            } catch (TemplateException e) {
                // a function that cannot run locally cannot be invoked either
            }
        }
        return Optional.empty();
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] doc = BatchJson.MAPPER.writeValueAsBytes(Map.of("Type", "User", "message", message));
        LocalHttpServer.respond(exchange, status, JSON, doc, Map.of("x-amzn-ErrorType", type));
    }

    @Override
    public void close() {
        server.close();
    }
}
