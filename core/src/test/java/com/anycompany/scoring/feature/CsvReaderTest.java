package com.anycompany.scoring.feature;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    private static List<List<String>> all(String text) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(text), 16, 4)) {
            List<String> row;
            while ((row = r.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void quotingCrlfAndEmbeddedNewlines() throws Exception {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "x\ny"), List.of("", "\"q\"")),
                all("a,b\r\n1,\"x\ny\"\r\n,\"\"\"q\"\"\"\n"));
    }

    @Test
    void lastLineWithoutNewlineAndBlankLines() throws Exception {
        assertEquals(List.of(List.of("a"), List.of(), List.of("b")), all("a\n\nb"));
        assertTrue(all("").isEmpty());
    }

    @Test
    void boundsAndBrokenQuotesAreClearErrors() {
        var tooWide = assertThrows(CsvReader.CsvFormatException.class, () -> all("1,2,3,4,5\n"));
        assertEquals("line 1: more than 4 columns", tooWide.getMessage());
        var tooLong = assertThrows(CsvReader.CsvFormatException.class, () -> all("a\n" + "x".repeat(17)));
        assertEquals("line 2: a field is longer than 16 characters (is a closing quote missing?)", tooLong.getMessage());
        var open = assertThrows(CsvReader.CsvFormatException.class, () -> all("a\n\"abc"));
        assertTrue(open.getMessage().startsWith("line 2: a quoted field is not closed"));
        var after = assertThrows(CsvReader.CsvFormatException.class, () -> all("\"a\"b\n"));
        assertTrue(after.getMessage().contains("text after a closing quote"));
    }

    @Test
    void endOfInputAfterLastRecord() throws Exception {
        try (CsvReader r = new CsvReader(new StringReader("x\n"))) {
            assertEquals(List.of("x"), r.next());
            assertNull(r.next());
        }
    }
}
