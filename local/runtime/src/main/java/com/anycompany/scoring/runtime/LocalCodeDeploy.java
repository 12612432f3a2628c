package com.anycompany.scoring.runtime;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.LocalHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * CodeDeploy's side of a Lambda deployment's lifecycle hook, for the local runtime: {@link #startLifecycleEvent} is
 * what CodeDeploy does before it invokes a hook (it issues a deployment id and a lifecycle-event hook execution id for
 * the hook function of a deployment group), and the server answers {@code PutLifecycleEventHookExecutionStatus} as
 * the service documents it (AWS JSON 1.1, {@code X-Amz-Target: CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus},
 * SigV4 for service codedeploy; {@code {"lifecycleEventHookExecutionId"}} on success; DeploymentIdRequiredException,
 * DeploymentDoesNotExistException, InvalidLifecycleEventHookExecutionIdException,
 * InvalidLifecycleEventHookExecutionStatusException, LifecycleEventAlreadyCompletedException otherwise). Each accepted
 * report is kept ({@link #reports()}) and passed to the listener: the call of the hook function the execution id was
 * issued to, on that deployment group. It deploys nothing.
 */
public final class LocalCodeDeploy implements AutoCloseable {
    public static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";
    private static final Set<String> STATUSES = Set.of("Pending", "InProgress", "Succeeded", "Failed", "Skipped",
            "Unknown");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A lifecycle event CodeDeploy has invoked a hook for. */
    public record LifecycleEvent(String deploymentId, String executionId, String applicationName,
                                 String deploymentGroupName, String hookFunction) {
        /** The resource IAM authorizes PutLifecycleEventHookExecutionStatus on (Service Authorization Reference). */
        public String deploymentGroupArn() {
            return "arn:aws:codedeploy:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":deploymentgroup:"
                    + applicationName + "/" + deploymentGroupName;
        }
    }

    /** One accepted PutLifecycleEventHookExecutionStatus. */
    public record StatusReport(LifecycleEvent event, String status) {
    }

    private final LocalHttpServer server;
    private final Map<String, LifecycleEvent> events = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final List<StatusReport> reports = new CopyOnWriteArrayList<>();
    private volatile Consumer<StatusReport> listener = r -> { };

    public LocalCodeDeploy() {
        this.server = LocalHttpServer.start("local-codedeploy", this::handle);
    }

    public String endpoint() {
        return server.endpoint();
    }

    /** Opens a lifecycle event of a new deployment of {@code application}/{@code group}, handled by the hook. */
    public LifecycleEvent startLifecycleEvent(String application, String group, String hookFunction) {
        LifecycleEvent e = new LifecycleEvent("d-" + random(9), random(40), application, group, hookFunction);
        events.put(e.executionId(), e);
        statuses.put(e.executionId(), "Pending");
        return e;
    }

    /** The status the hook reported for an execution id (Pending until it reports). */
    public Optional<String> status(String executionId) {
        return Optional.ofNullable(statuses.get(executionId));
    }

    public List<StatusReport> reports() {
        return List.copyOf(reports);
    }

    /** Called with every accepted report (e.g. to record it as the hook's AWS call). */
    public void onReport(Consumer<StatusReport> listener) {
        this.listener = listener == null ? r -> { } : listener;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!"POST".equals(exchange.getRequestMethod()) || !TARGET.equals(exchange.getRequestHeaders()
                .getFirst("X-Amz-Target"))) {
            error(exchange, "UnknownOperationException", "the local CodeDeploy implements "
                    + "PutLifecycleEventHookExecutionStatus only");
            return;
        }
        if (!LocalHttpServer.signedFor(exchange, "codedeploy")) {
            error(exchange, "MissingAuthenticationTokenException", "the request is not signed for codedeploy");
            return;
        }
        JsonNode request;
        try {
            request = BatchJson.MAPPER.readTree(body);
        } catch (IOException e) {
            error(exchange, "SerializationException", "the body is not JSON");
            return;
        }
        String deploymentId = request.path("deploymentId").asText("");
        String executionId = request.path("lifecycleEventHookExecutionId").asText("");
        String status = request.path("status").asText("");
        LifecycleEvent event = events.get(executionId);
        String problem = deploymentId.isEmpty() ? "DeploymentIdRequiredException"
                : events.values().stream().noneMatch(e -> e.deploymentId().equals(deploymentId))
                ? "DeploymentDoesNotExistException"
                : event == null || !event.deploymentId().equals(deploymentId)
                ? "InvalidLifecycleEventHookExecutionIdException"
                : !STATUSES.contains(status) ? "InvalidLifecycleEventHookExecutionStatusException" : null;
        if (problem != null) {
            error(exchange, problem, "deployment " + deploymentId + ", execution " + executionId + ", status "
                    + status);
            return;
        }
        synchronized (this) {
            String previous = statuses.get(executionId);
            if (previous.equals("Succeeded") || previous.equals("Failed")) {
                error(exchange, "LifecycleEventAlreadyCompletedException", "the lifecycle event is already "
                        + previous);
                return;
            }
            statuses.put(executionId, status);
        }
        StatusReport report = new StatusReport(event, status);
        reports.add(report);
        listener.accept(report);
        LocalHttpServer.respond(exchange, 200, "application/x-amz-json-1.1", BatchJson.MAPPER.writeValueAsBytes(
                Map.of("lifecycleEventHookExecutionId", executionId)), Map.of());
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        LocalHttpServer.respond(exchange, 400, "application/x-amz-json-1.1", BatchJson.MAPPER.writeValueAsBytes(
                Map.of("__type", type, "message", message)), Map.of());
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
