package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.ocr.jobs.DocumentKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./scoring ocr extract} on synthetic Textract responses (pages folder and single file). */
class OcrCommandTest {
    private static final ObjectMapper JSON = Json.MAPPER;

    private static JsonNode extract(String... args) throws Exception {
        CommandLine cmd = ScoringCli.commandLine();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CommandLine.ParseResult parsed = cmd.parseArgs(args);
        OcrCommand.Extract extract = (OcrCommand.Extract) parsed.subcommand().subcommand().commandSpec().userObject();
        extract.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertEquals(0, extract.call());
        return JSON.readTree(buffer.toByteArray());
    }

    @Test
    void aFolderOfResultPagesGivesTheTypedRecordAndABadStubItsReasons(@TempDir Path dir) throws Exception {
        var stubs = new com.anycompany.scoring.local.demo.SyntheticPayStubs(3);
        var clean = stubs.next("stub-1", com.anycompany.scoring.local.demo.SyntheticPayStubs.Variant.CLEAN);
        Path pages = Files.createDirectories(dir.resolve("job-1"));
        var split = com.anycompany.scoring.local.textract.SimulatedTextract.paginate(clean.textract(), 50);
        assertTrue(split.size() > 2);
        for (int i = 0; i < split.size(); i++) {
            Files.writeString(pages.resolve(String.valueOf(i + 1)), split.get(i).toString());
        }
        JsonNode record = extract("ocr", "extract", "--textract", pages.toString());
        assertEquals("processed", record.get("outcome").asText(), record.toPrettyString());
        assertEquals("paystub", record.get("documentType").asText());
        assertEquals(clean.gross().doubleValue(), record.at("/fields/gross_pay").asDouble());
        assertEquals(clean.net().doubleValue(), record.at("/fields/net_pay").asDouble());
        assertEquals(clean.ssn(), record.at("/fields/ssn").asText());
        assertEquals(clean.payDate().toString(), record.at("/fields/pay_date").asText());
        assertEquals("table", record.at("/evidence/gross_pay/source").asText(), "read under the merged 'Gross Pay' cell");

        var bad = stubs.next("stub-2", com.anycompany.scoring.local.demo.SyntheticPayStubs.Variant.NET_ABOVE_GROSS);
        Path file = dir.resolve("stub-2.json");
        Files.writeString(file, bad.textract().toString());
        JsonNode review = extract("ocr", "extract", "--textract", file.toString(), "--type", "paystub");
        assertEquals("review", review.get("outcome").asText());
        assertEquals("rule", review.at("/reasons/0/code").asText());
        assertEquals("net_pay", review.at("/reasons/0/field").asText());
    }

    @Test
    void anUnknownTypeIsABadArgument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"JobStatus\":\"IN_PROGRESS\"}");
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        assertEquals(2, cmd.execute("ocr", "extract", "--textract", file.toString(), "--type", "w2"));
        assertTrue(err.toString().contains("--type w2: no spec for it"), err.toString());
    }

    /** Issue 18: a failed Textract job is retried by ./scoring ocr retry, as a new attempt with a job of its own. */
    @Test
    void ocrRetryStartsTheNextAttemptOfAFailedDocumentAndRefusesWhenThereIsNothingToRetry(@TempDir Path home)
            throws Exception {
        var textract = com.anycompany.scoring.local.textract.SimulatedTextract.shared();
        textract.reset();
        String key = "documents/incoming/paystub/retry-1.pdf";
        var stub = new com.anycompany.scoring.local.demo.SyntheticPayStubs(5).next("retry-1",
                com.anycompany.scoring.local.demo.SyntheticPayStubs.Variant.CLEAN);
        String firstDocId;
        try (var rt = com.anycompany.scoring.runtime.LocalRuntime.open(home, Path.of("../../template.yaml"),
                java.util.Map.of())) {
            String bucket = rt.bucketName("DocumentBucket");
            var put = rt.aws().s3Client().putObject(b -> b.bucket(bucket).key(key).contentType("application/pdf"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(stub.pdf()));
            var starter = rt.function(OcrDemo.STARTER);
            assertEquals(null, starter.invoke(starter.parseEvent(OcrDemo.s3Event(bucket, key, stub.pdf().length,
                    put.eTag()))).error());
            assertEquals(1, textract.jobs().size());
            firstDocId = textract.jobs().get(0).request().jobTag();
            // Textract reported FAILED: the callback's record
            rt.aws().s3Client().putObject(b -> b.bucket(bucket).key("documents/failed/" + firstDocId + ".json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("{\"status\":\"FAILED\"}"));
        }
        Thread.sleep(1100); // S3's Last-Modified has whole seconds

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        assertEquals(0, retry(buffer, "ocr", "retry", "--key", key, "--home", home.toString(), "--template",
                "../../template.yaml"));
        JsonNode out = JSON.readTree(buffer.toByteArray());
        assertEquals(2, out.get("attempt").asInt(), "S3 keeps the ETag on a copy: " + out.toPrettyString());
        assertEquals("documents/failed/" + firstDocId + ".json", out.get("failed").asText());
        assertEquals(2, textract.jobs().size(), "a second Textract job");
        String second = textract.jobs().stream().map(j -> j.request().jobTag()).filter(t -> !t.equals(firstDocId))
                .findFirst().orElseThrow();
        assertEquals(out.get("docId").asText(), second, out.toPrettyString());
        assertEquals(second, out.at("/starter/started/0/docId").asText(), "the starter started what the command says");
        // the docId names nothing from the upload: doc- and 12 hex digits, a new one per attempt
        assertTrue(!second.equals(firstDocId) && DocumentKeys.isDocId(second) && second.startsWith("doc-"), second);

        // attempt 2 has no result yet: nothing to retry
        assertEquals(1, retry(new ByteArrayOutputStream(), "ocr", "retry", "--key", key, "--home", home.toString(),
                "--template", "../../template.yaml"));
        assertEquals(1, retry(new ByteArrayOutputStream(), "ocr", "retry", "--key", "documents/incoming/none.pdf",
                "--home", home.toString(), "--template", "../../template.yaml"));
        assertEquals(2, textract.jobs().size());
    }

    private static int retry(ByteArrayOutputStream buffer, String... args) throws Exception {
        CommandLine.ParseResult parsed = ScoringCli.commandLine().parseArgs(args);
        OcrCommand.Retry retry = (OcrCommand.Retry) parsed.subcommand().subcommand().commandSpec().userObject();
        retry.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        return retry.call();
    }
}
