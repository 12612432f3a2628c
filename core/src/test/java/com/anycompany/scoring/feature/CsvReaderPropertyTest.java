package com.anycompany.scoring.feature;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of the RFC 4180 reader: any table written with RFC 4180 quoting (commas, quotes, CR, LF, unicode in
 * cells; LF or CRLF line ends; with or without a BOM) reads back exactly; any input at all either reads or fails with
 * a {@link CsvReader.CsvFormatException} naming a line, within the bounds, and the reader always makes progress.
 */
class CsvReaderPropertyTest {

    @Provide
    Arbitrary<String> cell() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.strings().withChars("abc019 .-_").ofMaxLength(8)),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().withChars("a,\"\r\n ").ofMaxLength(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("é€😀\uFEFF\t").ofMaxLength(4)));
    }

    @Provide
    Arbitrary<List<List<String>>> table() {
        return cell().list().ofMinSize(1).ofMaxSize(6)
                .filter(row -> !(row.size() == 1 && row.get(0).isEmpty())) // that is a blank line
                .list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void anyQuotedTableReadsBackExactly(@ForAll("table") List<List<String>> table, @ForAll boolean crlf,
            @ForAll boolean bom) throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                text.append(i == 0 ? "" : ",").append(quote(row.get(i)));
            }
            text.append(eol);
        }
        assertEquals(table, readAll(new CsvReader(new StringReader(text.toString()))));
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.strings().withChars("a,\"\r\n\uFEFF é").ofMaxLength(200);
    }

    @Property(tries = 500)
    void anyInputReadsOrFailsClearlyWithinBounds(@ForAll("hostile") String input) throws IOException {
        int maxField = 8;
        int maxColumns = 5;
        int maxRecord = 20;
        CsvReader csv = new CsvReader(new StringReader(input), maxField, maxColumns, maxRecord);
        int calls = 0;
        while (true) {
            assertTrue(++calls <= input.length() + 2, "the reader makes progress on every call");
            try {
                List<String> row = csv.next();
                if (row == null) {
                    break;
                }
                assertTrue(row.size() <= maxColumns);
                row.forEach(c -> assertTrue(c.length() <= maxField));
                assertTrue(row.stream().mapToInt(String::length).sum() <= maxRecord);
            } catch (CsvReader.CsvFormatException e) {
                assertTrue(e.getMessage().matches("line \\d+: .+"), e.getMessage());
            }
        }
    }

    @Property(tries = 5)
    void aHugeFieldIsRefusedAndSkippedNotBuffered(@ForAll boolean quoted, @ForAll @IntRange(min = 2, max = 8) int mib)
            throws IOException {
        CountingReader in = new CountingReader((quoted ? "\"" : "") + "x", mib * 1024 * 1024);
        CsvReader csv = new CsvReader(in);
        CsvReader.CsvFormatException e = assertThrows(CsvReader.CsvFormatException.class, csv::next);
        assertTrue(e.getMessage().startsWith("line 1: a field is longer than " + CsvReader.DEFAULT_MAX_FIELD),
                e.getMessage());
        // the rest of the giant line was read through (streamed, not kept) and the reader is at the end
        assertEquals(in.total, in.served);
        assertEquals(null, csv.next());
    }

    @Example
    void aBrokenRecordFailsAloneAndTheNextRecordIsRead() throws IOException {
        String text = "a,b\n1,\"x\"y,3\n" + "9".repeat(CsvReader.DEFAULT_MAX_FIELD + 1) + ",1\n"
                + ",".repeat(CsvReader.DEFAULT_MAX_COLUMNS + 1) + "\n4,5\r\n";
        CsvReader csv = new CsvReader(new StringReader(text));
        assertEquals(List.of("a", "b"), csv.next());
        CsvReader.CsvFormatException quote = assertThrows(CsvReader.CsvFormatException.class, csv::next);
        assertEquals("line 2: text after a closing quote in column 2; quote the whole field and double inner quotes",
                quote.getMessage());
        assertTrue(assertThrows(CsvReader.CsvFormatException.class, csv::next).getMessage()
                .startsWith("line 3: a field is longer than " + CsvReader.DEFAULT_MAX_FIELD));
        assertTrue(assertThrows(CsvReader.CsvFormatException.class, csv::next).getMessage()
                .startsWith("line 4: more than " + CsvReader.DEFAULT_MAX_COLUMNS + " columns"));
        assertEquals(List.of("4", "5"), csv.next());
        assertEquals(null, csv.next());
    }

    @Example
    void aRecordLongerThanTheRecordLimitIsRefused() {
        String row = String.join(",", java.util.Collections.nCopies(40, "y".repeat(30_000))) + "\n";
        CsvReader.CsvFormatException e = assertThrows(CsvReader.CsvFormatException.class,
                () -> new CsvReader(new StringReader(row)).next());
        assertEquals("line 1: the record is longer than " + CsvReader.DEFAULT_MAX_RECORD
                + " characters (is a closing quote missing?)", e.getMessage());
        assertFalse(e.getMessage().contains("yyy"), "the message does not echo the data");
    }

    static String quote(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0 || cell.startsWith("\uFEFF");
        return needs || cell.isEmpty() ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    static List<List<String>> readAll(CsvReader csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row;
        while ((row = csv.next()) != null) {
            if (!row.isEmpty()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** A reader of {@code prefix} then {@code total} 'x' characters, generated, counting what was served. */
    static final class CountingReader extends Reader {
        private final String prefix;
        final long total;
        long served;

        CountingReader(String prefix, long total) {
            this.prefix = prefix;
            this.total = total;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (served >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - served);
            for (int i = 0; i < n; i++) {
                long at = served + i;
                buf[off + i] = at < prefix.length() ? prefix.charAt((int) at) : 'x';
            }
            served += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
