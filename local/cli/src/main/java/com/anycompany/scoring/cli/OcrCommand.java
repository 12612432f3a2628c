package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.ocr.DocumentPipeline;
import com.anycompany.scoring.ocr.FormSpecs;
import com.anycompany.scoring.ocr.OcrOutcome;
import com.anycompany.scoring.ocr.OutcomeJson;
import com.anycompany.scoring.ocr.jobs.DocumentKeys;
import com.anycompany.scoring.ocr.jobs.DocumentStarter;
import com.anycompany.scoring.ocr.jobs.DocumentStore;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "ocr", mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = "Tools for the asynchronous document pipeline (Textract → typed records).",
        subcommands = {OcrCommand.Extract.class, OcrCommand.Retry.class})
public final class OcrCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
            description = {"Runs the OCR pipeline (classify → extract → validate) on a saved Textract response "
                    + "(AnalyzeDocument or GetDocumentAnalysis JSON) or a folder of result pages (OutputConfig's 1, 2, … "
                    + "or *.json) and prints the outcome as JSON: the typed record, the review decision with its "
                    + "reasons, or the failure. The tool for writing and debugging a field spec.",
                    "Exit status 0 for any outcome (processed, review, failed, pending); 2 for bad arguments; 1 when "
                            + "the input is not a Textract response or a spec is invalid."})
    static final class Extract implements Callable<Integer> {
        @Option(names = "--textract", required = true, paramLabel = "FILE.json|DIR",
                description = "a Textract response, or a folder of result pages")
        Path textract;

        @Option(names = "--type", paramLabel = "TYPE",
                description = "use this document type's spec instead of classifying (e.g. paystub)")
        String type;

        @Option(names = "--specs", paramLabel = "DIR",
                description = "a folder of spec files (*.json) to use instead of the built-in ones")
        Path specsDir;

        @Option(names = "--doc-id", defaultValue = "", paramLabel = "ID", description = "docId to report "
                + "(default: the file or folder name)")
        String docId;

        java.io.PrintStream out = HandlerStdout.realOut();

        @Override
        public Integer call() throws Exception {
            if (!Files.exists(textract)) {
                throw new IllegalArgumentException("--textract " + textract + ": no such file or folder");
            }
            FormSpecs specs = specsDir == null ? FormSpecs.builtIn() : FormSpecs.fromDirectory(specsDir);
            if (type != null && specs.forType(type).isEmpty()) {
                throw new IllegalArgumentException("--type " + type + ": no spec for it (types: "
                        + specs.all().stream().map(s -> s.type()).toList() + ")");
            }
            List<TextractResponse> pages = TextractResponses.read(textract);
            String id = docId.isBlank() ? textract.getFileName().toString().replaceFirst("\\.json$", "") : docId;
            OcrOutcome outcome = new DocumentPipeline(specs).run(id, "local", pages, Optional.ofNullable(type));
            out.println(OutcomeJson.toPrettyString(outcome));
            out.flush();
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Analyses again a document whose Textract job failed (its record is under "
                    + "documents/failed/): writes the upload again with the same bytes (S3 CopyObject onto itself), "
                    + "which gives it a new Last-Modified and a new ObjectCreated event; the starter then starts the "
                    + "next attempt, with a docId and ClientRequestToken of its own, so Textract runs a new job.",
                    "Without --bucket it acts on the local runtime and sends the event through the local "
                            + "OcrStarterFunction; with --bucket, on that AWS bucket, whose S3 notification starts it.",
                    "Exit status 0 when a new attempt was requested; 1 when the document has no failed analysis to "
                            + "retry (processed, in review, still running, or never uploaded)."})
    static final class Retry implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "documents/incoming/…",
                description = "the uploaded document's key")
        String key;

        @Option(names = "--bucket", paramLabel = "NAME", description = "the document bucket in AWS (default: the "
                + "local runtime's DocumentBucket)")
        String bucket;

        @picocli.CommandLine.Mixin
        RuntimeOptions runtime;

        java.io.PrintStream out = HandlerStdout.realOut();

        @Override
        public Integer call() throws Exception {
            if (bucket != null) {
                return retry(new DocumentStore(com.anycompany.scoring.config.AwsClients.s3(Optional.empty()), bucket),
                        null);
            }
            try (com.anycompany.scoring.runtime.LocalRuntime rt = runtime.open()) {
                return retry(new DocumentStore(rt.aws().s3Client(), rt.bucketName("DocumentBucket")),
                        rt.function(OcrDemo.STARTER));
            }
        }

        private int retry(DocumentStore store, com.anycompany.scoring.runtime.LocalLambda localStarter)
                throws Exception {
            Optional<DocumentStore.Head> head = store.head(key);
            if (head.isEmpty()) {
                return refuse(store.uri(key) + " does not exist; upload the document first");
            }
            DocumentStarter.Attempt latest = DocumentStarter.latestAttempt(store, store.bucket(), key, head.get().etag());
            if (!latest.failed()) {
                return refuse(latest.resultKey() == null
                        ? store.uri(key) + " has no failed analysis: attempt " + (latest.attempt() + 1)
                        + " has no result yet (still running, or its event was not delivered)"
                        : store.uri(key) + " was analysed: " + latest.resultKey() + "; nothing to retry");
            }
            java.time.Instant written = head.get().lastModified();
            if (written != null && latest.resultHead().lastModified() != null
                    && written.isAfter(latest.resultHead().lastModified())) {
                return refuse(store.uri(key) + ": attempt " + (latest.attempt() + 2) + " was already requested (the "
                        + "object was written again at " + written + ", after the failure) and has no result yet");
            }
            if (latest.attempt() + 1 >= DocumentKeys.MAX_ATTEMPTS) {
                return refuse(store.uri(key) + " failed " + DocumentKeys.MAX_ATTEMPTS + " times; no further attempt");
            }
            DocumentStore.Head now = store.rewriteInPlace(key, OcrDemo.contentType(key));
            com.fasterxml.jackson.databind.node.ObjectNode o = com.anycompany.scoring.batch.BatchJson.MAPPER.createObjectNode();
            o.put("key", key);
            o.put("failed", latest.resultKey());
            // S3 keeps a single-part object's ETag on a copy; a store that gives the copy a new ETag makes it a new
            // version, whose first attempt it is
            boolean sameTag = now.etag() != null && now.etag().replace("\"", "").equals(head.get().etag()
                    .replace("\"", ""));
            int next = sameTag ? latest.attempt() + 1 : 0;
            o.put("attempt", next + 1);
            o.put("docId", DocumentKeys.docId(store.bucket(), key, now.etag(), next));
            if (localStarter != null) {
                var inv = localStarter.invoke(localStarter.parseEvent(OcrDemo.s3Event(store.bucket(), key, now.size(),
                        now.etag())));
                if (inv.error() != null) {
                    throw new IllegalStateException(OcrDemo.STARTER + " failed on " + key + ": " + inv.error());
                }
                o.set("starter", com.anycompany.scoring.batch.BatchJson.MAPPER.readTree(inv.outputJson()));
            }
            out.println(com.anycompany.scoring.batch.BatchJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            out.flush();
            return 0;
        }

        private int refuse(String why) {
            System.err.println("ocr retry: " + why);
            return 1;
        }
    }
}
