package com.anycompany.scoring.functions.ocr;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.local.LambdaTestContext;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.SyntheticPayStubs;
import com.anycompany.scoring.local.privacy.Canaries;
import com.anycompany.scoring.local.textract.SimulatedTextract;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.ocr.DocumentPipeline;
import com.anycompany.scoring.ocr.FormSpecs;
import com.anycompany.scoring.ocr.jobs.CompletionProcessor;
import com.anycompany.scoring.ocr.jobs.DocumentStore;
import com.anycompany.scoring.ocr.jobs.ResultPages;
import com.anycompany.scoring.ocr.textract.AnalysisJobRequest;
import com.anycompany.scoring.ocr.textract.SdkTextractJobs;
import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OCR callback against real S3Proxy and ElasticMQ: the completion event in events/, the real Textract responses
 * of ../shared/reference/textract/ as OutputConfig pages, synthetic pay stubs through the simulated Textract, and
 * the log lines it writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OcrCallbackHandlerTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BUCKET = "documentbucket";
    private static final String PAYSTUB_JOB = "3f6d2a1b9c8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";
    private static final String FAILED_JOB = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private LocalAws aws;
    private DocumentStore store;

    @BeforeAll
    void start(@TempDir Path state) {
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        store = new DocumentStore(aws.s3Client(), BUCKET);
        SimulatedTextract.shared().reset();
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    static Path reference(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("template.yaml"))) {
            p = p.getParent();
        }
        Path f = p == null ? null : p.resolveSibling("shared").resolve("reference").resolve("textract").resolve(name);
        boolean present = f != null && Files.exists(f);
        // CI (.ci/run) sets SCORING_REQUIRE_TEXTRACT_REFERENCE=1: there a missing kit fails the test, never skips it
        assertFalse(!present && "1".equals(System.getenv("SCORING_REQUIRE_TEXTRACT_REFERENCE")),
                "../shared/reference/textract/" + name + " is required in CI and is not beside the repository");
        Assumptions.assumeTrue(present, "../shared/reference/textract/ is not beside the repository");
        return f;
    }

    /** Textract's GetDocumentAnalysis for jobs whose answer is a saved reference response. */
    private static TextractJobs savedResponses(Map<String, Path> byJob) {
        return new TextractJobs() {
            @Override
            public String startDocumentAnalysis(AnalysisJobRequest request) {
                throw new UnsupportedOperationException("the callback never starts jobs");
            }

            @Override
            public TextractResponse getDocumentAnalysis(String jobId, Optional<String> nextToken) {
                try {
                    return TextractResponses.parse(Files.readAllBytes(byJob.get(jobId)), jobId);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private OcrCallbackHandler handler(ResultPages pages, TextractJobs textract) {
        return new OcrCallbackHandler(new CompletionProcessor(store, pages, Optional.of(textract),
                new DocumentPipeline(FormSpecs.builtIn()), ScoringMetrics.NONE));
    }

    private static Set<String> failedIds(SQSBatchResponse r) {
        return r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    }

    private JsonNode json(String key) throws Exception {
        return JSON.readTree(store.read(key));
    }

    @Test
    void theCompletionEventYieldsAReviewFileAndAFailedRecordAndADuplicateChangesNothing() throws Exception {
        // the real pay stub as Textract's OutputConfig writes it: two result pages under documents/textract/<JobId>/
        JsonNode paystub = JSON.readTree(Files.readAllBytes(reference("paystub-response.json")));
        List<com.fasterxml.jackson.databind.node.ObjectNode> pages = SimulatedTextract.paginate(paystub, 400);
        assertEquals(2, pages.size());
        for (int i = 0; i < pages.size(); i++) {
            String key = "documents/textract/" + PAYSTUB_JOB + "/" + (i + 1);
            byte[] bytes = pages.get(i).toString().getBytes(StandardCharsets.UTF_8);
            aws.s3Client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
        }
        aws.s3Client().putObject(b -> b.bucket(BUCKET).key("documents/textract/" + PAYSTUB_JOB + "/.s3_access_check"),
                RequestBody.fromString(""));
        OcrCallbackHandler handler = handler(ResultPages.fromOutputConfig(store, "documents/textract"),
                savedResponses(Map.of(FAILED_JOB, reference("test-failed-response.json"))));

        SQSEvent event = EventLoader.loadSQSEvent("sqs-textract-completion.json");
        assertTrue(handler.handleRequest(event, new LambdaTestContext()).getBatchItemFailures().isEmpty());

        JsonNode review = json("documents/review/stub-0001-6c1f0e2a9b3d.json");
        assertEquals("review", review.get("outcome").asText());
        assertEquals("paystub", review.get("documentType").asText());
        assertEquals(PAYSTUB_JOB, review.get("jobId").asText());
        assertEquals("invalid_ssn", review.at("/reasons/0/code").asText());
        assertEquals(1, review.get("reasons").size());
        assertEquals(452.43, review.at("/fields/gross_pay").asDouble());
        assertEquals("2008-07-25", review.at("/fields/pay_date").asText());
        assertEquals("documents/incoming/paystub/stub-0001.pdf", review.at("/source/key").asText());

        JsonNode failed = json("documents/failed/scan-0002-0d9e8c7b6a5f.json");
        assertEquals("FAILED", failed.get("status").asText());
        assertEquals("Dummy Status Message", failed.get("statusMessage").asText());

        List<String> before = results();
        byte[] reviewBytes = store.read("documents/review/stub-0001-6c1f0e2a9b3d.json");
        SQSBatchResponse again = handler.handleRequest(EventLoader.loadSQSEvent("sqs-textract-completion.json"),
                new LambdaTestContext());
        assertTrue(again.getBatchItemFailures().isEmpty());
        assertEquals(before, results(), "a duplicate notification adds no result");
        assertArrayEquals(reviewBytes, store.read("documents/review/stub-0001-6c1f0e2a9b3d.json"));
    }

    private List<String> results() {
        List<String> keys = new ArrayList<>();
        for (String p : List.of("documents/processed/", "documents/review/", "documents/failed/")) {
            keys.addAll(store.list(p));
        }
        return keys;
    }

    @Test
    void aJobStillInProgressOrWithoutResultsYetIsRetriedAndAMalformedBodyIsQuarantined() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs-textract-completion.json");
        SQSEvent.SQSMessage inProgress = event.getRecords().get(0);
        inProgress.setBody(inProgress.getBody().replace("SUCCEEDED", "IN_PROGRESS").replace("stub-0001", "late-0001"));
        SQSEvent.SQSMessage noPages = event.getRecords().get(1);
        noPages.setBody(noPages.getBody().replace("FAILED", "SUCCEEDED").replace("scan-0002", "scan-0003"));
        SQSEvent.SQSMessage malformed = new SQSEvent.SQSMessage();
        malformed.setMessageId("m-malformed");
        malformed.setBody("{\"Type\":\"Notification\",\"Message\":\"{\\\"Hello\\\":\\\"from SNS\\\"}\"}");
        event.setRecords(List.of(inProgress, noPages, malformed));

        // results read through GetDocumentAnalysis: the job answers IN_PROGRESS
        OcrCallbackHandler viaApi = handler(ResultPages.fromApi(savedResponses(Map.of(
                FAILED_JOB, reference("test-inprogress-response.json")))), savedResponses(Map.of()));
        SQSBatchResponse r = handler(ResultPages.fromOutputConfig(store, "documents/textract"), savedResponses(Map.of()))
                .handleRequest(event, new LambdaTestContext());
        assertEquals(Set.of(inProgress.getMessageId(), noPages.getMessageId()), failedIds(r));
        assertTrue(store.exists("documents/quarantine/m-malformed.json"));

        event.setRecords(List.of(noPages));
        assertEquals(Set.of(noPages.getMessageId()), failedIds(viaApi.handleRequest(event, new LambdaTestContext())));
        assertFalse(store.exists("documents/review/scan-0003-0d9e8c7b6a5f.json"));
    }

    /** The SDK's Textract client on the local Textract server (what the starter starts jobs with). */
    private TextractJobs sdkClient() {
        return FunctionEnvironment.with(aws.environment(), SdkTextractJobs::create);
    }

    /** The environment template.yaml gives the function, on the local servers. */
    private Map<String, String> lambdaEnvironment() {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("DOCUMENT_BUCKET", BUCKET);
        env.put("POWERTOOLS_SERVICE_NAME", "ocr-callback");
        return env;
    }

    @Test
    void noPersonalDataInAnyLogLine() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        String queue = aws.ensureQueue("ocr-callback-logs", Map.of());
        SimulatedTextract textract = SimulatedTextract.shared();
        TextractJobs client = sdkClient();
        SyntheticPayStubs stubs = new SyntheticPayStubs(7);
        List<SyntheticPayStubs.PayStub> made = new ArrayList<>();
        for (SyntheticPayStubs.Variant v : SyntheticPayStubs.Variant.values()) {
            SyntheticPayStubs.PayStub stub = stubs.next("log-" + v.name().toLowerCase(), v);
            made.add(stub);
            String key = "documents/incoming/" + stub.id() + ".pdf";
            String jobId = client.startDocumentAnalysis(new AnalysisJobRequest(BUCKET, key, List.of("FORMS", "TABLES"),
                    List.of(), "arn:aws:sns:us-east-1:000000000000:topic", "arn:aws:iam::000000000000:role/textract",
                    BUCKET, "documents/textract", stub.id() + "-000000000000", "token-" + stub.id()));
            textract.succeed(jobId, stub.textract(), 1000, aws.s3Client(), aws.sqsClient(), queue);
        }
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<SQSBatchResponse> responses = new ArrayList<>();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OcrCallbackHandler handler = FunctionEnvironment.with(env, OcrCallbackHandler::new);
            for (List<Message> got = receive(queue); !got.isEmpty(); got = receive(queue)) {
                responses.add(handler.handleRequest(toEvent(got), new LambdaTestContext()));
            }
        } finally {
            System.setOut(original);
        }
        responses.forEach(r -> assertTrue(r.getBatchItemFailures().isEmpty()));
        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.stream().filter(l -> l.contains("document review")).count() >= 4, log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("document processed")), log);
        for (SyntheticPayStubs.PayStub s : made) {
            for (String secret : List.of(s.ssn(), s.ssn().replace("-", ""), s.ein(), money(s.gross()), money(s.net()),
                    money(s.ytdGross()), s.gross().toPlainString(), s.net().toPlainString(), s.employee())) {
                for (String line : lines) {
                    assertFalse(line.contains(secret), "personal data in a log line: " + line);
                }
            }
        }
    }

    /** Every text field of a real Textract response replaced by personal data, or only those that held a digit. */
    private static final List<String> PLANTED = List.of(Canaries.NAME, Canaries.SSN, Canaries.IBAN, Canaries.SALARY_TEXT,
            "$" + Canaries.SALARY, Canaries.NAME_2 + " (USD) " + Canaries.SALARY + ")", "SSN: " + Canaries.SSN,
            Canaries.SALARY_TEXT + " " + Canaries.NAME_2);

    private static JsonNode planted(JsonNode response, boolean onlyValues) {
        JsonNode copy = response.deepCopy();
        int i = 0;
        for (JsonNode block : copy.path("Blocks")) {
            String text = block.path("Text").asText(null);
            if (text != null && (!onlyValues || text.chars().anyMatch(Character::isDigit))) {
                ((ObjectNode) block).put("Text", PLANTED.get(i++ % PLANTED.size()));
            }
        }
        return copy;
    }

    /**
     * Privacy canary, Textract responses: names, SSNs, IBANs and salaries in every text field of the real Textract
     * responses of ../shared/reference/textract/ (once in all of them, once in the values only, so the forms are still
     * recognised and validated), uploads named after the person, delivered as Textract's completion notifications
     * through real ElasticMQ and read as OutputConfig pages from real S3Proxy by the handler as Lambda builds it
     * (real EMF metrics). No canary in stdout/stderr (JSON logs and EMF) nor in any reason, status message or error
     * of the review, processed, failed and quarantine records; the records' own {@code fields}, {@code source} and
     * {@code evidence} (the document's data and where on it a value was read, for the reviewer: the product's output,
     * not a log) are the only place they may be.
     */
    @Test
    void noCanaryFromTextractResponsesOrFileNamesInLogsMetricsOrReasons() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        String queue = aws.ensureQueue("ocr-callback-canary", Map.of());
        List<String> files = List.of("paystub-response.json", "paystub_with_signature.json", "employment-application.json",
                "form1005-response.json", "multi-page-forms-samples-2-page.json",
                "request_for_verification_of_employment.json");
        List<String> docIds = new ArrayList<>();
        int n = 0;
        for (String file : files) {
            JsonNode real = JSON.readTree(Files.readAllBytes(reference(file)));
            for (boolean onlyValues : List.of(false, true)) {
                String docId = String.format("canary-%02d-0123456789ab", n);
                String jobId = String.format("%064x", 0xC0FFEE00L + n++);
                List<ObjectNode> pages = SimulatedTextract.paginate(planted(real, onlyValues), 300);
                for (int i = 0; i < pages.size(); i++) {
                    String key = "documents/textract/" + jobId + "/" + (i + 1);
                    aws.s3Client().putObject(b -> b.bucket(BUCKET).key(key),
                            RequestBody.fromBytes(pages.get(i).toString().getBytes(StandardCharsets.UTF_8)));
                }
                String upload = "documents/incoming/" + (file.startsWith("paystub") ? "paystub/" : "")
                        + Canaries.fileName("_" + n + ".pdf");
                ObjectNode message = JSON.createObjectNode().put("JobId", jobId).put("Status", "SUCCEEDED")
                        .put("API", "StartDocumentAnalysis").put("JobTag", docId).put("Timestamp", 1764072000000L);
                message.putObject("DocumentLocation").put("S3ObjectName", upload).put("S3Bucket", BUCKET);
                ObjectNode sns = JSON.createObjectNode().put("Type", "Notification").put("Message", message.toString());
                aws.sqsClient().sendMessage(b -> b.queueUrl(queue).messageBody(sns.toString()));
                docIds.add(docId);
            }
        }
        // a notification that is not one, carrying personal data: quarantined with a reason that must not echo it
        ObjectNode odd = JSON.createObjectNode().put("JobId", String.format("%064x", 0xBADL)).put("Status", Canaries.SSN)
                .put("API", Canaries.NAME).put("JobTag", "canary-odd-0123456789ab");
        aws.sqsClient().sendMessage(b -> b.queueUrl(queue).messageBody(JSON.createObjectNode().put("Type",
                "Notification").put("Message", odd.toString()).toString()));

        List<String> before = results();
        Canaries.Captured<List<SQSBatchResponse>> run = Canaries.capture(() -> {
            OcrCallbackHandler handler = FunctionEnvironment.with(env, OcrCallbackHandler::new);
            List<SQSBatchResponse> responses = new ArrayList<>();
            for (List<Message> got = receive(queue); !got.isEmpty(); got = receive(queue)) {
                responses.add(handler.handleRequest(toEvent(got), new LambdaTestContext()));
            }
            return responses;
        });
        assertEquals(null, run.error(), run.everything());
        run.result().forEach(r -> assertTrue(r.getBatchItemFailures().isEmpty(), run.output()));
        assertTrue(run.output().contains("\"_aws\""), "EMF metrics were written and checked: " + run.output());
        assertEquals(List.of(), Canaries.found(run.everything()), run.output());

        List<String> written = new ArrayList<>(results());
        written.removeAll(before);
        written.addAll(store.list("documents/quarantine/").stream().filter(k -> !before.contains(k)).toList());
        for (String docId : docIds) {
            assertTrue(written.stream().anyMatch(k -> k.endsWith("/" + docId + ".json")), docId + " in " + written);
        }
        boolean plantedReachedTheRecords = false;
        for (String key : written) {
            JsonNode record = json(key);
            plantedReachedTheRecords |= !Canaries.found(record.toString()).isEmpty();
            if (record instanceof ObjectNode o && !key.startsWith("documents/quarantine/")) {
                o.remove(List.of("fields", "source", "evidence"));
            }
            String outside = key.startsWith("documents/quarantine/") ? record.path("reason").toString() : record.toString();
            assertEquals(List.of(), Canaries.found(outside), key + ": " + outside);
        }
        assertTrue(plantedReachedTheRecords, "the planted text reached the pipeline (the records' own fields)");
    }

    private static String money(java.math.BigDecimal v) {
        return String.format(java.util.Locale.US, "%,.2f", v);
    }

    private List<Message> receive(String queue) {
        List<Message> got = aws.sqsClient().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
        if (!got.isEmpty()) {
            aws.sqsClient().deleteMessageBatch(b -> b.queueUrl(queue).entries(got.stream().map(m ->
                    software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                            .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
        return got;
    }

    private static SQSEvent toEvent(List<Message> messages) {
        SQSEvent e = new SQSEvent();
        e.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setBody(m.body());
            return r;
        }).toList());
        return e;
    }

    // ---- issue 18: one message's failure stays its own; result pages are bounded ----

    /** Starts and completes one synthetic pay stub per id through the simulated Textract; returns the job ids. */
    private List<String> completeStubs(String queue, List<String> ids, int blocksPerPage) {
        SimulatedTextract textract = SimulatedTextract.shared();
        TextractJobs client = sdkClient();
        SyntheticPayStubs stubs = new SyntheticPayStubs(18);
        List<String> jobs = new ArrayList<>();
        for (String id : ids) {
            SyntheticPayStubs.PayStub stub = stubs.next(id, SyntheticPayStubs.Variant.CLEAN);
            String key = "documents/incoming/" + stub.id() + ".pdf";
            String jobId = client.startDocumentAnalysis(new AnalysisJobRequest(BUCKET, key, List.of("FORMS", "TABLES"),
                    List.of(), "arn:aws:sns:us-east-1:000000000000:topic", "arn:aws:iam::000000000000:role/textract",
                    BUCKET, "documents/textract", stub.id() + "-000000000000", "token-" + stub.id()));
            textract.succeed(jobId, stub.textract(), blocksPerPage, aws.s3Client(), aws.sqsClient(), queue);
            jobs.add(jobId);
        }
        return jobs;
    }

    @Test
    void anUnexpectedExceptionFailsOnlyItsOwnMessageOfTheBatch() {
        String queue = aws.ensureQueue("ocr-callback-unexpected", Map.of());
        List<String> ids = List.of("iso-1", "iso-2", "iso-3", "iso-4", "iso-5");
        List<String> jobs = completeStubs(queue, ids, 1000);
        ResultPages real = ResultPages.fromOutputConfig(store, "documents/textract");
        String broken = jobs.get(2);
        // a defect no check foresaw, in one document only
        ResultPages oneBroken = jobId -> {
            if (jobId.equals(broken)) {
                throw new NullPointerException("a defect in reading this document");
            }
            return real.read(jobId);
        };
        List<Message> got = new ArrayList<>();
        for (List<Message> m = receive(queue); !m.isEmpty(); m = receive(queue)) {
            got.addAll(m);
        }
        assertEquals(5, got.size(), "a batch of 5, as the event source mapping delivers");
        String brokenMessage = got.stream().filter(m -> m.body().contains(broken)).findFirst().orElseThrow().messageId();
        SQSBatchResponse r = handler(oneBroken, savedResponses(Map.of())).handleRequest(toEvent(got),
                new LambdaTestContext());
        assertEquals(Set.of(brokenMessage), failedIds(r), "only the broken document's message comes back");
        long recorded = ids.stream().filter(id -> results().stream().anyMatch(k -> k.contains("/" + id + "-"))).count();
        assertEquals(4, recorded, "the other four documents are recorded: " + results());
    }

    @Test
    void resultPagesOverTheBoundsFailTheDocumentWithAClearReasonInsteadOfExhaustingMemory() throws Exception {
        String queue = aws.ensureQueue("ocr-callback-bounds", Map.of());
        List<String> jobs = completeStubs(queue, List.of("big-pages", "big-blocks"), 10);
        long pagesOfFirst = store.list("documents/textract/" + jobs.get(0) + "/").size();
        assertTrue(pagesOfFirst > 3, "the stub's results span " + pagesOfFirst + " pages");
        List<Message> got = receive(queue);
        assertEquals(2, got.size());
        ResultPages few = ResultPages.fromOutputConfig(store, "documents/textract", new ResultPages.Limits(3, 1_000_000,
                1_000_000));
        SQSBatchResponse r = handler(few, savedResponses(Map.of())).handleRequest(toEvent(got.subList(0, 1)),
                new LambdaTestContext());
        assertTrue(r.getBatchItemFailures().isEmpty(), "recorded as failed, not retried until the DLQ");
        JsonNode pages = json("documents/failed/big-pages-000000000000.json");
        assertEquals("RESULTS_TOO_LARGE", pages.get("status").asText());
        assertTrue(pages.get("statusMessage").asText().contains("over 3 result pages"), pages.toString());

        ResultPages fewBlocks = ResultPages.fromOutputConfig(store, "documents/textract", new ResultPages.Limits(3000,
                15, 1_000_000));
        assertTrue(handler(fewBlocks, savedResponses(Map.of())).handleRequest(toEvent(got.subList(1, 2)),
                new LambdaTestContext()).getBatchItemFailures().isEmpty());
        JsonNode blocks = json("documents/failed/big-blocks-000000000000.json");
        assertEquals("RESULTS_TOO_LARGE", blocks.get("status").asText());
        assertTrue(blocks.get("statusMessage").asText().contains("over 15 blocks"), blocks.toString());
    }
}
