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

    /**
     * Runs the whole pipeline on a small built-in pay stub (SnapStart priming): parsing, model building,
     * classification, extraction and validation, with no I/O. Returns the outcome kind.
     */
    public String warmUp() {
        List<com.anycompany.scoring.ocr.textract.Block> blocks = new ArrayList<>();
        String[][] pairs = {{"Pay date:", "1/9/2026"}, {"Period ending:", "1/2/2026"}, {"Gross Pay", "$1,000.00"},
                {"Net Pay", "$800.00"}, {"YTD Gross", "1,000.00"}, {"Social Security Number:", "123-45-6789"}};
        List<String> lines = new ArrayList<>();
        int id = 0;
        for (String[] kv : pairs) {
            String k = "k" + id;
            String v = "v" + id;
            String kw = "kw" + id;
            String vw = "vw" + id;
            id++;
            blocks.add(block(kw, "WORD", kv[0], Map.of()));
            blocks.add(block(vw, "WORD", kv[1], Map.of()));
            blocks.add(block("l" + id, "LINE", kv[0] + " " + kv[1], Map.of("CHILD", List.of(kw, vw))));
            blocks.add(new com.anycompany.scoring.ocr.textract.Block(k, "KEY_VALUE_SET", "", 95, 1, List.of("KEY"),
                    Map.of("CHILD", List.of(kw), "VALUE", List.of(v)), 0, 0, 1, 1, null, null, null,
                    com.anycompany.scoring.ocr.textract.BoundingBox.NONE));
            blocks.add(new com.anycompany.scoring.ocr.textract.Block(v, "KEY_VALUE_SET", "", 95, 1, List.of("VALUE"),
                    Map.of("CHILD", List.of(vw)), 0, 0, 1, 1, null, null, null,
                    com.anycompany.scoring.ocr.textract.BoundingBox.NONE));
            lines.add("l" + id);
        }
        blocks.add(block("line-title", "LINE", "Earnings Statement", Map.of()));
        blocks.add(block("page", "PAGE", "", Map.of("CHILD", lines)));
        return run("warm-up", "warm-up", List.of(new TextractResponse(Optional.of(TextractResponse.SUCCEEDED),
                Optional.empty(), 1, Optional.empty(), blocks, List.of())), Optional.empty()).kind();
    }

    private static com.anycompany.scoring.ocr.textract.Block block(String id, String type, String text,
                                                                   Map<String, List<String>> rels) {
        return new com.anycompany.scoring.ocr.textract.Block(id, type, text, 99, 1, List.of(), rels, 0, 0, 1, 1, null,
                null, null, com.anycompany.scoring.ocr.textract.BoundingBox.NONE);
    }

    private static int pageCount(DocumentModel doc, List<TextractResponse> pages) {
        int declared = pages.stream().mapToInt(TextractResponse::pages).max().orElse(0);
        return Math.max(declared, doc.pages().size());
    }
}
