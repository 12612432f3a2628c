package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ocr.DocumentModel.Cell;
import com.anycompany.scoring.ocr.DocumentModel.KeyValue;
import com.anycompany.scoring.ocr.DocumentModel.QueryAnswer;
import com.anycompany.scoring.ocr.DocumentModel.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Extract and validate: for each field of a spec, every place the document answers it (QUERIES answers, form
 * key-value pairs whose label is a key phrase — exact matches before containing ones —, table cells under a row label
 * and column header, checked boxes of a choice), parsed to the field's type. The most confident valid reading at or
 * above the field's threshold is taken; confident readings that disagree, a required field that is missing,
 * unreadable or below its threshold, and failed cross-field rules become review reasons. Optional fields that cannot
 * be trusted are dropped (listed, not guessed).
 */
public final class FieldExtractor {
    /** Textract's SIGNATURE confidences run low (30–40 for clear handwritten signatures); below this it is noise. */
    public static final double MIN_SIGNATURE_CONFIDENCE = 25;

    /** The fields accepted, review reasons, and optional fields dropped. */
    public record Result(Map<String, ExtractedField> fields, List<Reason> reasons, List<Reason> dropped) {
    }

    /** One place that answers a field; a lower {@code rank} is a stronger locator (earlier key phrase, exact label). */
    record Candidate(String raw, double confidence, String source, String label, int page, int rank) {
    }

    public Result extract(FormSpec spec, DocumentModel doc) {
        Map<String, ExtractedField> fields = new LinkedHashMap<>();
        List<Reason> reasons = new ArrayList<>();
        List<Reason> dropped = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            Optional<Reason> problem = extractField(f, doc, fields);
            problem.ifPresent(r -> (f.required() ? reasons : dropped).add(r));
        }
        for (FormSpec.Rule rule : spec.rules()) {
            ExtractedField left = fields.get(rule.left());
            ExtractedField right = fields.get(rule.right());
            if (left == null || right == null) {
                continue;
            }
            int cmp = compare(left.value(), right.value());
            boolean holds = rule.check().equals("lte") ? cmp <= 0 : cmp >= 0;
            if (!holds) {
                reasons.add(new Reason(rule.left(), "rule", rule.reason() + " (" + rule.left() + " "
                        + (rule.check().equals("lte") ? "must be ≤ " : "must be ≥ ") + rule.right() + ")"));
            }
        }
        long signed = doc.signatures().stream().filter(s -> s.confidence() >= MIN_SIGNATURE_CONFIDENCE).count();
        if (spec.minSignatures() > 0 && signed < spec.minSignatures()) {
            reasons.add(new Reason(null, "signature_missing", "expected at least " + spec.minSignatures()
                    + " signature(s), Textract detected " + signed));
        }
        return new Result(fields, List.copyOf(reasons), List.copyOf(dropped));
    }

    private Optional<Reason> extractField(FieldSpec f, DocumentModel doc, Map<String, ExtractedField> out) {
        List<Candidate> candidates = candidates(f, doc);
        if (candidates.isEmpty()) {
            return f.required() ? Optional.of(new Reason(f.name(), "missing", "not found on the document (looked for "
                    + describe(f) + ")")) : Optional.empty();
        }
        record Reading(Candidate c, FieldValues.Parsed p) {
        }
        List<Reading> readings = candidates.stream().map(c -> new Reading(c, FieldValues.parse(f, c.raw())))
                .sorted(Comparator.comparingDouble((Reading r) -> r.c().confidence()).reversed()).toList();
        List<Reading> valid = readings.stream().filter(r -> r.p().valid()).toList();
        List<Reading> confident = valid.stream().filter(r -> r.c().confidence() >= f.minConfidence()).toList();
        if (!confident.isEmpty()) {
            int strongest = confident.stream().mapToInt(r -> r.c().rank()).min().orElseThrow();
            confident = confident.stream().filter(r -> r.c().rank() == strongest).toList();
            Set<Object> distinct = new LinkedHashSet<>();
            confident.forEach(r -> distinct.add(key(r.p().value())));
            if (distinct.size() > 1) {
                List<String> where = confident.stream().map(r -> r.c().source() + " '" + r.c().label() + "'")
                        .distinct().limit(4).toList();
                return Optional.of(new Reason(f.name(), "conflict", "the document gives " + distinct.size()
                        + " different values (" + String.join(", ", where) + ")"));
            }
            Reading best = confident.get(0);
            out.put(f.name(), new ExtractedField(f.name(), f.type(), best.p().value(), best.c().confidence(),
                    best.c().source(), best.c().label(), best.c().page()));
            return Optional.empty();
        }
        if (!valid.isEmpty()) {
            Reading best = valid.get(0);
            return Optional.of(new Reason(f.name(), "low_confidence", String.format(Locale.ROOT,
                    "read with %.1f%% confidence (%s), below the %.0f%% threshold", best.c().confidence(),
                    best.c().source(), f.minConfidence())));
        }
        Reading best = readings.get(0);
        // the field's name and the kind of problem only: the label as printed on the document is the document's
        // text, which can carry a name or a figure (issue 14), and reasons reach the logs
        return Optional.of(new Reason(f.name(), best.p().code(), "the value read from the " + best.c().source() + " "
                + best.p().problem()));
    }

    private static Object key(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros() : v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return x.compareTo(y);
        }
        if (a instanceof Comparable x && a.getClass() == b.getClass()) {
            return x.compareTo(b);
        }
        return 0;
    }

    private static String describe(FieldSpec f) {
        List<String> parts = new ArrayList<>();
        if (!f.keys().isEmpty()) {
            parts.add("labels " + f.keys());
        }
        if (!f.queries().isEmpty()) {
            parts.add("queries " + f.queries());
        }
        f.table().ifPresent(t -> parts.add("table rows " + t.rows()));
        if (!f.options().isEmpty()) {
            parts.add("check boxes " + f.options().keySet());
        }
        return String.join("; ", parts);
    }

    List<Candidate> candidates(FieldSpec f, DocumentModel doc) {
        List<Candidate> out = new ArrayList<>();
        for (QueryAnswer q : doc.queries()) {
            String alias = Phrases.normalize(q.alias());
            String question = Phrases.normalize(q.question());
            if (q.answer().isPresent() && (f.queries().contains(alias) || f.queries().contains(question))) {
                out.add(new Candidate(q.answer().get(), q.confidence(), "query", q.alias().isEmpty()
                        ? q.question() : q.alias(), q.page(), 0));
            }
        }
        if (f.type() == FieldType.CHOICE) {
            for (KeyValue kv : doc.keyValues()) {
                if (kv.selection().orElse(false)) {
                    String key = Phrases.normalize(kv.key());
                    f.options().forEach((option, labels) -> {
                        if (labels.contains(key)) {
                            out.add(new Candidate(option, kv.confidence(), "selection", kv.key(), kv.page(), 0));
                        }
                    });
                }
            }
            return out;
        }
        for (KeyValue kv : doc.keyValues()) {
            if (kv.selection().isPresent()) {
                continue;
            }
            String key = Phrases.normalize(kv.key());
            int rank = -1;
            for (int i = 0; i < f.keys().size() && rank < 0; i++) {
                rank = key.equals(f.keys().get(i)) ? i : -1;
            }
            for (int i = 0; i < f.keys().size() && rank < 0; i++) {
                rank = Phrases.contains(key, f.keys().get(i)) ? 1000 + i : -1;
            }
            if (rank >= 0) {
                out.add(new Candidate(kv.value(), kv.confidence(), "form", kv.key(), kv.page(), rank));
            }
        }
        f.table().ifPresent(locator -> doc.tables().forEach(t -> tableCandidates(t, locator, out)));
        return out;
    }

    private static void tableCandidates(Table t, FieldSpec.TableLocator locator, List<Candidate> out) {
        // only the rows some cell covers, in order, instead of every index up to t.rows()
        java.util.BitSet covered = coveredRows(t);
        for (int r = covered.nextSetBit(1); r >= 0; r = covered.nextSetBit(r + 1)) {
            for (Cell label : t.row(r)) {
                int rank = locator.rows().indexOf(Phrases.normalize(label.text()));
                if (rank < 0) {
                    continue;
                }
                Optional<Cell> value = Optional.empty();
                if (!locator.columns().isEmpty()) {
                    value = header(t, covered, r, locator.columns()).flatMap(col -> t.at(label.row(), col))
                            .filter(c -> c != label);
                }
                if (value.isEmpty()) {
                    value = t.row(label.row()).stream()
                            .filter(c -> c.column() > label.column() + label.columnSpan() - 1)
                            .filter(c -> !c.text().isBlank()).findFirst();
                }
                value.filter(c -> !c.text().isBlank()).ifPresent(c -> out.add(new Candidate(c.text(),
                        c.textConfidence(), "table", label.text(), t.page(), rank)));
            }
        }
    }

    /** The column of a header cell (in a row above {@code row}) whose text is one of {@code columns}. */
    private static Optional<Integer> header(Table t, java.util.BitSet covered, int row, List<String> columns) {
        for (int r = covered.nextSetBit(1); r >= 0 && r < row; r = covered.nextSetBit(r + 1)) {
            for (Cell c : t.row(r)) {
                if (columns.contains(Phrases.normalize(c.text()))) {
                    return Optional.of(c.column());
                }
            }
        }
        return Optional.empty();
    }

    /** The row numbers (from 1) that at least one cell covers, ascending; bounded by the cells' spans. */
    private static java.util.BitSet coveredRows(Table t) {
        java.util.BitSet rows = new java.util.BitSet();
        for (Cell c : t.cells()) {
            long last = Math.min((long) c.row() + c.rowSpan() - 1, t.rows());
            long first = Math.max(1, c.row());
            if (first <= last) {
                rows.set((int) first, (int) last + 1);
            }
        }
        return rows;
    }
}
