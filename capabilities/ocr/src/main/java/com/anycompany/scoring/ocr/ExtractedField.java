package com.anycompany.scoring.ocr;

/**
 * A field's typed value and where it came from: {@code source} is {@code form} (a key-value pair), {@code query}
 * (a Textract QUERIES answer), {@code table} or {@code selection}; {@code label} is the form label, query alias or
 * table row it was read under; {@code confidence} is Textract's (0–100).
 */
public record ExtractedField(String name, FieldType type, Object value, double confidence, String source,
                             String label, int page) {
}
