package com.anycompany.scoring.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The one place AWS SDK clients are built. With {@code SCORING_AWS_ENDPOINT_S3} / {@code SCORING_AWS_ENDPOINT_SQS}
 * set (the local runtime sets them), clients talk to those endpoints (S3Proxy, ElasticMQ) with path-style addressing
 * and checksums only when required; otherwise they use the Lambda environment's region and credentials.
 */
public final class AwsClients {
    public static final String S3_ENDPOINT = "SCORING_AWS_ENDPOINT_S3";
    public static final String SQS_ENDPOINT = "SCORING_AWS_ENDPOINT_SQS";

    private AwsClients() {
    }

    public static S3Client s3() {
        return s3(FunctionEnvironment.get(S3_ENDPOINT));
    }

    public static S3Client s3(Optional<String> endpoint) {
        var builder = S3Client.builder()
                .httpClient(http())
                .region(region());
        endpoint.ifPresentOrElse(e -> builder
                        .endpointOverride(URI.create(e))
                        .forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .credentialsProvider(localCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return builder.build();
    }

    public static SqsClient sqs() {
        return sqs(FunctionEnvironment.get(SQS_ENDPOINT));
    }

    public static SqsClient sqs(Optional<String> endpoint) {
        var builder = SqsClient.builder()
                .httpClient(http())
                .region(region());
        endpoint.ifPresentOrElse(e -> builder.endpointOverride(URI.create(e)).credentialsProvider(localCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return builder.build();
    }

    public static Region region() {
        return Region.of(FunctionEnvironment.get("AWS_REGION")
                .or(() -> FunctionEnvironment.get("AWS_DEFAULT_REGION"))
                .orElse("us-east-1"));
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static AwsCredentialsProvider localCredentials() {
        String key = FunctionEnvironment.getOrDefault("AWS_ACCESS_KEY_ID", "local");
        String secret = FunctionEnvironment.getOrDefault("AWS_SECRET_ACCESS_KEY", "local-secret");
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }
}
