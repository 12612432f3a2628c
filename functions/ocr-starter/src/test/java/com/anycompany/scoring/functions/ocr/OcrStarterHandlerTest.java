package com.anycompany.scoring.functions.ocr;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.local.LambdaTestContext;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.privacy.Canaries;
import com.anycompany.scoring.local.demo.SyntheticPayStubs;
import com.anycompany.scoring.local.textract.SimulatedTextract;
import com.anycompany.scoring.ocr.jobs.DocumentKeys;
import com.anycompany.scoring.ocr.textract.AnalysisJobRequest;
import com.anycompany.scoring.ocr.textract.SdkTextractJobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.textract.model.StartDocumentAnalysisRequest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OCR starter on real S3Proxy with the simulated Textract (no local Textract server exists). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OcrStarterHandlerTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "documentbucket";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:TextractCompletionTopic";
    private static final String ROLE = "arn:aws:iam::000000000000:role/TextractPublishRole";

    private LocalAws aws;

    @BeforeAll
    void start(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    @BeforeEach
    void resetTextract() {
        SimulatedTextract.shared().reset();
    }

    private OcrStarterHandler handler(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("TEXTRACT_SNS_TOPIC_ARN", TOPIC);
        env.put("TEXTRACT_ROLE_ARN", ROLE);
        env.putAll(extra);
        return FunctionEnvironment.with(env, OcrStarterHandler::new);
    }

    private void put(String key, byte[] bytes) {
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    /** The template event for another key (S3 URL-encodes keys in events: a space is '+'). */
    private static S3Event eventFor(S3Event template, String key) {
        var r = template.getRecords().get(0);
        var object = new com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity(
                key.replace(" ", "+"), 1L, "etag", null, "0A1B");
        var s3 = new com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity(
                r.getS3().getConfigurationId(), r.getS3().getBucket(), object, r.getS3().getS3SchemaVersion());
        return new S3Event(List.of(new com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification
                .S3EventNotificationRecord(r.getAwsRegion(), r.getEventName(), r.getEventSource(), null,
                r.getEventVersion(), r.getRequestParameters(), r.getResponseElements(), s3, r.getUserIdentity())));
    }

    /**
     * Privacy canary: a file name is often the person's name. Uploads named after a person (one started, one
     * rejected) put no name, SSN or salary into a log line or the Textract job's id.
     */
    @ParameterizedTest
    @Event(value = "s3-put-document.json", type = S3Event.class)
    void aDocumentNamedAfterAPersonLeavesNoNameInTheLogsOrTheJobId(S3Event template) {
        SyntheticPayStubs.PayStub stub = new SyntheticPayStubs(3).next("stub-0003", SyntheticPayStubs.Variant.CLEAN);
        String started = "documents/incoming/paystub/" + Canaries.fileName(".pdf");
        String rejected = "documents/incoming/" + Canaries.NAME_2.replace(' ', '_') + "_" + Canaries.IBAN + ".docx";
        put(started, stub.pdf());
        put(rejected, stub.pdf());
        OcrStarterHandler handler = handler(Map.of());
        var first = Canaries.capture(() -> handler.handleRequest(eventFor(template, started), new LambdaTestContext()));
        var second = Canaries.capture(() -> handler.handleRequest(eventFor(template, rejected), new LambdaTestContext()));
        assertEquals(null, first.error(), () -> String.valueOf(first.error()));
        assertEquals(1, SimulatedTextract.shared().jobs().size(), "the new document's job was started");
        String jobTag = SimulatedTextract.shared().jobs().get(0).request().jobTag();
        assertTrue(first.output().contains("textract job started"), first.output());
        assertTrue(second.output().contains("document rejected"), second.output());
        assertEquals(List.of(), Canaries.found(first.everything() + second.everything() + jobTag),
                first.output() + second.output());
    }

    @ParameterizedTest
    @Event(value = "s3-put-document.json", type = S3Event.class)
    void aDuplicateUploadEventStartsOneJobWithFormsTablesAndTheTypesQueries(S3Event event) {
        SyntheticPayStubs.PayStub stub = new SyntheticPayStubs(1).next("stub-0001", SyntheticPayStubs.Variant.CLEAN);
        String key = "documents/incoming/paystub/stub-0001.pdf";
        put(key, stub.pdf());
        OcrStarterHandler handler = handler(Map.of());

        Map<String, Object> first = handler.handleRequest(event, new LambdaTestContext());
        Map<String, Object> second = handler.handleRequest(event, new LambdaTestContext());

        SimulatedTextract textract = SimulatedTextract.shared();
        assertEquals(2, textract.startCalls());
        assertEquals(1, textract.jobs().size(), "the same ClientRequestToken: one job");
        assertEquals(first.get("started"), second.get("started"));
        AnalysisJobRequest r = textract.jobs().get(0).request();
        assertEquals(List.of("FORMS", "TABLES", "QUERIES"), r.featureTypes());
        assertEquals(3, r.queries().size());
        assertEquals(TOPIC, r.snsTopicArn());
        assertEquals(ROLE, r.roleArn());
        assertEquals(BUCKET, r.outputBucket());
        assertEquals("documents/textract", r.outputPrefix());
        assertTrue(r.clientRequestToken().matches("[0-9a-f]{64}"));
        assertTrue(DocumentKeys.isDocId(r.jobTag()), r.jobTag());
        assertTrue(r.jobTag().startsWith("doc-"), "the id names nothing from the file name: " + r.jobTag());

        // the same request as the SDK sends it
        StartDocumentAnalysisRequest sdk = SdkTextractJobs.toSdk(r);
        assertEquals(key, sdk.documentLocation().s3Object().name());
        assertEquals(List.of("FORMS", "TABLES", "QUERIES"), sdk.featureTypesAsStrings());
        assertEquals(TOPIC, sdk.notificationChannel().snsTopicArn());
        assertEquals("documents/textract", sdk.outputConfig().s3Prefix());
        assertEquals(r.jobTag(), sdk.jobTag());
        assertEquals("gross_pay", sdk.queriesConfig().queries().get(0).alias());
    }

    @ParameterizedTest
    @Event(value = "s3-put-document.json", type = S3Event.class)
    void unsupportedEmptyOversizeAndDisguisedFilesAreRejectedWithAReason(S3Event template) throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
        put("documents/incoming/offer letter.docx", "PK\3\4 word".getBytes());
        put("documents/incoming/blank.png", new byte[0]);
        put("documents/incoming/huge.png", new byte[4096]);
        put("documents/incoming/not-a.pdf", png);
        put("documents/incoming/fine.png", png);
        OcrStarterHandler handler = handler(Map.of("OCR_MAX_IMAGE_BYTES", "1024"));
        Map<String, String> expected = Map.of(
                "documents/incoming/offer letter.docx", "unsupported_type",
                "documents/incoming/blank.png", "empty",
                "documents/incoming/huge.png", "oversize",
                "documents/incoming/not-a.pdf", "unsupported_type");
        for (var e : expected.entrySet()) {
            Map<String, Object> out = handler.handleRequest(eventFor(template, e.getKey()), new LambdaTestContext());
            assertEquals(List.of(), out.get("started"), e.getKey());
            JsonNode rejected = JSON.readTree(aws.s3Client().getObjectAsBytes(b -> b.bucket(BUCKET)
                    .key(DocumentKeys.rejectedKey(e.getKey()))).asByteArray());
            assertEquals(e.getValue(), rejected.get("code").asText(), e.getKey());
            assertEquals(e.getKey(), rejected.get("key").asText());
        }
        assertEquals("documents/rejected/offer letter.docx.json", DocumentKeys.rejectedKey("documents/incoming/offer letter.docx"));
        assertEquals(0, SimulatedTextract.shared().jobs().size());

        Map<String, Object> ok = handler.handleRequest(eventFor(template, "documents/incoming/fine.png"), new LambdaTestContext());
        assertEquals(1, ((List<?>) ok.get("started")).size());
        assertEquals(List.of("FORMS", "TABLES"), SimulatedTextract.shared().jobs().get(0).request().featureTypes(),
                "no declared type, no QUERIES");
    }

    /** A key whose URL encoding is broken names no object: it is skipped with the reason, the batch goes on. */
    @ParameterizedTest
    @Event(value = "s3-put-document.json", type = S3Event.class)
    void aBrokenlyEncodedKeyIsSkippedWithAReasonNotACrash(S3Event template) {
        OcrStarterHandler handler = handler(Map.of());
        Map<String, Object> out = handler.handleRequest(eventFor(template, "documents/incoming/a%zz.pdf"),
                new LambdaTestContext());
        assertEquals(List.of(), out.get("started"));
        assertEquals(List.of(Map.of("key", "documents/incoming/a%zz.pdf", "reason", "key 'documents/incoming/a%zz.pdf'"
                + " has '%zz' at position 20, which is not a %XX escape")), out.get("skipped"));
        assertEquals(0, SimulatedTextract.shared().startCalls());
    }

    /** Issue 18: a failed job can be retried by uploading the same bytes again; a late duplicate event cannot. */
    @ParameterizedTest
    @Event(value = "s3-put-document.json", type = S3Event.class)
    void aFailedDocumentIsAnalysedAgainWhenTheSameBytesAreUploadedAgain(S3Event template) throws Exception {
        SyntheticPayStubs.PayStub stub = new SyntheticPayStubs(3).next("stub-retry", SyntheticPayStubs.Variant.CLEAN);
        String key = "documents/incoming/paystub/stub-retry.pdf";
        put(key, stub.pdf());
        OcrStarterHandler handler = handler(Map.of());
        S3Event event = eventFor(template, key);
        handler.handleRequest(event, new LambdaTestContext());
        SimulatedTextract textract = SimulatedTextract.shared();
        AnalysisJobRequest first = textract.jobs().get(0).request();
        // what the callback writes when Textract reports FAILED
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key(DocumentKeys.FAILED + first.jobTag() + ".json"),
                RequestBody.fromString("{\"status\":\"FAILED\"}"));

        Map<String, Object> late = handler.handleRequest(event, new LambdaTestContext()); // the old upload's event again
        assertEquals(1, textract.jobs().size(), "a redelivered event of the failed upload starts nothing");
        assertTrue(late.get("skipped").toString().contains("upload the file again"), late.toString());

        Thread.sleep(1100); // S3's Last-Modified has whole seconds: the new upload must be visibly later
        put(key, stub.pdf()); // the same bytes: the same ETag
        Map<String, Object> again = handler.handleRequest(event, new LambdaTestContext());
        assertEquals(2, textract.jobs().size(), "a new upload of the same bytes starts a new job: " + again);
        AnalysisJobRequest second = textract.jobs().stream().map(SimulatedTextract.Job::request)
                .filter(j -> !j.jobTag().equals(first.jobTag())).findFirst().orElseThrow();
        assertFalse(second.jobTag().equals(first.jobTag()), "a new docId, so its result has a key of its own");
        assertFalse(second.clientRequestToken().equals(first.clientRequestToken()), "a new token: a new Textract job");
        // the docId names nothing from the upload (a file name is often the person's name): doc- and 12 hex digits
        assertTrue(DocumentKeys.isDocId(second.jobTag()) && second.jobTag().startsWith("doc-"), second.jobTag());
        handler.handleRequest(event, new LambdaTestContext());
        assertEquals(2, textract.jobs().size(), "the retry's own duplicate event starts no third job");
    }
}
