package com.anycompany.scoring.ocr;

import java.util.List;
import java.util.Map;

/**
 * What the pipeline got out of a document: its type ({@code unknown} when no spec matched), the spec used, the
 * typed fields that passed their checks, optional fields dropped (low confidence, unreadable) and warnings.
 */
public record Extraction(String documentType, String specId, int classificationScore, int pages, int signatures,
                         Map<String, ExtractedField> fields, List<Reason> dropped, List<String> warnings) {
    public static final String UNKNOWN = "unknown";
}
