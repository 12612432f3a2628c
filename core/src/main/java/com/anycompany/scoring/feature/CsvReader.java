package com.anycompany.scoring.feature;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 CSV reader: quoted fields with doubled quotes, embedded commas and newlines, CRLF or LF line ends,
 * a leading BOM. Bounded: a field longer than {@code maxFieldChars} or a row with more than {@code maxColumns} cells
 * is an error naming the line, so a hostile file cannot exhaust memory.
 */
public final class CsvReader implements AutoCloseable {
    public static final int DEFAULT_MAX_FIELD = 64 * 1024;
    public static final int DEFAULT_MAX_COLUMNS = 4096;
    /** Longest record (all its fields together), in characters. */
    public static final int DEFAULT_MAX_RECORD = 1024 * 1024;

    private final Reader in;
    private final int maxField;
    private final int maxColumns;
    private final int maxRecord;
    private int recordChars;
    private boolean endedLine;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private long line = 1;
    private long recordStartLine = 1;
    private boolean first = true;

    public CsvReader(Reader in) {
        this(in, DEFAULT_MAX_FIELD, DEFAULT_MAX_COLUMNS);
    }

    public CsvReader(Reader in, int maxField, int maxColumns) {
        this(in, maxField, maxColumns, DEFAULT_MAX_RECORD);
    }

    public CsvReader(Reader in, int maxField, int maxColumns, int maxRecord) {
        this.in = in;
        this.maxField = maxField;
        this.maxColumns = maxColumns;
        this.maxRecord = maxRecord;
    }

    /** The line the last returned record started on (1-based, counting physical lines). */
    public long recordLine() {
        return recordStartLine;
    }

    /**
     * The next record, or null at end of input. A blank line is returned as an empty list. A malformed or oversized
     * record is a {@link CsvFormatException} naming its line; the rest of that physical line is skipped, so the caller
     * can record the error and go on with the next record.
     */
    public List<String> next() throws IOException {
        try {
            return record();
        } catch (CsvFormatException e) {
            if (!endedLine) {
                skipLine();
            }
            throw e;
        }
    }

    private void skipLine() throws IOException {
        int c;
        do {
            c = read();
        } while (c >= 0 && c != '\n');
        if (c == '\n') {
            line++;
        }
    }

    private List<String> record() throws IOException {
        recordChars = 0;
        endedLine = false;
        int c = read();
        if (c < 0) {
            return null;
        }
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
                if (c < 0) {
                    return null;
                }
            }
        }
        recordStartLine = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new CsvFormatException("line " + recordStartLine + ": a quoted field is not closed before "
                            + "the end of the file");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        append(cell, '"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append(cell, (char) c);
                }
            } else if (c == '"' && cell.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n' || c == '\r' || c < 0) {
                endedLine = c == '\n' || c < 0;
                addCell(cells, cell);
                wasQuoted = false;
                if (c == ',') {
                    c = read();
                    continue;
                }
                if (c == '\r') {
                    int n = read();
                    if (n != '\n' && n >= 0) {
                        unread();
                    }
                }
                if (c >= 0) {
                    line++;
                }
                if (cells.size() == 1 && cells.get(0).isEmpty()) {
                    return List.of();
                }
                return cells;
            } else if (wasQuoted) {
                throw new CsvFormatException("line " + recordStartLine + ": text after a closing quote in column "
                        + (cells.size() + 1) + "; quote the whole field and double inner quotes");
            } else {
                append(cell, (char) c);
            }
            c = read();
        }
    }

    private void addCell(List<String> cells, StringBuilder cell) {
        if (cells.size() >= maxColumns) {
            throw new CsvFormatException("line " + recordStartLine + ": more than " + maxColumns + " columns");
        }
        cells.add(cell.toString());
        cell.setLength(0);
    }

    private void append(StringBuilder cell, char ch) {
        if (cell.length() >= maxField) {
            throw new CsvFormatException("line " + recordStartLine + ": a field is longer than " + maxField
                    + " characters (is a closing quote missing?)");
        }
        if (++recordChars > maxRecord) {
            throw new CsvFormatException("line " + recordStartLine + ": the record is longer than " + maxRecord
                    + " characters (is a closing quote missing?)");
        }
        cell.append(ch);
    }

    private int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private void unread() {
        pos--;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The file is not valid CSV at a given line. */
    public static final class CsvFormatException extends RuntimeException {
        public CsvFormatException(String message) {
            super(message);
        }
    }
}
