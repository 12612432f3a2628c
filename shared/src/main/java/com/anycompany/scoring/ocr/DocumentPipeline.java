package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ocr.textract.TextractResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCR pipeline for one finished Textract job: preprocess (job status, blocks → {@link DocumentModel}) →
 * classify → extract (typed fields per the type's {@link FormSpec}) → validate (types, bounds, SSN/EIN, required
 * fields, confidence thresholds, cross-field rules, signatures) → postprocess (the outcome). Pure: no I/O, the same
 * input always gives the same outcome.
 */
public final class DocumentPipeline {
    private final FormSpecs specs;
    private final DocumentClassifier classifier;
    private final FieldExtractor extractor = new FieldExtractor();

    public DocumentPipeline(FormSpecs specs) {
        this.specs = specs;
        this.classifier = new DocumentClassifier(specs);
    }

    public FormSpecs specs() {
        return specs;
    }

    /**
     * @param pages      the job's result pages in order (GetDocumentAnalysis pages or OutputConfig objects)
     * @param forcedType a document type to use instead of classifying (e.g. {@code ocr extract --type})
     */
    public OcrOutcome run(String docId, String jobId, List<TextractResponse> pages, Optional<String> forcedType) {
        String status = pages.isEmpty() ? TextractResponse.SUCCEEDED : TextractResponse.status(pages);
        switch (status) {
            case TextractResponse.SUCCEEDED, TextractResponse.PARTIAL_SUCCESS -> {
            }
            case TextractResponse.IN_PROGRESS -> {
                return new OcrOutcome.Pending(docId, jobId, status);
            }
            default -> {
                return new OcrOutcome.Failed(docId, jobId, status, TextractResponse.statusMessage(pages)
                        .orElse("Textract reported " + status + " without a status message"));
            }
        }
        DocumentModel doc = DocumentModelBuilder.build(TextractResponse.blocks(pages));
        List<String> warnings = new ArrayList<>(doc.warnings());
        pages.forEach(p -> warnings.addAll(p.warnings()));
        List<Reason> documentReasons = new ArrayList<>();
        if (TextractResponse.PARTIAL_SUCCESS.equals(status)) {
            documentReasons.add(new Reason(null, "textract_partial", "Textract reported PARTIAL_SUCCESS: some pages "
                    + "were not analysed"));
        }
        if (doc.lines().isEmpty() && doc.keyValues().isEmpty()) {
            documentReasons.add(new Reason(null, "no_text", "Textract found no text on the document"));
        }
        FormSpec spec;
        int score;
        if (forcedType.isPresent()) {
            spec = specs.require(forcedType.get());
            score = -1;
        } else {
            DocumentClassifier.Classification c = classifier.classify(doc);
            if (c.spec().isEmpty()) {
                documentReasons.add(new Reason(null, "unknown_type", "document type not recognised (closest: '"
                        + c.bestType() + "' with score " + c.bestScore() + ", which needs "
                        + specs.require(c.bestType()).minScore() + ")"));
                Extraction none = new Extraction(Extraction.UNKNOWN, null, c.bestScore(), pageCount(doc, pages),
                        doc.signatures().size(), Map.of(), List.of(), List.copyOf(warnings));
                return new OcrOutcome.Review(docId, jobId, none, List.copyOf(documentReasons));
            }
            spec = c.spec().get();
            score = c.score();
        }
        FieldExtractor.Result result = extractor.extract(spec, doc);
        Extraction extraction = new Extraction(spec.type(), spec.id(), score, pageCount(doc, pages),
                doc.signatures().size(), result.fields(), result.dropped(), List.copyOf(warnings));
        List<Reason> reasons = new ArrayList<>(documentReasons);
        reasons.addAll(result.reasons());
        return reasons.isEmpty() ? new OcrOutcome.Processed(docId, jobId, extraction)
                : new OcrOutcome.Review(docId, jobId, extraction, List.copyOf(reasons));
    }

    private static int pageCount(DocumentModel doc, List<TextractResponse> pages) {
        int declared = pages.stream().mapToInt(TextractResponse::pages).max().orElse(0);
        return Math.max(declared, doc.pages().size());
    }
}
