package com.anycompany.scoring.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
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
import java.util.Locale;
import java.util.Optional;

/**
 * The one place the S3 and SQS clients are built, from the function's environment ({@link FunctionEnvironment}), and
 * where the other services' endpoints are read ({@link #TEXTRACT_ENDPOINT}, {@link #LAMBDA_ENDPOINT},
 * {@link #CODEDEPLOY_ENDPOINT} with their {@code AWS_ENDPOINT_URL_<SERVICE>} forms, through {@link #endpoint}).
 *
 * <p>Endpoints follow the AWS SDKs' standard variables: {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL_SQS},
 * else {@code AWS_ENDPOINT_URL}, all ignored when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}. The older
 * {@code SCORING_AWS_ENDPOINT_S3} / {@code SCORING_AWS_ENDPOINT_SQS} still work and win. With an endpoint
 * configured (S3Proxy, ElasticMQ, or the same servers behind {@code sam local invoke}), S3 uses path-style addressing
 * ({@code SCORING_S3_PATH_STYLE=false} turns it off), checksums are computed and validated only when required, and the
 * credentials are the environment's {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}
 * ({@code AWS_SESSION_TOKEN}), else dummy ones. {@code AWS_REQUEST_CHECKSUM_CALCULATION} and
 * {@code AWS_RESPONSE_CHECKSUM_VALIDATION} ({@code when_supported} / {@code when_required}) override the checksum
 * behaviour either way. Without an endpoint the clients use the Lambda environment's region and credentials.
 */
public final class AwsClients {
    /** Older name for the S3 endpoint; honoured before the standard variables. */
    public static final String S3_ENDPOINT = "SCORING_AWS_ENDPOINT_S3";
    /** Older name for the SQS endpoint; honoured before the standard variables. */
    public static final String SQS_ENDPOINT = "SCORING_AWS_ENDPOINT_SQS";
    public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String S3_ENDPOINT_URL = "AWS_ENDPOINT_URL_S3";
    public static final String SQS_ENDPOINT_URL = "AWS_ENDPOINT_URL_SQS";
    /** Textract's endpoint (the local runtime's Textract server); empty in AWS. */
    public static final String TEXTRACT_ENDPOINT = "SCORING_AWS_ENDPOINT_TEXTRACT";
    public static final String TEXTRACT_ENDPOINT_URL = "AWS_ENDPOINT_URL_TEXTRACT";
    /** Lambda's endpoint (the local runtime's Invoke API server, for the deployment hooks); empty in AWS. */
    public static final String LAMBDA_ENDPOINT = "SCORING_AWS_ENDPOINT_LAMBDA";
    public static final String LAMBDA_ENDPOINT_URL = "AWS_ENDPOINT_URL_LAMBDA";
    /** CodeDeploy's endpoint (the local runtime's CodeDeploy server, for the deployment hooks); empty in AWS. */
    public static final String CODEDEPLOY_ENDPOINT = "SCORING_AWS_ENDPOINT_CODEDEPLOY";
    public static final String CODEDEPLOY_ENDPOINT_URL = "AWS_ENDPOINT_URL_CODEDEPLOY";
    public static final String IGNORE_CONFIGURED_ENDPOINT_URLS = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    public static final String REQUEST_CHECKSUM_CALCULATION = "AWS_REQUEST_CHECKSUM_CALCULATION";
    public static final String RESPONSE_CHECKSUM_VALIDATION = "AWS_RESPONSE_CHECKSUM_VALIDATION";
    public static final String S3_PATH_STYLE = "SCORING_S3_PATH_STYLE";

    private AwsClients() {
    }

    public static S3Client s3() {
        return s3(endpoint(S3_ENDPOINT, S3_ENDPOINT_URL));
    }

    public static S3Client s3(Optional<String> endpoint) {
        var builder = S3Client.builder()
                .httpClient(http())
                .region(region());
        endpoint.ifPresentOrElse(e -> builder
                        .endpointOverride(URI.create(e))
                        .forcePathStyle(Boolean.parseBoolean(FunctionEnvironment.getOrDefault(S3_PATH_STYLE, "true")))
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .credentialsProvider(endpointCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        requestChecksumCalculation().ifPresent(builder::requestChecksumCalculation);
        responseChecksumValidation().ifPresent(builder::responseChecksumValidation);
        return builder.build();
    }

    /** {@code AWS_REQUEST_CHECKSUM_CALCULATION}: when_supported or when_required (any case). */
    static Optional<RequestChecksumCalculation> requestChecksumCalculation() {
        return FunctionEnvironment.get(REQUEST_CHECKSUM_CALCULATION)
                .map(v -> parse(REQUEST_CHECKSUM_CALCULATION, RequestChecksumCalculation.class, v));
    }

    /** {@code AWS_RESPONSE_CHECKSUM_VALIDATION}: when_supported or when_required (any case). */
    static Optional<ResponseChecksumValidation> responseChecksumValidation() {
        return FunctionEnvironment.get(RESPONSE_CHECKSUM_VALIDATION)
                .map(v -> parse(RESPONSE_CHECKSUM_VALIDATION, ResponseChecksumValidation.class, v));
    }

    private static <T extends Enum<T>> T parse(String variable, Class<T> type, String raw) {
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + "=" + raw + " is not when_supported or when_required; fix the "
                    + "function's environment", e);
        }
    }

    public static SqsClient sqs() {
        return sqs(endpoint(SQS_ENDPOINT, SQS_ENDPOINT_URL));
    }

    public static SqsClient sqs(Optional<String> endpoint) {
        var builder = SqsClient.builder()
                .httpClient(http())
                .region(region());
        endpoint.ifPresentOrElse(
                e -> builder.endpointOverride(URI.create(e)).credentialsProvider(endpointCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return builder.build();
    }

    /**
     * The endpoint the environment configures for a service: {@code legacy} (a SCORING_ variable), else the service's
     * {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}, unless
     * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}.
     */
    public static Optional<String> endpoint(String legacy, String serviceVariable) {
        Optional<String> own = FunctionEnvironment.get(legacy);
        if (own.isPresent()) {
            return own;
        }
        if (FunctionEnvironment.get(IGNORE_CONFIGURED_ENDPOINT_URLS).map(Boolean::parseBoolean).orElse(false)) {
            return Optional.empty();
        }
        return FunctionEnvironment.get(serviceVariable).or(() -> FunctionEnvironment.get(ENDPOINT_URL));
    }

    /**
     * The credentials for a client of {@code endpoint}: the environment's static keys (else dummy ones) for a local
     * endpoint, the Lambda environment's chain without one.
     */
    public static AwsCredentialsProvider credentials(Optional<String> endpoint) {
        return endpoint.isPresent() ? endpointCredentials() : DefaultCredentialsProvider.builder().build();
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

    private static AwsCredentialsProvider endpointCredentials() {
        String key = FunctionEnvironment.getOrDefault("AWS_ACCESS_KEY_ID", "local");
        String secret = FunctionEnvironment.getOrDefault("AWS_SECRET_ACCESS_KEY", "local-secret");
        return StaticCredentialsProvider.create(FunctionEnvironment.get("AWS_SESSION_TOKEN")
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                        token -> AwsSessionCredentials.create(key, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(key, secret)));
    }
}
