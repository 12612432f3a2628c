package com.anycompany.scoring.config;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Endpoints follow the AWS SDKs' documented precedence (the service's {@code AWS_ENDPOINT_URL_<SERVICE>}, then
 * {@code AWS_ENDPOINT_URL}, none with {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}); the older SCORING_ names
 * still win; {@code AWS_REQUEST_CHECKSUM_CALCULATION} / {@code AWS_RESPONSE_CHECKSUM_VALIDATION} are applied.
 */
class AwsClientsTest {

    private static Optional<URI> s3Endpoint(Map<String, String> env) {
        return FunctionEnvironment.with(env, () -> {
            try (S3Client s3 = AwsClients.s3()) {
                return s3.serviceClientConfiguration().endpointOverride();
            }
        });
    }

    private static Optional<URI> sqsEndpoint(Map<String, String> env) {
        return FunctionEnvironment.with(env, () -> {
            try (SqsClient sqs = AwsClients.sqs()) {
                return sqs.serviceClientConfiguration().endpointOverride();
            }
        });
    }

    @Test
    void theServiceVariableWinsOverTheGlobalOne() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000");
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s3Endpoint(env));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:4566")), sqsEndpoint(env));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9324")),
                sqsEndpoint(Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324")));
    }

    @Test
    void ignoringConfiguredEndpointsAndTheOlderNames() {
        assertEquals(Optional.empty(), s3Endpoint(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:7000")), s3Endpoint(Map.of(
                "SCORING_AWS_ENDPOINT_S3", "http://127.0.0.1:7000", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")));
        // a blank SCORING_ variable (as template.yaml declares it for sam local invoke) is no endpoint
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s3Endpoint(Map.of(
                "SCORING_AWS_ENDPOINT_S3", "", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")));
        assertEquals(Optional.empty(), sqsEndpoint(Map.of("SCORING_AWS_ENDPOINT_SQS", "")));
    }

    @Test
    void checksumVariablesAreReadInAnyCase() {
        assertEquals(Optional.of(RequestChecksumCalculation.WHEN_REQUIRED), FunctionEnvironment.with(
                Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required"), AwsClients::requestChecksumCalculation));
        assertEquals(Optional.of(ResponseChecksumValidation.WHEN_SUPPORTED), FunctionEnvironment.with(
                Map.of("AWS_RESPONSE_CHECKSUM_VALIDATION", "WHEN_SUPPORTED"), AwsClients::responseChecksumValidation));
        assertEquals(Optional.empty(), FunctionEnvironment.with(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", " "),
                AwsClients::requestChecksumCalculation));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> FunctionEnvironment.with(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "sometimes"),
                        AwsClients::requestChecksumCalculation));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("when_required"), e.getMessage());
    }
}
