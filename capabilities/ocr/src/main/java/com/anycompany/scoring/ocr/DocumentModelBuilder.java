package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ocr.DocumentModel.Cell;
import com.anycompany.scoring.ocr.DocumentModel.KeyValue;
import com.anycompany.scoring.ocr.DocumentModel.Line;
import com.anycompany.scoring.ocr.DocumentModel.Page;
import com.anycompany.scoring.ocr.DocumentModel.QueryAnswer;
import com.anycompany.scoring.ocr.DocumentModel.SelectionElement;
import com.anycompany.scoring.ocr.DocumentModel.Signature;
import com.anycompany.scoring.ocr.DocumentModel.Table;
import com.anycompany.scoring.ocr.textract.Block;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns Textract blocks into a {@link DocumentModel}. Robust to what real responses and truncated outputs contain:
 * relationships to blocks that are not there (skipped, counted in a warning), KEYs without a VALUE, CELLs outside
 * their table, duplicate ids (first wins). Bounded: tables larger than {@link #MAX_TABLE_CELLS} cells are dropped
 * with a warning.
 */
public final class DocumentModelBuilder {
    public static final int MAX_TABLE_CELLS = 20_000;
    /** Largest row or column index or span a cell may have (a page holds far fewer; hostile values are dropped). */
    public static final int MAX_TABLE_DIMENSION = 1_000;
    private static final int MAX_WARNINGS = 20;

    private final Map<String, Block> byId = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private int missing;

    private DocumentModelBuilder(List<Block> blocks) {
        for (Block b : blocks) {
            byId.putIfAbsent(b.id(), b);
        }
    }

    public static DocumentModel build(List<Block> blocks) {
        return new DocumentModelBuilder(blocks).assemble(blocks);
    }

    private DocumentModel assemble(List<Block> blocks) {
        TreeMap<Integer, List<Line>> lines = new TreeMap<>();
        Set<Integer> pageNumbers = new HashSet<>();
        List<KeyValue> kvs = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        List<SelectionElement> selections = new ArrayList<>();
        List<Signature> signatures = new ArrayList<>();
        List<QueryAnswer> queries = new ArrayList<>();
        for (Block b : blocks) {
            switch (b.type()) {
                case "PAGE" -> pageNumbers.add(b.page());
                case "LINE" -> lines.computeIfAbsent(b.page(), k -> new ArrayList<>())
                        .add(new Line(b.text().isEmpty() ? childText(b) : b.text(), b.confidence(), b.page(), b.box()));
                case "KEY_VALUE_SET" -> {
                    if (b.hasEntity("KEY")) {
                        kvs.add(keyValue(b));
                    }
                }
                case "TABLE" -> table(b).ifPresent(tables::add);
                case "SELECTION_ELEMENT" -> selections.add(new SelectionElement(b.page(), b.selected(),
                        b.confidence(), b.box()));
                case "SIGNATURE" -> signatures.add(new Signature(b.page(), b.confidence(), b.box()));
                case "QUERY" -> queries.add(query(b));
                default -> {
                }
            }
        }
        pageNumbers.addAll(lines.keySet());
        List<Page> pages = new ArrayList<>();
        pageNumbers.stream().sorted().forEach(n -> pages.add(new Page(n, List.copyOf(lines.getOrDefault(n, List.of())))));
        if (missing > 0) {
            warn(missing + " relationship(s) point at blocks that are not in the response");
        }
        return new DocumentModel(List.copyOf(pages), List.copyOf(kvs), List.copyOf(tables), List.copyOf(selections),
                List.copyOf(signatures), List.copyOf(queries), List.copyOf(warnings));
    }

    private KeyValue keyValue(Block key) {
        String keyText = childText(key);
        List<Block> values = related(key, "VALUE");
        if (values.isEmpty()) {
            return new KeyValue(keyText, "", key.confidence(), 0, key.page(), Optional.empty(), key.box());
        }
        Block value = values.get(0);
        Optional<Boolean> selection = Optional.empty();
        for (Block c : related(value, "CHILD")) {
            if ("SELECTION_ELEMENT".equals(c.type())) {
                selection = Optional.of(c.selected());
            }
        }
        return new KeyValue(keyText, childText(value), key.confidence(), value.confidence(), key.page(), selection,
                key.box());
    }

    private Optional<Table> table(Block t) {
        List<Block> cellBlocks = related(t, "CHILD").stream().filter(c -> "CELL".equals(c.type())).toList();
        List<Block> mergedBlocks = related(t, "MERGED_CELL");
        if (cellBlocks.size() + mergedBlocks.size() > MAX_TABLE_CELLS) {
            warn("a table on page " + t.page() + " has more than " + MAX_TABLE_CELLS + " cells; dropped");
            return Optional.empty();
        }
        int rows = 0;
        int cols = 0;
        List<Cell> cells = new ArrayList<>();
        Set<String> mergedChildren = new HashSet<>();
        for (Block m : mergedBlocks) {
            if (!withinTable(m)) {
                continue;
            }
            List<Block> parts = related(m, "CHILD");
            parts.forEach(p -> mergedChildren.add(p.id()));
            StringBuilder text = new StringBuilder();
            double textConf = 100;
            for (Block p : parts) {
                String pt = childText(p);
                if (!pt.isEmpty()) {
                    text.append(text.length() == 0 ? "" : " ").append(pt);
                    textConf = Math.min(textConf, wordConfidence(p));
                }
            }
            cells.add(new Cell(m.rowIndex(), m.columnIndex(), m.rowSpan(), m.columnSpan(), text.toString(),
                    m.confidence(), text.length() == 0 ? 0 : textConf, true, m.entityTypes()));
        }
        for (Block c : cellBlocks) {
            if (!withinTable(c)) {
                continue;
            }
            rows = Math.max(rows, c.rowIndex() + c.rowSpan() - 1);
            cols = Math.max(cols, c.columnIndex() + c.columnSpan() - 1);
            if (mergedChildren.contains(c.id()) || c.rowIndex() < 1 || c.columnIndex() < 1) {
                continue;
            }
            String text = childText(c);
            cells.add(new Cell(c.rowIndex(), c.columnIndex(), c.rowSpan(), c.columnSpan(), text, c.confidence(),
                    text.isEmpty() ? 0 : wordConfidence(c), false, c.entityTypes()));
        }
        for (Cell m : cells) {
            rows = Math.max(rows, m.row() + m.rowSpan() - 1);
            cols = Math.max(cols, m.column() + m.columnSpan() - 1);
        }
        String title = related(t, "TABLE_TITLE").stream().map(this::childText).findFirst().orElse("");
        String footer = related(t, "TABLE_FOOTER").stream().map(this::childText).findFirst().orElse("");
        return Optional.of(new Table(t.page(), t.confidence(), t.entityTypes(), rows, cols, List.copyOf(cells),
                title, footer));
    }

    private QueryAnswer query(Block q) {
        List<Block> answers = related(q, "ANSWER");
        Block best = null;
        for (Block a : answers) {
            if (best == null || a.confidence() > best.confidence()) {
                best = a;
            }
        }
        return new QueryAnswer(q.queryText() == null ? "" : q.queryText(), q.queryAlias() == null ? "" : q.queryAlias(),
                best == null || best.text().isBlank() ? Optional.empty() : Optional.of(best.text()),
                best == null ? 0 : best.confidence(), best == null ? q.page() : best.page());
    }

    /** Text of a block's CHILD words (and check marks of its selection elements), else its own Text. */
    private String childText(Block b) {
        List<String> ids = b.related("CHILD");
        if (ids.isEmpty()) {
            return b.text();
        }
        StringBuilder s = new StringBuilder();
        for (String id : ids) {
            Block c = byId.get(id);
            if (c == null) {
                missing++;
                continue;
            }
            String part = switch (c.type()) {
                case "WORD" -> c.text();
                case "SELECTION_ELEMENT" -> c.selected() ? "[X]" : "[ ]";
                default -> "";
            };
            if (!part.isEmpty()) {
                s.append(s.length() == 0 ? "" : " ").append(part);
            }
        }
        return s.toString();
    }

    /** The lowest OCR confidence among a block's words (how sure Textract is of the text it read). */
    private double wordConfidence(Block b) {
        double min = Double.MAX_VALUE;
        for (String id : b.related("CHILD")) {
            Block c = byId.get(id);
            if (c != null && "WORD".equals(c.type())) {
                min = Math.min(min, c.confidence());
            }
        }
        return min == Double.MAX_VALUE ? b.confidence() : min;
    }

    /** Whether a cell's row, column and spans are within {@link #MAX_TABLE_DIMENSION}; warns when not. */
    private boolean withinTable(Block c) {
        boolean ok = c.rowIndex() <= MAX_TABLE_DIMENSION && c.columnIndex() <= MAX_TABLE_DIMENSION
                && c.rowSpan() <= MAX_TABLE_DIMENSION && c.columnSpan() <= MAX_TABLE_DIMENSION;
        if (!ok) {
            warn("cell " + c.id() + " on page " + c.page() + " has row " + c.rowIndex() + ", column "
                    + c.columnIndex() + ", spans " + c.rowSpan() + "x" + c.columnSpan() + " beyond "
                    + MAX_TABLE_DIMENSION + "; dropped");
        }
        return ok;
    }

    private List<Block> related(Block b, String type) {
        List<Block> out = new ArrayList<>();
        for (String id : b.related(type)) {
            Block r = byId.get(id);
            if (r == null) {
                missing++;
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private void warn(String w) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(w);
        }
    }
}
