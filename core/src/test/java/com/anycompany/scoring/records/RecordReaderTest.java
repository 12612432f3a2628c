package com.anycompany.scoring.records;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record reader against the outside oracle for CSV, the examples of RFC 4180 section 2 (each rule's example, with
 * its CRLFs), and against the limits. The one place we differ from the RFC is rule 6's line break inside quotes: a
 * record is one line, so that example fails, line by line, and the record after it still reads.
 */
class RecordReaderTest {
    private static final RecordReader.Limits DEFAULT = RecordReader.Limits.DEFAULT;

    private static List<RecordReader.Record> read(String text, RecordReader.Format f, RecordReader.Limits limits)
            throws IOException {
        List<RecordReader.Record> out = new ArrayList<>();
        try (RecordReader r = new RecordReader(new StringReader(text), f, limits)) {
            for (RecordReader.Record rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    private static List<List<String>> csv(String text) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (RecordReader.Record r : read(text, RecordReader.Format.CSV, DEFAULT)) {
            assertTrue(r.ok(), () -> "line " + r.line() + ": " + r.error());
            rows.add(r.cells());
        }
        return rows;
    }

    @Test
    void rfc4180Rule1RecordsOnSeparateLinesEndedByCrlf() throws IOException {
        assertEquals(List.of(List.of("aaa", "bbb", "ccc"), List.of("zzz", "yyy", "xxx")),
                csv("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"));
    }

    @Test
    void rfc4180Rule2TheLastRecordMayLackALineBreak() throws IOException {
        assertEquals(List.of(List.of("aaa", "bbb", "ccc"), List.of("zzz", "yyy", "xxx")),
                csv("aaa,bbb,ccc\r\nzzz,yyy,xxx"));
    }

    @Test
    void rfc4180Rule3AHeaderIsAnOrdinaryFirstLine() throws IOException {
        assertEquals(List.of(List.of("field_name", "field_name", "field_name"), List.of("aaa", "bbb", "ccc"),
                List.of("zzz", "yyy", "xxx")), csv("field_name,field_name,field_name\r\naaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"));
    }

    @Test
    void rfc4180Rule4SpacesArePartOfAField() throws IOException {
        assertEquals(List.of(List.of("aaa", " bbb ", "ccc")), csv("aaa, bbb ,ccc"));
    }

    @Test
    void rfc4180Rule5FieldsMayBeQuoted() throws IOException {
        assertEquals(List.of(List.of("aaa", "bbb", "ccc"), List.of("zzz", "yyy", "xxx")),
                csv("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx"));
    }

    @Test
    void rfc4180Rule6CommasInQuotesButALineBreakInQuotesFailsItsLinesAlone() throws IOException {
        assertEquals(List.of(List.of("aaa", "b,bb", "ccc")), csv("\"aaa\",\"b,bb\",\"ccc\""));
        List<RecordReader.Record> r = read("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx\r\n", RecordReader.Format.CSV,
                DEFAULT);
        assertEquals(3, r.size());
        assertEquals(1, r.get(0).line());
        assertEquals("a quoted field in column 2 is not closed on this line (a record is one line: fields cannot "
                + "hold line breaks)", r.get(0).error());
        assertEquals(2, r.get(1).line());
        assertFalse(r.get(1).ok());
        assertEquals(List.of("zzz", "yyy", "xxx"), r.get(2).cells());
        assertEquals(3, r.get(2).line());
    }

    @Test
    void rfc4180Rule7AQuoteInsideAQuotedFieldIsDoubled() throws IOException {
        assertEquals(List.of(List.of("aaa", "b\"bb", "ccc")), csv("\"aaa\",\"b\"\"bb\",\"ccc\""));
    }

    @Test
    void writtenCellsReadBackThroughTheSameRules() throws Exception {
        StringBuilder line = new StringBuilder();
        List<String> cells = List.of("plain", "a,b", "say \"hi\"", "", " spaced ");
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            RecordReader.appendCsv(line, cells.get(i));
        }
        assertEquals(cells, RecordReader.parseCsv(line.toString(), 10));
    }

    @Test
    void aBomAndBlankLinesAreSkippedAndLineNumbersArePhysical() throws IOException {
        List<RecordReader.Record> r = read("\uFEFFa,b\n\n  \n1,2\n", RecordReader.Format.CSV, DEFAULT);
        assertEquals(List.of(1L, 4L), r.stream().map(RecordReader.Record::line).toList());
        assertEquals(List.of("a", "b"), r.get(0).cells());
    }

    @Test
    void jsonLinesAreObjectsOrFailAloneWithoutEchoingTheirValues() throws IOException {
        List<RecordReader.Record> r = read("{\"ssn\":\"123-45-6789\"}\n{\"ssn\":\"987-65-4321\"\n[1]\n{\"a\":1}",
                RecordReader.Format.JSON_LINES, DEFAULT);
        assertEquals(4, r.size());
        assertEquals("123-45-6789", r.get(0).json().get("ssn").asText());
        assertTrue(r.get(1).error().startsWith("not JSON (at line 1, column "), r.get(1).error());
        assertFalse(r.get(1).error().contains("987"), r.get(1).error());
        assertEquals("not a JSON object", r.get(2).error());
        assertEquals(1, r.get(3).json().get("a").asInt());
    }

    @Test
    void aLineOverTheLengthLimitFailsAloneNamingItsLength() throws IOException {
        RecordReader.Limits small = new RecordReader.Limits(10, 100, 100);
        List<RecordReader.Record> r = read("1,2\n" + "9".repeat(25) + "\n3,4\n", RecordReader.Format.CSV, small);
        assertEquals(3, r.size());
        assertEquals("25 characters, longer than the 10-character limit for one record; split the record or remove "
                + "the oversized field", r.get(1).error());
        assertEquals(2, r.get(1).line());
        assertEquals(List.of("3", "4"), r.get(2).cells());
    }

    @Test
    void aRecordOverTheFieldLimitFailsAlone() throws IOException {
        RecordReader.Limits small = new RecordReader.Limits(1000, 100, 3);
        List<RecordReader.Record> csv = read("1,2,3,4\n1,2,3\n", RecordReader.Format.CSV, small);
        assertEquals("more than 3 columns", csv.get(0).error());
        assertTrue(csv.get(1).ok());
        List<RecordReader.Record> json = read("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}\n", RecordReader.Format.JSON_LINES,
                small);
        assertEquals("more than 3 fields", json.get(0).error());
    }

    @Test
    void moreRecordsThanTheLimitStopTheReadNamingTheLine() {
        RecordReader.Limits two = new RecordReader.Limits(1000, 2, 10);
        RecordReader.RecordLimitException e = assertThrows(RecordReader.RecordLimitException.class,
                () -> read("a\n\nb\nc\n", RecordReader.Format.CSV, two));
        assertEquals("line 4: more than 2 records in one file; split the file", e.getMessage());
    }

    @Test
    void aGzippedFileIsOpenedByItsName() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
        }
        try (RecordReader r = RecordReader.open(new ByteArrayInputStream(gz.toByteArray()), "rows.jsonl.gz", DEFAULT)) {
            assertEquals(RecordReader.Format.JSON_LINES, r.format());
            assertEquals(1, r.next().json().get("a").asInt());
            assertEquals(2, r.next().json().get("a").asInt());
            assertNull(r.next());
        }
        assertThrows(IllegalArgumentException.class, () -> RecordReader.Format.ofName("rows.txt"));
    }
}
