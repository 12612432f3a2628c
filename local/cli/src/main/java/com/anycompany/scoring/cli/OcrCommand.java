package com.anycompany.scoring.cli;

import com.anycompany.scoring.cli.runtime.HandlerStdout;
import com.anycompany.scoring.ocr.DocumentPipeline;
import com.anycompany.scoring.ocr.FormSpecs;
import com.anycompany.scoring.ocr.OcrOutcome;
import com.anycompany.scoring.ocr.OutcomeJson;
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
        subcommands = {OcrCommand.Extract.class})
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
}
