package com.anycompany.scoring.local.textract;

import com.anycompany.scoring.local.LocalHttpServer;
import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.ocr.textract.AnalysisJobRequest;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local Textract: a thin HTTP server on 127.0.0.1 that speaks the service's real wire protocol (AWS JSON 1.1:
 * {@code POST /}, {@code X-Amz-Target: Textract.StartDocumentAnalysis} / {@code Textract.GetDocumentAnalysis}, the
 * request and response bodies of the API reference, errors as {@code {"__type", "Message"}} with HTTP 400), so the
 * functions reach it with the real SDK {@code TextractClient} through {@code SCORING_AWS_ENDPOINT_TEXTRACT}. It does
 * no OCR. It behaves as the service does at that interface: StartDocumentAnalysis returns a 64-hex JobId, the same
 * JobId for a repeated ClientRequestToken, and refuses a request without FeatureTypes; a job stays IN_PROGRESS until
 * the test or the demo completes it with a response ({@link #succeed}), which is then written to the OutputConfig
 * location as result pages {@code <prefix>/<JobId>/1..n} (at most {@code blocksPerPage} blocks each, with NextToken,
 * as GetDocumentAnalysis pages them) and announced by the completion notification, wrapped in an SNS envelope, on the
 * SQS queue subscribed to the topic. Failing a job ({@link #fail}) records its StatusMessage, which
 * GetDocumentAnalysis then returns. One instance per JVM ({@link #shared()}), started on first use.
 */
public final class SimulatedTextract {
    private static final SimulatedTextract SHARED = new SimulatedTextract();
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String TARGET_PREFIX = "Textract.";

    /** A started job: its request, status and (once complete) its result pages. */
    public record Job(String jobId, AnalysisJobRequest request, String status, String statusMessage,
                      List<ObjectNode> pages) {
    }

    /** An error Textract answers with (HTTP 400 and {@code __type}). */
    private static final class TextractError extends RuntimeException {
        private final String type;

        TextractError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private final Map<String, String> jobByToken = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong startCalls = new AtomicLong();
    private final AtomicLong clock = new AtomicLong(1_764_000_000_000L);
    private LocalHttpServer server;

    /** The process-wide local Textract (the local runtime points its functions at {@link #endpoint()}). */
    public static SimulatedTextract shared() {
        return SHARED;
    }

    /** The server's endpoint, {@code http://127.0.0.1:<port>}; starts the server on first use. */
    public synchronized String endpoint() {
        if (server == null) {
            server = LocalHttpServer.start("local-textract", this::handle);
        }
        return server.endpoint();
    }

    public synchronized void reset() {
        jobByToken.clear();
        jobs.clear();
        startCalls.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        ObjectNode answer;
        try {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
                throw new TextractError("UnknownOperationException", "Textract takes POST / only");
            }
            if (!LocalHttpServer.signedFor(exchange, "textract")) {
                throw new TextractError("MissingAuthenticationTokenException",
                        "the request is not signed with SigV4 for service textract");
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            answer = switch (target == null ? "" : target) {
                case TARGET_PREFIX + "StartDocumentAnalysis" -> start(body);
                case TARGET_PREFIX + "GetDocumentAnalysis" -> get(body);
                default -> throw new TextractError("UnknownOperationException", "the local Textract implements "
                        + "StartDocumentAnalysis and GetDocumentAnalysis, not " + target);
            };
        } catch (TextractError e) {
            status = 400;
            answer = JSON.createObjectNode().put("__type", e.type).put("Message", e.getMessage());
        } catch (IOException | RuntimeException e) {
            status = 400;
            answer = JSON.createObjectNode().put("__type", "InvalidParameterException")
                    .put("Message", "unreadable request: " + e.getClass().getSimpleName());
        }
        LocalHttpServer.respond(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString()));
    }

    /** StartDocumentAnalysis: the request body of the API reference → {@code {"JobId"}}. */
    private synchronized ObjectNode start(JsonNode body) {
        startCalls.incrementAndGet();
        AnalysisJobRequest request = request(body);
        if (request.featureTypes().isEmpty()) {
            throw new TextractError("InvalidParameterException", "FeatureTypes is required");
        }
        if (request.bucket().isEmpty() || request.key().isEmpty()) {
            throw new TextractError("InvalidParameterException", "DocumentLocation.S3Object is required");
        }
        String token = request.clientRequestToken() == null ? UUID.randomUUID().toString()
                : request.clientRequestToken();
        String jobId = jobByToken.computeIfAbsent(token, t -> sha256("job:" + t));
        jobs.putIfAbsent(jobId, new Job(jobId, request, TextractResponse.IN_PROGRESS, null, List.of()));
        return JSON.createObjectNode().put("JobId", jobId);
    }

    /** GetDocumentAnalysis: {@code {"JobId", "NextToken", "MaxResults"}} → the job's status or one result page. */
    private ObjectNode get(JsonNode body) {
        String jobId = body.path("JobId").asText("");
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new TextractError("InvalidJobIdException", "no job " + jobId);
        }
        if (!job.status().equals(TextractResponse.SUCCEEDED)) {
            ObjectNode r = JSON.createObjectNode().put("JobStatus", job.status());
            if (job.statusMessage() != null) {
                r.put("StatusMessage", job.statusMessage());
            }
            return r;
        }
        int index;
        try {
            index = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= job.pages().size()) {
            throw new TextractError("InvalidParameterException", "bad NextToken");
        }
        return job.pages().get(index);
    }

    private static AnalysisJobRequest request(JsonNode b) {
        JsonNode s3 = b.path("DocumentLocation").path("S3Object");
        List<String> features = new ArrayList<>();
        b.path("FeatureTypes").forEach(f -> features.add(f.asText()));
        List<AnalysisJobRequest.Query> queries = new ArrayList<>();
        b.path("QueriesConfig").path("Queries").forEach(q -> queries.add(new AnalysisJobRequest.Query(
                q.path("Text").asText(), q.hasNonNull("Alias") ? q.get("Alias").asText() : null)));
        JsonNode channel = b.path("NotificationChannel");
        JsonNode output = b.path("OutputConfig");
        return new AnalysisJobRequest(s3.path("Bucket").asText(""), s3.path("Name").asText(""), List.copyOf(features),
                List.copyOf(queries), text(channel, "SNSTopicArn"), text(channel, "RoleArn"),
                text(output, "S3Bucket"), text(output, "S3Prefix"), text(b, "JobTag"), text(b, "ClientRequestToken"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    public long startCalls() {
        return startCalls.get();
    }

    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    public Optional<Job> jobFor(String bucket, String key) {
        return jobs.values().stream().filter(j -> j.request().bucket().equals(bucket) && j.request().key().equals(key))
                .findFirst();
    }

    /**
     * Completes a job with {@code response} (an AnalyzeDocument/GetDocumentAnalysis JSON): writes the OutputConfig
     * pages to S3 and sends the SUCCEEDED notification to {@code queueUrl}, SNS-wrapped. Returns the notification body.
     */
    public String succeed(String jobId, JsonNode response, int blocksPerPage, S3Client s3, SqsClient sqs,
                          String queueUrl) {
        Job job = require(jobId);
        List<ObjectNode> pages = paginate(response, blocksPerPage);
        AnalysisJobRequest r = job.request();
        for (int i = 0; i < pages.size(); i++) {
            String key = r.outputPrefix() + "/" + jobId + "/" + (i + 1);
            byte[] bytes = pages.get(i).toString().getBytes(StandardCharsets.UTF_8);
            s3.putObject(b -> b.bucket(r.outputBucket()).key(key).contentType("application/json"),
                    RequestBody.fromBytes(bytes));
        }
        jobs.put(jobId, new Job(jobId, r, TextractResponse.SUCCEEDED, null, pages));
        return notify(job, TextractResponse.SUCCEEDED, sqs, queueUrl);
    }

    /** Fails a job with Textract's status message and sends the FAILED notification. */
    public String fail(String jobId, String statusMessage, SqsClient sqs, String queueUrl) {
        Job job = require(jobId);
        jobs.put(jobId, new Job(jobId, job.request(), TextractResponse.FAILED, statusMessage, List.of()));
        return notify(job, TextractResponse.FAILED, sqs, queueUrl);
    }

    /** Sends the notification for the job's current status again (SNS delivers at least once). */
    public String renotify(String jobId, SqsClient sqs, String queueUrl) {
        Job job = require(jobId);
        return notify(job, job.status(), sqs, queueUrl);
    }

    /** Textract's completion message (what it publishes to the topic). */
    public String completionMessage(Job job, String status) {
        ObjectNode m = JSON.createObjectNode();
        m.put("JobId", job.jobId());
        m.put("Status", status);
        m.put("API", "StartDocumentAnalysis");
        m.put("JobTag", job.request().jobTag());
        m.put("Timestamp", clock.incrementAndGet());
        m.putObject("DocumentLocation").put("S3ObjectName", job.request().key())
                .put("S3Bucket", job.request().bucket());
        return m.toString();
    }

    /** The SQS body SNS delivers for a message published to {@code topicArn} (raw message delivery off). */
    public static String snsEnvelope(String topicArn, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Type", "Notification");
        n.put("MessageId", UUID.nameUUIDFromBytes(message.getBytes(StandardCharsets.UTF_8)).toString());
        n.put("TopicArn", topicArn);
        n.put("Message", message);
        n.put("Timestamp", "2026-11-25T12:00:00.000Z");
        n.put("SignatureVersion", "1");
        n.put("Signature", "c2ltdWxhdGVk");
        n.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-local.pem");
        n.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + topicArn + ":local");
        return n.toString();
    }

    /** Splits a response into GetDocumentAnalysis pages of at most {@code blocksPerPage} blocks, linked by NextToken. */
    public static List<ObjectNode> paginate(JsonNode response, int blocksPerPage) {
        JsonNode blocks = response.path("Blocks");
        int n = Math.max(1, (blocks.size() + blocksPerPage - 1) / blocksPerPage);
        List<ObjectNode> pages = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            ObjectNode page = JSON.createObjectNode();
            page.set("DocumentMetadata", response.path("DocumentMetadata").deepCopy());
            page.put("JobStatus", response.path("JobStatus").asText(TextractResponse.SUCCEEDED));
            if (p + 1 < n) {
                page.put("NextToken", String.valueOf(p + 1));
            }
            ArrayNode part = page.putArray("Blocks");
            for (int i = p * blocksPerPage; i < Math.min(blocks.size(), (p + 1) * blocksPerPage); i++) {
                part.add(blocks.get(i));
            }
            page.put("AnalyzeDocumentModelVersion", response.path("AnalyzeDocumentModelVersion").asText("1.0"));
            pages.add(page);
        }
        return pages;
    }

    private String notify(Job job, String status, SqsClient sqs, String queueUrl) {
        String body = snsEnvelope(job.request().snsTopicArn(), completionMessage(job, status));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        return body;
    }

    private Job require(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("no simulated Textract job " + jobId);
        }
        return job;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
