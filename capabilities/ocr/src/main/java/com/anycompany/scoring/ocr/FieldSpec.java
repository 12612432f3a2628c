package com.anycompany.scoring.ocr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One field of a form type: where to find it (normalized key phrases and synonyms, query aliases, a table row and
 * column), its type, whether it is required, its own confidence threshold and value bounds.
 *
 * @param keys          key phrases and synonyms of the form label (already {@link Phrases#normalize normalized})
 * @param queries       Textract QUERIES aliases or question texts that answer this field (normalized)
 * @param table         a table row label and optional column headers, or empty
 * @param options       for {@link FieldType#CHOICE}: option value to the labels of its check box (normalized)
 * @param minConfidence the field's threshold (0–100), the spec's default unless set
 * @param min           lower bound: an amount, a number, or an ISO date; null for none
 * @param max           upper bound, likewise
 * @param pattern       a regular expression a STRING value must match in full; null for none
 */
public record FieldSpec(String name, FieldType type, boolean required, List<String> keys, List<String> queries,
                        Optional<TableLocator> table, Map<String, List<String>> options, double minConfidence,
                        String min, String max, String pattern) {

    /** Row label phrases (normalized) and, optionally, the column headers to read the value under. */
    public record TableLocator(List<String> rows, List<String> columns) {
    }
}
