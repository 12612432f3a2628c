package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ocr.textract.BoundingBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A document as Textract saw it, independent of the block graph: pages and their lines, key-value pairs with their
 * confidences, tables (merged cells resolved), selection elements, signatures and query answers. Built by
 * {@link DocumentModelBuilder}; {@code warnings} lists what was inconsistent in the blocks (missing related blocks,
 * dropped blocks over the bounds), never any document text.
 */
public record DocumentModel(List<Page> pages, List<KeyValue> keyValues, List<Table> tables,
                            List<SelectionElement> selections, List<Signature> signatures, List<QueryAnswer> queries,
                            List<String> warnings) {

    public record Page(int number, List<Line> lines) {
    }

    public record Line(String text, double confidence, int page, BoundingBox box) {
    }

    /**
     * A form field. {@code confidence()} is the lower of the KEY and VALUE blocks' confidences (Textract's own
     * measure of the pair); {@code selection} is set when the value is a check box or radio button.
     */
    public record KeyValue(String key, String value, double keyConfidence, double valueConfidence, int page,
                           Optional<Boolean> selection, BoundingBox box) {
        public double confidence() {
            return Math.min(keyConfidence, valueConfidence);
        }
    }

    /** A cell as a reader sees it: a merged cell replaces the cells it spans. */
    public record Cell(int row, int column, int rowSpan, int columnSpan, String text, double confidence,
                       double textConfidence, boolean merged, List<String> entityTypes) {
        public boolean covers(int r, int c) {
            return r >= row && r < row + rowSpan && c >= column && c < column + columnSpan;
        }
    }

    public record Table(int page, double confidence, List<String> entityTypes, int rows, int columns,
                        List<Cell> cells, String title, String footer) {

        /** The logical cells of row {@code r} (1-based), left to right; merged cells appear once. */
        public List<Cell> row(int r) {
            List<Cell> out = new ArrayList<>();
            for (Cell c : cells) {
                if (c.row() <= r && r < c.row() + c.rowSpan()) {
                    out.add(c);
                }
            }
            out.sort((a, b) -> Integer.compare(a.column(), b.column()));
            return out;
        }

        /** The logical cell covering (r, c), if any. */
        public Optional<Cell> at(int r, int c) {
            return cells.stream().filter(x -> x.covers(r, c)).findFirst();
        }
    }

    public record SelectionElement(int page, boolean selected, double confidence, BoundingBox box) {
    }

    public record Signature(int page, double confidence, BoundingBox box) {
    }

    /** A QUERIES answer: the question, its alias, the answer text (empty when Textract found none). */
    public record QueryAnswer(String question, String alias, Optional<String> answer, double confidence, int page) {
    }

    /** Every line of every page, in reading order. */
    public List<Line> lines() {
        List<Line> all = new ArrayList<>();
        pages.forEach(p -> all.addAll(p.lines()));
        return all;
    }
}
