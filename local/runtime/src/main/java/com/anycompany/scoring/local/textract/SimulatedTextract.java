package com.anycompany.scoring.local.textract;

import com.anycompany.scoring.ocr.textract.AnalysisJobRequest;
import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractRejectedException;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

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
 * Textract's asynchronous API, simulated for local runs and tests (there is no local Textract server). It behaves
 * as the service does at its interface: StartDocumentAnalysis returns a 64-hex JobId and the same JobId for a
 * repeated ClientRequestToken; a job stays IN_PROGRESS until the test or the demo completes it with a response, which
 * is then written to the OutputConfig location as result pages {@code <prefix>/<JobId>/1..n} (at most
 * {@code blocksPerPage} blocks each, with NextToken, as GetDocumentAnalysis pages them) and announced by the
 * completion notification, wrapped in an SNS envelope, on the SQS queue subscribed to the topic. Failing a job
 * records its StatusMessage, which GetDocumentAnalysis then returns.
 */
public final class SimulatedTextract implements TextractJobs {
    private static final SimulatedTextract SHARED = new SimulatedTextract();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A started job: its request, status and (once complete) its result pages. */
    public record Job(String jobId, AnalysisJobRequest request, String status, String statusMessage,
                      List<ObjectNode> pages) {
    }

    private final Map<String, String> jobByToken = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong startCalls = new AtomicLong();
    private final AtomicLong clock = new AtomicLong(1_764_000_000_000L);

    /** The instance the local runtime's functions get (SCORING_TEXTRACT_ADAPTER=simulated). */
    public static SimulatedTextract shared() {
        return SHARED;
    }

    public synchronized void reset() {
        jobByToken.clear();
        jobs.clear();
        startCalls.set(0);
    }

    @Override
    public synchronized String startDocumentAnalysis(AnalysisJobRequest request) {
        startCalls.incrementAndGet();
        if (request.featureTypes().isEmpty()) {
            throw new TextractRejectedException("InvalidParameterException", "FeatureTypes is required", null);
        }
        String existing = jobByToken.get(request.clientRequestToken());
        if (existing != null) {
            return existing;
        }
        String jobId = sha256("job:" + request.clientRequestToken());
        jobByToken.put(request.clientRequestToken(), jobId);
        jobs.put(jobId, new Job(jobId, request, TextractResponse.IN_PROGRESS, null, List.of()));
        return jobId;
    }

    @Override
    public TextractResponse getDocumentAnalysis(String jobId, Optional<String> nextToken) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new TextractRejectedException("InvalidJobIdException", "no job " + jobId, null);
        }
        if (!job.status().equals(TextractResponse.SUCCEEDED)) {
            ObjectNode r = JSON.createObjectNode().put("JobStatus", job.status());
            if (job.statusMessage() != null) {
                r.put("StatusMessage", job.statusMessage());
            }
            return TextractResponses.parse(r, "simulated GetDocumentAnalysis " + jobId);
        }
        int index = nextToken.map(Integer::parseInt).orElse(0);
        if (index < 0 || index >= job.pages().size()) {
            throw new TextractRejectedException("InvalidParameterException", "bad NextToken", null);
        }
        return TextractResponses.parse(job.pages().get(index), "simulated GetDocumentAnalysis " + jobId);
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
