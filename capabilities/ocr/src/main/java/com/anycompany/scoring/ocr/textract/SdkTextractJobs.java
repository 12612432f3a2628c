package com.anycompany.scoring.ocr.textract;

import com.anycompany.scoring.config.AwsClients;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.DocumentLocation;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisRequest;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisResponse;
import software.amazon.awssdk.services.textract.model.NotificationChannel;
import software.amazon.awssdk.services.textract.model.OutputConfig;
import software.amazon.awssdk.services.textract.model.QueriesConfig;
import software.amazon.awssdk.services.textract.model.Query;
import software.amazon.awssdk.services.textract.model.Relationship;
import software.amazon.awssdk.services.textract.model.S3Object;
import software.amazon.awssdk.services.textract.model.StartDocumentAnalysisRequest;
import software.amazon.awssdk.services.textract.model.TextractException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link TextractJobs} over the AWS SDK v2 Textract client. Mapping only; no logic of its own. */
public final class SdkTextractJobs implements TextractJobs {
    /** Error codes that mean "this document / request will never work". */
    private static final Set<String> REJECTED = Set.of("UnsupportedDocumentException", "DocumentTooLargeException",
            "BadDocumentException", "InvalidS3ObjectException", "InvalidParameterException", "InvalidJobIdException",
            "InvalidKMSKeyException", "AccessDeniedException", "IdempotentParameterMismatchException");

    private final TextractClient client;

    public SdkTextractJobs(TextractClient client) {
        this.client = client;
    }

    /**
     * The client for the function's environment: Textract in AWS; with {@code SCORING_AWS_ENDPOINT_TEXTRACT} (or
     * {@code AWS_ENDPOINT_URL_TEXTRACT}) set, the Textract server at that endpoint (the local runtime's).
     */
    public static SdkTextractJobs create() {
        Optional<String> endpoint = AwsClients.endpoint(AwsClients.TEXTRACT_ENDPOINT, AwsClients.TEXTRACT_ENDPOINT_URL);
        var builder = TextractClient.builder().region(AwsClients.region())
                .credentialsProvider(AwsClients.credentials(endpoint))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(20)).build());
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return new SdkTextractJobs(builder.build());
    }

    @Override
    public String startDocumentAnalysis(AnalysisJobRequest r) {
        try {
            return client.startDocumentAnalysis(toSdk(r)).jobId();
        } catch (TextractException e) {
            throw translate("StartDocumentAnalysis", e);
        } catch (SdkClientException e) {
            throw new TextractUnavailableException("cannot reach Textract: " + e.getMessage(), e);
        }
    }

    @Override
    public TextractResponse getDocumentAnalysis(String jobId, Optional<String> nextToken) {
        try {
            GetDocumentAnalysisResponse response = client.getDocumentAnalysis(GetDocumentAnalysisRequest.builder()
                    .jobId(jobId).nextToken(nextToken.orElse(null)).maxResults(1000).build());
            return fromSdk(response);
        } catch (TextractException e) {
            throw translate("GetDocumentAnalysis", e);
        } catch (SdkClientException e) {
            throw new TextractUnavailableException("cannot reach Textract: " + e.getMessage(), e);
        }
    }

    /** The SDK request for a project request (public for tests of the mapping). */
    public static StartDocumentAnalysisRequest toSdk(AnalysisJobRequest r) {
        StartDocumentAnalysisRequest.Builder b = StartDocumentAnalysisRequest.builder()
                .documentLocation(DocumentLocation.builder().s3Object(S3Object.builder().bucket(r.bucket())
                        .name(r.key()).build()).build())
                .featureTypesWithStrings(r.featureTypes())
                .notificationChannel(NotificationChannel.builder().snsTopicArn(r.snsTopicArn()).roleArn(r.roleArn())
                        .build())
                .outputConfig(OutputConfig.builder().s3Bucket(r.outputBucket()).s3Prefix(r.outputPrefix()).build())
                .jobTag(r.jobTag())
                .clientRequestToken(r.clientRequestToken());
        if (!r.queries().isEmpty()) {
            b.queriesConfig(QueriesConfig.builder().queries(r.queries().stream().map(q -> Query.builder()
                    .text(q.text()).alias(q.alias()).build()).toList()).build());
        }
        return b.build();
    }

    /** The project's response for an SDK response (public for tests of the mapping). */
    public static TextractResponse fromSdk(GetDocumentAnalysisResponse r) {
        List<Block> blocks = new ArrayList<>();
        for (software.amazon.awssdk.services.textract.model.Block b : r.blocks()) {
            Map<String, List<String>> rels = new LinkedHashMap<>();
            for (Relationship rel : b.relationships()) {
                rels.computeIfAbsent(rel.typeAsString(), k -> new ArrayList<>()).addAll(rel.ids());
            }
            rels.replaceAll((k, v) -> List.copyOf(v));
            var bb = b.geometry() == null ? null : b.geometry().boundingBox();
            BoundingBox box = bb == null ? BoundingBox.NONE : new BoundingBox(f(bb.left()), f(bb.top()), f(bb.width()),
                    f(bb.height()));
            blocks.add(new Block(b.id(), b.blockTypeAsString(), b.text() == null ? "" : b.text(), f(b.confidence()),
                    b.page() == null ? 1 : Math.max(1, b.page()), List.copyOf(b.entityTypesAsStrings()), rels,
                    i(b.rowIndex()), i(b.columnIndex()), Math.max(1, i(b.rowSpan())), Math.max(1, i(b.columnSpan())),
                    b.selectionStatusAsString(), b.query() == null ? null : b.query().text(),
                    b.query() == null ? null : b.query().alias(), box));
        }
        List<String> warnings = r.warnings().stream().map(w -> "Textract warning " + w.errorCode() + " on pages "
                + w.pages()).toList();
        return new TextractResponse(Optional.ofNullable(r.jobStatusAsString()), Optional.ofNullable(r.statusMessage()),
                r.documentMetadata() == null || r.documentMetadata().pages() == null ? 0 : r.documentMetadata().pages(),
                Optional.ofNullable(r.nextToken()), List.copyOf(blocks), warnings);
    }

    private static RuntimeException translate(String call, TextractException e) {
        String code = e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode();
        String message = call + " failed: " + code + (e.awsErrorDetails() == null ? ""
                : " (" + e.awsErrorDetails().errorMessage() + ")");
        if (REJECTED.contains(code) || (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 429
                && !code.contains("Throughput") && !code.contains("Throttl") && !code.contains("LimitExceeded"))) {
            return new TextractRejectedException(code, message, e);
        }
        return new TextractUnavailableException(message, e);
    }

    private static double f(Float v) {
        return v == null ? 0 : v;
    }

    private static int i(Integer v) {
        return v == null ? 0 : v;
    }

}
