package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.RecordReader;

import java.util.List;

/**
 * One CSV record on one line, for the shard scorer, through the one record reader's CSV rules
 * ({@link RecordReader#parseCsv}): a record is one line, so a quoted field cannot span lines and such a line is an
 * error for that row alone.
 */
final class CsvLine {
    private CsvLine() {
    }

    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static List<String> parse(String line, int maxColumns) throws Malformed {
        try {
            return RecordReader.parseCsv(line, maxColumns);
        } catch (RecordReader.MalformedCsvException e) {
            throw new Malformed(e.getMessage());
        }
    }

    static void append(StringBuilder out, String cell) {
        RecordReader.appendCsv(out, cell);
    }
}
