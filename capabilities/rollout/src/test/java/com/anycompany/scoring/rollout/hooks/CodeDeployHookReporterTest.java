package com.anycompany.scoring.rollout.hooks;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.LocalCodeDeploy;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * There is no local CodeDeploy: this checks the adapter sends CodeDeploy's wire format (AWS JSON 1.1, the
 * operation's X-Amz-Target, a SigV4 signature for service "codedeploy") and surfaces a refusal.
 */
class CodeDeployHookReporterTest {
    @Test
    void sendsPutLifecycleEventHookExecutionStatusAsTheServiceExpects() throws Exception {
        Map<String, String> seen = new HashMap<>();
        int[] status = {200};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.put("method", ex.getRequestMethod());
            seen.put("target", ex.getRequestHeaders().getFirst("X-Amz-Target"));
            seen.put("type", ex.getRequestHeaders().getFirst("Content-Type"));
            seen.put("auth", ex.getRequestHeaders().getFirst("Authorization"));
            seen.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = (status[0] == 200 ? "{\"lifecycleEventHookExecutionId\":\"exec-9\"}"
                    : "{\"__type\":\"LifecycleEventAlreadyCompletedException\",\"message\":\"already completed\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status[0], answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        try {
            CodeDeployHookReporter reporter = new CodeDeployHookReporter(UrlConnectionHttpClient.create(),
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
            reporter.report("d-ABC123", "exec-9", "Failed");
            assertEquals("POST", seen.get("method"));
            assertEquals("CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus", seen.get("target"));
            assertEquals("application/x-amz-json-1.1", seen.get("type"));
            assertTrue(seen.get("auth").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), seen.get("auth"));
            assertTrue(seen.get("auth").contains("/eu-west-1/codedeploy/aws4_request"), seen.get("auth"));
            JsonNode body = Json.MAPPER.readTree(seen.get("body"));
            assertEquals("d-ABC123", body.get("deploymentId").asText());
            assertEquals("exec-9", body.get("lifecycleEventHookExecutionId").asText());
            assertEquals("Failed", body.get("status").asText());

            status[0] = 400;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reporter.report("d-ABC123", "exec-9", "Succeeded"));
            assertTrue(e.getMessage().contains("LifecycleEventAlreadyCompletedException"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theLocalCodeDeployAcceptsOneStatusPerLifecycleEventAndRefusesTheRest() {
        try (LocalCodeDeploy codeDeploy = new LocalCodeDeploy()) {
            theLocalCodeDeployAnswers(codeDeploy);
        }
    }

    private static void theLocalCodeDeployAnswers(LocalCodeDeploy codeDeploy) {
        var event = codeDeploy.startLifecycleEvent("local-ServerlessDeploymentApplication-X", "local-FnDeploymentGroup-X",
                "Hook");
        CodeDeployHookReporter reporter = new CodeDeployHookReporter(UrlConnectionHttpClient.create(),
                URI.create(codeDeploy.endpoint()), "us-east-1", AwsClients.credentials(Optional.of("local")));
        reporter.report(event.deploymentId(), event.executionId(), "Succeeded");
        assertEquals(Optional.of("Succeeded"), codeDeploy.status(event.executionId()));
        assertEquals("arn:aws:codedeploy:us-east-1:000000000000:deploymentgroup:"
                + "local-ServerlessDeploymentApplication-X/local-FnDeploymentGroup-X", event.deploymentGroupArn());
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> reporter.report(event.deploymentId(), event.executionId(), "Failed"));
        assertTrue(again.getMessage().contains("LifecycleEventAlreadyCompletedException"), again.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> reporter.report("d-NOSUCH123", event.executionId(), "Failed"));
        assertTrue(unknown.getMessage().contains("DeploymentDoesNotExistException"), unknown.getMessage());
        assertEquals(Optional.of("Succeeded"), codeDeploy.status(event.executionId()), "refusals change nothing");
    }
}
