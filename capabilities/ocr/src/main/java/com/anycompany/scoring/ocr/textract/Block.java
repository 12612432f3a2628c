package com.anycompany.scoring.ocr.textract;

import java.util.List;
import java.util.Map;

/**
 * One Textract {@code Block}, as AnalyzeDocument / GetDocumentAnalysis / the OutputConfig pages return it. Absent
 * properties are empty or zero; {@code page} defaults to 1 (AnalyzeDocument omits it for single-page documents).
 *
 * @param relationships relationship type ({@code CHILD}, {@code VALUE}, {@code ANSWER}, {@code MERGED_CELL},
 *                      {@code TABLE_TITLE}, …) to the related block ids, in order
 */
public record Block(String id, String type, String text, double confidence, int page, List<String> entityTypes,
                    Map<String, List<String>> relationships, int rowIndex, int columnIndex, int rowSpan,
                    int columnSpan, String selectionStatus, String queryText, String queryAlias, BoundingBox box) {

    public List<String> related(String relationshipType) {
        return relationships.getOrDefault(relationshipType, List.of());
    }

    public boolean hasEntity(String entityType) {
        return entityTypes.contains(entityType);
    }

    public boolean selected() {
        return "SELECTED".equals(selectionStatus);
    }
}
