package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.SqsEventSourcePoller;
import com.anycompany.scoring.local.demo.SyntheticPayStubs;
import com.anycompany.scoring.local.demo.SyntheticPayStubs.Variant;
import com.anycompany.scoring.local.textract.SimulatedTextract;
import com.anycompany.scoring.ocr.jobs.DocumentKeys;
import com.anycompany.scoring.ocr.jobs.DocumentStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's OCR stage, the asynchronous path end to end: synthetic pay stubs (and two uploads that must be
 * rejected) are put under documents/incoming/ and each S3 event goes through OcrStarterFunction (one event twice);
 * the simulated Textract then completes the jobs as the service would — result pages written to the OutputConfig
 * prefix, the SNS-wrapped completion notification sent to OcrCallbackQueue (one twice, one job FAILED) — and the
 * queue is drained through OcrCallbackFunction by the SQS event-source poller.
 */
final class OcrDemo {
    static final String STARTER = "OcrStarterFunction";
    static final String CALLBACK = "OcrCallbackFunction";
    static final String TEXTRACT_FAILURE = "Request has unsupported document format";
    private static final ObjectMapper JSON = Json.MAPPER;

    private record Upload(String key, byte[] bytes, String expected, SyntheticPayStubs.PayStub stub) {
    }

    private OcrDemo() {
    }

    static ObjectNode run(LocalRuntime rt, long seed, int documents, Consumer<String> progress) throws IOException {
        String bucket = rt.bucketName("DocumentBucket");
        String queue = rt.queueUrl("OcrCallbackQueue");
        String dlq = rt.queueUrl("OcrCallbackDeadLetterQueue");
        S3Client s3 = rt.aws().s3Client();
        SqsClient sqs = rt.aws().sqsClient();
        DocumentStore store = new DocumentStore(s3, bucket);
        for (String key : store.list("documents/")) {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
        for (String url : List.of(queue, dlq)) {
            sqs.purgeQueue(b -> b.queueUrl(url));
        }
        SimulatedTextract textract = SimulatedTextract.shared();
        textract.reset();

        List<Upload> uploads = uploads(seed, documents);
        progress.accept(String.format("OCR: uploading %d documents to s3://%s/%s and sending each S3 event through %s",
                uploads.size(), bucket, DocumentKeys.INCOMING, STARTER));
        LocalLambda starter = rt.function(STARTER);
        int startedEvents = 0;
        for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            var put = s3.putObject(b -> b.bucket(bucket).key(u.key()).contentType(contentType(u.key())),
                    RequestBody.fromBytes(u.bytes()));
            String event = s3Event(bucket, u.key(), u.bytes().length, put.eTag());
            int times = i == 0 ? 2 : 1; // S3 delivers at least once: the first event arrives twice
            for (int t = 0; t < times; t++) {
                LocalLambda.Invocation inv = starter.invoke(starter.parseEvent(event));
                if (inv.error() != null) {
                    throw new IllegalStateException(STARTER + " failed on " + u.key() + ": " + inv.error());
                }
                startedEvents++;
            }
        }
        List<SimulatedTextract.Job> jobs = textract.jobs();
        progress.accept(String.format("OCR: %d S3 events -> %d StartDocumentAnalysis calls -> %d Textract jobs; "
                + "completing them (result pages to %s/<JobId>/, SNS notification -> %s)", startedEvents,
                textract.startCalls(), jobs.size(), DocumentKeys.TEXTRACT, "OcrCallbackQueue"));
        Map<String, Upload> byKey = new LinkedHashMap<>();
        uploads.forEach(u -> byKey.put(u.key(), u));
        int notifications = 0;
        String duplicateOf = null;
        for (SimulatedTextract.Job job : jobs) {
            Upload u = byKey.get(job.request().key());
            if (u.expected().equals("failed")) {
                textract.fail(job.jobId(), TEXTRACT_FAILURE, sqs, queue);
            } else {
                textract.succeed(job.jobId(), u.stub().textract(), 40, s3, sqs, queue);
                duplicateOf = duplicateOf == null ? job.jobId() : duplicateOf;
            }
            notifications++;
        }
        if (duplicateOf != null) {
            textract.renotify(duplicateOf, sqs, queue); // SNS delivers at least once, too
            notifications++;
        }
        progress.accept(String.format("OCR: draining %d notifications through %s", notifications, CALLBACK));
        SqsEventSourcePoller.Stats stats;
        try (SqsEventSourcePoller poller = rt.poller(CALLBACK).visibilityTimeout(Duration.ofSeconds(20)).build()) {
            stats = poller.drainUntilEmpty(Duration.ofSeconds(10));
        }
        return summary(store, uploads, jobs.size(), textract.startCalls(), startedEvents, notifications, stats,
                rt.aws().queueDepth(dlq).total());
    }

    private static ObjectNode summary(DocumentStore store, List<Upload> uploads, int jobs, long startCalls,
                                      int events, int notifications, SqsEventSourcePoller.Stats stats, int deadLettered)
            throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("uploaded", uploads.size());
        o.put("s3_events", events);
        o.put("start_calls", startCalls);
        o.put("jobs_started", jobs);
        o.put("notifications", notifications);
        ArrayNode processed = o.putArray("processed");
        ObjectNode review = o.putObject("review");
        ObjectNode failed = o.putObject("failed");
        ObjectNode rejected = o.putObject("rejected");
        Map<String, String> outcomeOf = new LinkedHashMap<>();
        for (String key : store.list(DocumentKeys.PROCESSED)) {
            String id = id(key, DocumentKeys.PROCESSED);
            processed.add(id);
            outcomeOf.put(id, "processed");
        }
        for (String key : store.list(DocumentKeys.REVIEW)) {
            String id = id(key, DocumentKeys.REVIEW);
            ArrayNode reasons = review.putArray(id);
            JSON.readTree(store.read(key)).path("reasons").forEach(r -> reasons.add(
                    (r.hasNonNull("field") ? r.get("field").asText() + ": " : "") + r.path("message").asText()));
            outcomeOf.put(id, "review");
        }
        for (String key : store.list(DocumentKeys.FAILED)) {
            String id = id(key, DocumentKeys.FAILED);
            JsonNode f = JSON.readTree(store.read(key));
            failed.put(id, f.path("status").asText() + ": " + f.path("statusMessage").asText());
            outcomeOf.put(id, "failed");
        }
        for (String key : store.list(DocumentKeys.REJECTED)) {
            JsonNode r = JSON.readTree(store.read(key));
            rejected.put(r.path("key").asText(), r.path("code").asText() + ": " + r.path("reason").asText());
        }
        o.put("processed_count", processed.size());
        o.put("review_count", review.size());
        o.put("failed_count", failed.size());
        o.put("rejected_count", rejected.size());
        o.put("callback_invocations", stats.invocations());
        o.put("dead_lettered", deadLettered);
        List<String> mismatches = new ArrayList<>();
        for (Upload u : uploads) {
            String got;
            if (u.expected().equals("rejected")) {
                got = rejected.has(u.key()) ? "rejected" : "missing";
            } else {
                // the docId names nothing from the file name: derive it from the upload, as the starter does
                String docId = DocumentKeys.docId(store.bucket(), u.key(),
                        store.head(u.key()).map(DocumentStore.Head::etag).orElse(""));
                got = outcomeOf.getOrDefault(docId, "missing");
            }
            if (!got.equals(u.expected())) {
                mismatches.add(u.key() + ": expected " + u.expected() + ", got " + got);
            }
        }
        ArrayNode m = o.putArray("mismatches");
        mismatches.forEach(m::add);
        o.put("ok", mismatches.isEmpty() && jobs == uploads.size() - rejected.size() && deadLettered == 0
                && outcomeOf.size() == jobs);
        return o;
    }

    private static String id(String key, String prefix) {
        return key.substring(prefix.length()).replaceFirst("\\.json$", "");
    }

    private static List<Upload> uploads(long seed, int documents) {
        SyntheticPayStubs stubs = new SyntheticPayStubs(seed);
        List<Upload> out = new ArrayList<>();
        Variant[] review = {Variant.NET_ABOVE_GROSS, Variant.LOW_CONFIDENCE, Variant.BAD_SSN, Variant.YTD_BELOW_GROSS};
        for (int i = 0; i < documents; i++) {
            String id = String.format("stub-%04d", i + 1);
            boolean textractFails = i == documents - 1 && documents > 2;
            Variant v = textractFails || i >= review.length * 2 || i % 2 == 0 ? Variant.CLEAN : review[i / 2];
            SyntheticPayStubs.PayStub stub = stubs.next(id, v);
            String key = DocumentKeys.INCOMING + (i % 3 == 0 ? "paystub/" : "") + id + ".pdf";
            String expected = textractFails ? "failed" : v == Variant.CLEAN ? "processed" : "review";
            out.add(new Upload(key, stub.pdf(), expected, stub));
        }
        out.add(new Upload(DocumentKeys.INCOMING + "offer-letter.docx", "PK\3\4 not a scan".getBytes(StandardCharsets.UTF_8),
                "rejected", null));
        out.add(new Upload(DocumentKeys.INCOMING + "blank-scan.png", new byte[0], "rejected", null));
        return out;
    }

    static String contentType(String key) {
        return switch (DocumentKeys.extension(key)) {
            case "pdf" -> "application/pdf";
            case "png" -> "image/png";
            default -> "application/octet-stream";
        };
    }

    /** The S3 ObjectCreated:Put event S3 sends for the upload (keys URL-encoded as S3 does). */
    static String s3Event(String bucket, String key, long size, String etag) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                .put("eventTime", "2026-11-25T12:00:00.000Z").put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "LOCAL");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", "LOCAL");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "OcrStarterUploads");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket)
                .putObject("ownerIdentity").put("principalId", "LOCAL");
        s3.putObject("object").put("key", java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", size).put("eTag", etag.replace("\"", "")).put("sequencer", "0A1B2C3D4E5F678901");
        ObjectNode root = JSON.createObjectNode();
        root.putArray("Records").add(record);
        return root.toString();
    }

    static void printHuman(java.io.PrintWriter out, JsonNode o) {
        out.println();
        out.println("OCR stage: asynchronous documents, upload -> Textract job -> SNS/SQS -> callback "
                + "(Textract simulated locally, real formats)");
        out.printf("  uploaded         %d documents (%d S3 events incl. a duplicate -> %d start calls -> %d jobs)%n",
                o.get("uploaded").asInt(), o.get("s3_events").asInt(), o.get("start_calls").asInt(),
                o.get("jobs_started").asInt());
        out.printf("  notifications    %d delivered through OcrCallbackQueue (incl. a duplicate), %d callback "
                + "invocations, %d dead-lettered%n", o.get("notifications").asInt(),
                o.get("callback_invocations").asInt(), o.get("dead_lettered").asInt());
        out.printf("  processed        %d  %s%n", o.get("processed_count").asInt(), o.get("processed"));
        out.printf("  sent to review   %d%n", o.get("review_count").asInt());
        o.get("review").fields().forEachRemaining(e -> {
            List<String> reasons = new ArrayList<>();
            e.getValue().forEach(r -> reasons.add(r.asText()));
            out.printf("    %-26s %s%n", e.getKey(), String.join("; ", reasons));
        });
        out.printf("  failed           %d%n", o.get("failed_count").asInt());
        o.get("failed").fields().forEachRemaining(e -> out.printf("    %-26s %s%n", e.getKey(), e.getValue().asText()));
        out.printf("  rejected         %d%n", o.get("rejected_count").asInt());
        o.get("rejected").fields().forEachRemaining(e -> out.printf("    %-26s %s%n", e.getKey(), e.getValue().asText()));
        out.println(o.get("ok").asBoolean()
                ? "  check            OK: every upload has exactly one outcome (processed / review / failed / "
                + "rejected), duplicates changed nothing"
                : "  check            FAILED: " + o.get("mismatches"));
    }
}
