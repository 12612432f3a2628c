package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.metrics.EmfScoringMetrics;
import com.anycompany.scoring.ocr.DocumentPipeline;
import com.anycompany.scoring.ocr.FormSpecs;
import com.anycompany.scoring.ocr.textract.TextractAdapters;
import com.anycompany.scoring.ocr.textract.TextractJobs;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the OCR starter and callback cores from the function's environment.
 * <ul>
 *   <li>starter: TEXTRACT_SNS_TOPIC_ARN, TEXTRACT_ROLE_ARN, TEXTRACT_OUTPUT_PREFIX (default documents/textract),
 *       OCR_MAX_IMAGE_BYTES, OCR_MAX_PDF_BYTES (defaults: Textract's asynchronous limits);</li>
 *   <li>callback: DOCUMENT_BUCKET, TEXTRACT_OUTPUT_PREFIX, TEXTRACT_RESULTS ({@code s3}: the OutputConfig pages,
 *       the default; {@code api}: GetDocumentAnalysis);</li>
 *   <li>both: OCR_SPECS_DIR (a folder of spec files instead of the built-in ones), SCORING_AWS_ENDPOINT_TEXTRACT (empty in AWS).</li>
 * </ul>
 */
public final class OcrWiring {
    private OcrWiring() {
    }

    public static FormSpecs specs() {
        return FunctionEnvironment.get("OCR_SPECS_DIR").map(d -> FormSpecs.fromDirectory(Path.of(d)))
                .orElseGet(FormSpecs::builtIn);
    }

    public static String outputPrefix() {
        return FunctionEnvironment.getOrDefault("TEXTRACT_OUTPUT_PREFIX", DocumentKeys.TEXTRACT).replaceAll("/+$", "");
    }

    public static DocumentStarter starterFromEnvironment() {
        S3Client s3 = AwsClients.s3();
        Map<String, DocumentStore> stores = new ConcurrentHashMap<>();
        DocumentStarter.Config config = new DocumentStarter.Config(
                FunctionEnvironment.require("TEXTRACT_SNS_TOPIC_ARN"), FunctionEnvironment.require("TEXTRACT_ROLE_ARN"),
                outputPrefix(),
                Long.parseLong(FunctionEnvironment.getOrDefault("OCR_MAX_IMAGE_BYTES", "" + DocumentStarter.MAX_IMAGE_BYTES)),
                Long.parseLong(FunctionEnvironment.getOrDefault("OCR_MAX_PDF_BYTES", "" + DocumentStarter.MAX_PDF_BYTES)));
        return new DocumentStarter(b -> stores.computeIfAbsent(b, x -> new DocumentStore(s3, x)),
                TextractAdapters.fromEnvironment(), specs(), config);
    }

    public static CompletionProcessor callbackFromEnvironment() {
        DocumentStore store = new DocumentStore(AwsClients.s3(), FunctionEnvironment.require("DOCUMENT_BUCKET"));
        TextractJobs textract = TextractAdapters.fromEnvironment();
        String source = FunctionEnvironment.getOrDefault("TEXTRACT_RESULTS", "s3");
        ResultPages pages = switch (source) {
            case "s3" -> ResultPages.fromOutputConfig(store, outputPrefix());
            case "api" -> ResultPages.fromApi(textract);
            default -> throw new IllegalStateException("TEXTRACT_RESULTS=" + source + ": use s3 or api");
        };
        String function = FunctionEnvironment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "ocr-callback");
        return new CompletionProcessor(store, pages, Optional.of(textract), new DocumentPipeline(specs()),
                new EmfScoringMetrics("ServerlessScoring", Map.of("function", function)));
    }
}
