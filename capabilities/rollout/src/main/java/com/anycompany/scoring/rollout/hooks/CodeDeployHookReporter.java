package com.anycompany.scoring.rollout.hooks;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Thin adapter for CodeDeploy's {@code PutLifecycleEventHookExecutionStatus}: the service's own wire format (AWS JSON
 * 1.1, {@code X-Amz-Target: CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus}, SigV4 with the SDK's signer),
 * sent with the SDK's HTTP client. Maven Central does not serve the SDK's codedeploy module here, so this adapter
 * speaks the protocol directly; the request is exactly what the SDK client would send.
 */
public final class CodeDeployHookReporter implements LifecycleStatusReporter {
    static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";
    private static final ObjectMapper JSON = Json.MAPPER;

    private final SdkHttpClient http;
    private final URI endpoint;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;

    public CodeDeployHookReporter(SdkHttpClient http, URI endpoint, String region,
                                  IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** {@code https://codedeploy.<region>.amazonaws.com} */
    public static URI endpointFor(String region) {
        return URI.create("https://codedeploy." + region + ".amazonaws.com");
    }

    @Override
    public void report(String deploymentId, String lifecycleEventHookExecutionId, String status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("deploymentId", deploymentId);
        body.put("lifecycleEventHookExecutionId", lifecycleEventHookExecutionId);
        body.put("status", status);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "codedeploy")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int code = response.httpResponse().statusCode();
            if (code / 100 != 2) {
                String error = "";
                if (response.responseBody().isPresent()) {
                    try (InputStream in = response.responseBody().get()) {
                        error = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
                throw new IllegalStateException("CodeDeploy refused PutLifecycleEventHookExecutionStatus (HTTP "
                        + code + "): " + error);
            }
            response.responseBody().ifPresent(in -> {
                try (in) {
                    in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach CodeDeploy at " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
