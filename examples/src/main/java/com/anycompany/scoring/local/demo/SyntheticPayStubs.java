package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic pay stubs and the GetDocumentAnalysis response Textract would return for them (FORMS + TABLES), built
 * deterministically from a seed: PAGE, LINE and WORD blocks with geometry, KEY_VALUE_SET pairs, an earnings TABLE
 * whose "Gross Pay" label is a MERGED_CELL, a direct-deposit SELECTION_ELEMENT, CHILD / VALUE / MERGED_CELL
 * relationships and per-block confidences. Variants make documents that must go to review.
 */
public final class SyntheticPayStubs {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.US);
    private static final String[] FIRST = {"Maria", "James", "Aiyana", "Chen", "Priya", "Diego", "Fatima", "Noah",
            "Olga", "Kwame", "Sofia", "Liam"};
    private static final String[] LAST = {"Garcia", "Okafor", "Nguyen", "Smith", "Patel", "Rossi", "Kowalski",
            "Haddad", "Johnson", "Silva", "Tanaka", "Müller"};
    private static final String[] EMPLOYERS = {"AnyCompany Logistics", "Example Foods Inc.", "AnyCompany Health",
            "Octank Manufacturing"};

    /** What a stub is made to test. */
    public enum Variant {
        /** consistent and confident: becomes a typed record */
        CLEAN,
        /** net pay above gross pay: review ("net pay is greater than gross pay") */
        NET_ABOVE_GROSS,
        /** the net pay is hard to read (62% confidence): review (low confidence) */
        LOW_CONFIDENCE,
        /** an SSN that is never issued (area 9xx): review (invalid SSN) */
        BAD_SSN,
        /** year-to-date gross below this period's gross: review */
        YTD_BELOW_GROSS
    }

    /** The facts printed on the stub, the Textract response, and the uploaded file's bytes. */
    public record PayStub(String id, Variant variant, String employee, String ssn, String employer, String ein,
                          LocalDate periodEnd, LocalDate payDate, BigDecimal gross, BigDecimal net, BigDecimal ytdGross,
                          ObjectNode textract, byte[] pdf) {
    }

    private final SplittableRandom random;

    public SyntheticPayStubs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public PayStub next(String id, Variant variant) {
        String employee = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        String employer = EMPLOYERS[random.nextInt(EMPLOYERS.length)];
        int area = variant == Variant.BAD_SSN ? 900 + random.nextInt(100) : 1 + random.nextInt(665);
        String ssn = String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
        String ein = String.format("%02d-%07d", 10 + random.nextInt(6), random.nextInt(10_000_000));
        LocalDate periodEnd = LocalDate.of(2026, 1, 2).plusWeeks(2L * random.nextInt(20));
        LocalDate payDate = periodEnd.plusDays(5);
        BigDecimal rate = BigDecimal.valueOf(18 + random.nextInt(40)).add(BigDecimal.valueOf(random.nextInt(100), 2));
        BigDecimal hours = BigDecimal.valueOf(72 + random.nextInt(9));
        BigDecimal overtimeHours = BigDecimal.valueOf(random.nextInt(6));
        BigDecimal regular = rate.multiply(hours).setScale(2, RoundingMode.HALF_UP);
        BigDecimal overtime = rate.multiply(new BigDecimal("1.5")).multiply(overtimeHours).setScale(2, RoundingMode.HALF_UP);
        BigDecimal gross = regular.add(overtime);
        BigDecimal withholding = new BigDecimal("0.2" + (random.nextInt(8) + 1));
        BigDecimal net = gross.multiply(BigDecimal.ONE.subtract(withholding)).setScale(2, RoundingMode.HALF_UP);
        if (variant == Variant.NET_ABOVE_GROSS) {
            net = gross.multiply(new BigDecimal("1.12")).setScale(2, RoundingMode.HALF_UP);
        }
        int periods = (int) (periodEnd.getDayOfYear() / 14) + 1;
        BigDecimal ytdRegular = regular.multiply(BigDecimal.valueOf(periods));
        BigDecimal ytdOvertime = overtime.multiply(BigDecimal.valueOf(periods));
        BigDecimal ytd = ytdRegular.add(ytdOvertime);
        if (variant == Variant.YTD_BELOW_GROSS) {
            ytd = gross.subtract(new BigDecimal("100.00"));
            ytdRegular = ytd;
            ytdOvertime = BigDecimal.ZERO.setScale(2);
        }
        Page page = new Page(random);
        page.line(0.06, 0.04, 98.9, employer.toUpperCase(Locale.ROOT));
        page.line(0.06, 0.07, 99.4, "Earnings Statement");
        page.keyValue(0.06, 0.12, "Employee Name:", employee, 97.5);
        page.keyValue(0.06, 0.15, "Social Security Number:", ssn, 96.8);
        page.keyValue(0.55, 0.12, "Employer EIN:", ein, 96.1);
        page.keyValue(0.55, 0.15, "Period ending:", US.format(periodEnd), 97.9);
        page.keyValue(0.55, 0.18, "Pay date:", US.format(payDate), 98.2);
        page.selection(0.06, 0.21, "Direct Deposit", true, 95.5);
        page.table(0.06, 0.27, List.of(
                List.of("Earnings", "rate", "hours", "this period", "year to date"),
                List.of("Regular", rate.toPlainString(), hours.toPlainString(), money(regular), money(ytdRegular)),
                List.of("Overtime", rate.multiply(new BigDecimal("1.5")).setScale(2, RoundingMode.HALF_UP).toPlainString(),
                        overtimeHours.toPlainString(), money(overtime), money(ytdOvertime)),
                List.of("Gross Pay", "", "", "$ " + money(gross), money(ytd))));
        double netConfidence = variant == Variant.LOW_CONFIDENCE ? 62.0 : 96.4;
        page.keyValue(0.55, 0.50, "Net Pay:", "$" + money(net), netConfidence);
        ObjectNode response = page.response();
        String text = "%PDF-1.4\n% synthetic pay stub " + id + " (placeholder: Textract is simulated locally)\n"
                + "% " + employer + " / " + employee + " / " + US.format(payDate) + "\n%%EOF\n";
        return new PayStub(id, variant, employee, ssn, employer, ein, periodEnd, payDate, gross, net, ytd, response,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static String money(BigDecimal v) {
        return String.format(Locale.US, "%,.2f", v);
    }

    /** Lays out one page of blocks. */
    private static final class Page {
        private final SplittableRandom random;
        private final ArrayNode blocks = JSON.createArrayNode();
        private final ObjectNode pageBlock;
        private final List<String> pageChildren = new ArrayList<>();
        private int next;

        Page(SplittableRandom random) {
            this.random = random;
            pageBlock = block("PAGE", 99.9, 0, 0, 1, 1);
        }

        ObjectNode response() {
            rel(pageBlock, "CHILD", pageChildren);
            ObjectNode r = JSON.createObjectNode();
            r.put("JobStatus", "SUCCEEDED");
            r.putObject("DocumentMetadata").put("Pages", 1);
            r.set("Blocks", blocks);
            r.put("AnalyzeDocumentModelVersion", "1.0");
            return r;
        }

        /** A line of words; returns the word ids. */
        List<String> line(double left, double top, double confidence, String text) {
            List<String> words = new ArrayList<>();
            double x = left;
            ObjectNode line = block("LINE", confidence, left, top, 0.0085 * text.length(), 0.012);
            line.put("Text", text);
            pageChildren.add(line.get("Id").asText());
            for (String w : text.split(" ")) {
                if (w.isEmpty()) {
                    continue;
                }
                ObjectNode word = block("WORD", Math.min(99.99, confidence + jitter()), x, top, 0.0085 * w.length(), 0.012);
                word.put("Text", w);
                word.put("TextType", "PRINTED");
                words.add(word.get("Id").asText());
                x += 0.0085 * (w.length() + 1);
            }
            rel(line, "CHILD", words);
            return words;
        }

        void keyValue(double left, double top, String key, String value, double confidence) {
            List<String> words = line(left, top, confidence, key + " " + value);
            int keyWords = key.split(" ").length;
            ObjectNode v = block("KEY_VALUE_SET", confidence + jitter(), left + 0.0085 * (key.length() + 1), top,
                    0.0085 * value.length(), 0.012);
            v.putArray("EntityTypes").add("VALUE");
            rel(v, "CHILD", words.subList(keyWords, words.size()));
            ObjectNode k = block("KEY_VALUE_SET", confidence + jitter(), left, top, 0.0085 * key.length(), 0.012);
            k.putArray("EntityTypes").add("KEY");
            ArrayNode rels = k.putArray("Relationships");
            ObjectNode valueRel = rels.addObject().put("Type", "VALUE");
            valueRel.putArray("Ids").add(v.get("Id").asText());
            ObjectNode childRel = rels.addObject().put("Type", "CHILD");
            words.subList(0, keyWords).forEach(childRel.withArray("Ids")::add);
            pageChildren.add(k.get("Id").asText());
            pageChildren.add(v.get("Id").asText());
        }

        void selection(double left, double top, String key, boolean selected, double confidence) {
            List<String> words = line(left, top, confidence, key);
            ObjectNode mark = block("SELECTION_ELEMENT", confidence, left + 0.0085 * (key.length() + 1), top, 0.012, 0.012);
            mark.put("SelectionStatus", selected ? "SELECTED" : "NOT_SELECTED");
            ObjectNode v = block("KEY_VALUE_SET", confidence, left + 0.0085 * (key.length() + 1), top, 0.012, 0.012);
            v.putArray("EntityTypes").add("VALUE");
            rel(v, "CHILD", List.of(mark.get("Id").asText()));
            ObjectNode k = block("KEY_VALUE_SET", confidence, left, top, 0.0085 * key.length(), 0.012);
            k.putArray("EntityTypes").add("KEY");
            ArrayNode rels = k.putArray("Relationships");
            rels.addObject().put("Type", "VALUE").putArray("Ids").add(v.get("Id").asText());
            ObjectNode childRel = rels.addObject().put("Type", "CHILD");
            words.forEach(childRel.withArray("Ids")::add);
            pageChildren.add(k.get("Id").asText());
            pageChildren.add(v.get("Id").asText());
        }

        /** A table; in the last row, an empty run of cells after a label merges with it (as Textract reports). */
        void table(double left, double top, List<List<String>> rows) {
            double colWidth = 0.16;
            double rowHeight = 0.03;
            ObjectNode table = block("TABLE", 98.6, left, top, colWidth * rows.get(0).size(), rowHeight * rows.size());
            table.putArray("EntityTypes").add("STRUCTURED_TABLE");
            pageChildren.add(table.get("Id").asText());
            List<String> cells = new ArrayList<>();
            List<String> merged = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                List<String> rowCells = new ArrayList<>();
                for (int c = 0; c < row.size(); c++) {
                    double x = left + c * colWidth;
                    double y = top + r * rowHeight;
                    ObjectNode cell = block("CELL", 88 + random.nextDouble() * 10, x, y, colWidth, rowHeight);
                    cell.put("RowIndex", r + 1).put("ColumnIndex", c + 1).put("RowSpan", 1).put("ColumnSpan", 1);
                    if (r == 0) {
                        cell.putArray("EntityTypes").add("COLUMN_HEADER");
                    }
                    String text = row.get(c);
                    if (!text.isEmpty()) {
                        rel(cell, "CHILD", line(x + 0.005, y + 0.008, 97 + random.nextDouble() * 2.5, text));
                    }
                    cells.add(cell.get("Id").asText());
                    rowCells.add(cell.get("Id").asText());
                }
                if (r == rows.size() - 1) {
                    int span = 1;
                    while (span < row.size() && row.get(span).isEmpty()) {
                        span++;
                    }
                    if (span > 1) {
                        ObjectNode m = block("MERGED_CELL", 93.1, left, top + r * rowHeight, colWidth * span, rowHeight);
                        m.put("RowIndex", r + 1).put("ColumnIndex", 1).put("RowSpan", 1).put("ColumnSpan", span);
                        m.putArray("EntityTypes").add("TABLE_SUMMARY");
                        rel(m, "CHILD", rowCells.subList(0, span));
                        merged.add(m.get("Id").asText());
                    }
                }
            }
            ArrayNode rels = table.putArray("Relationships");
            ObjectNode child = rels.addObject().put("Type", "CHILD");
            cells.forEach(child.withArray("Ids")::add);
            if (!merged.isEmpty()) {
                ObjectNode m = rels.addObject().put("Type", "MERGED_CELL");
                merged.forEach(m.withArray("Ids")::add);
            }
        }

        private double jitter() {
            return random.nextDouble() * 1.5 - 0.75;
        }

        private ObjectNode block(String type, double confidence, double left, double top, double width, double height) {
            ObjectNode b = blocks.addObject();
            b.put("BlockType", type);
            b.put("Confidence", Math.round(Math.min(100, confidence) * 1e4) / 1e4);
            ObjectNode g = b.putObject("Geometry");
            g.putObject("BoundingBox").put("Width", r6(width)).put("Height", r6(height)).put("Left", r6(left))
                    .put("Top", r6(top));
            ArrayNode poly = g.putArray("Polygon");
            poly.addObject().put("X", r6(left)).put("Y", r6(top));
            poly.addObject().put("X", r6(left + width)).put("Y", r6(top));
            poly.addObject().put("X", r6(left + width)).put("Y", r6(top + height));
            poly.addObject().put("X", r6(left)).put("Y", r6(top + height));
            b.put("Id", String.format("%08x-%04x-4%03x-8%03x-%012x", 0x5eed0000 + next, next % 0xffff, next % 0xfff,
                    (next * 7) % 0xfff, (long) next * 2654435761L % 0xffffffffffffL));
            next++;
            b.put("Page", 1);
            return b;
        }

        private static void rel(ObjectNode b, String type, List<String> ids) {
            if (ids.isEmpty()) {
                return;
            }
            ArrayNode rels = b.has("Relationships") ? (ArrayNode) b.get("Relationships") : b.putArray("Relationships");
            ObjectNode r = rels.addObject().put("Type", type);
            ids.forEach(r.withArray("Ids")::add);
        }

        private static double r6(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }
}
