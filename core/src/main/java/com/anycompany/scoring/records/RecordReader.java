package com.anycompany.scoring.records;

import com.anycompany.scoring.privacy.Redaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The one reader of record files: CSV or JSON Lines, optionally gzip, one record per line (LF or CRLF; a leading BOM
 * and blank lines are skipped). Used by {@code score}, the batch shards, monitoring and golden sets.
 *
 * <p>CSV is RFC 4180 (fields quoted with {@code "}, a quote inside doubled, commas inside quotes) with one decision of
 * ours, the same everywhere: <b>a record is one line</b>, so a line break inside a quoted field is not accepted. A batch
 * input is split into shards on line boundaries, and a record that could span lines could span shards; such a line is
 * an error for its record alone (and the rest of the broken record, on the next line, is another), never a silent
 * merge.
 *
 * <p>Limits ({@link Limits}): characters in one line, records in a file, fields in a record. A malformed or oversized
 * record comes back as a {@link Record} with an {@link Record#error() error}, so it fails alone and the next record is
 * read; too many records ends the read with a {@link RecordLimitException}. Errors name line numbers and columns,
 * never a value from the file.
 */
public final class RecordReader implements AutoCloseable {
    /** The two record formats, judged from a file name; a ".gz" suffix means gzip around either. */
    public enum Format {
        CSV, JSON_LINES;

        public static Format ofName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".gz")) {
                n = n.substring(0, n.length() - 3);
            }
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
                return JSON_LINES;
            }
            throw new IllegalArgumentException("cannot tell the format of '" + name + "': name it .csv or .jsonl "
                    + "(optionally .gz)");
        }

        public static boolean gzipped(String name) {
            return name.toLowerCase(Locale.ROOT).endsWith(".gz");
        }
    }

    /** Bounds on one file: characters in one line, records in the file, fields (CSV cells, JSON members) in one. */
    public record Limits(int maxLineChars, long maxRecords, int maxFields) {
        public static final Limits DEFAULT = new Limits(1024 * 1024, 100_000_000L, 4096);

        public Limits {
            if (maxLineChars < 1 || maxRecords < 1 || maxFields < 1) {
                throw new IllegalArgumentException("record limits must be positive");
            }
        }
    }

    /**
     * One record: its line number (1-based, physical lines), the line as read, and either its CSV cells or its JSON
     * object, or the reason it cannot be read.
     */
    public record Record(long line, String text, List<String> cells, JsonNode json, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The file holds more records than the limit allows; nothing after the limit was read. */
    public static final class RecordLimitException extends IllegalArgumentException {
        public RecordLimitException(String message) {
            super(message);
        }
    }

    /** A line that is not one valid CSV record; the message names the column, never the value. */
    public static final class MalformedCsvException extends Exception {
        public MalformedCsvException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Json.Limited JSON_LINE = Json.limited(StreamReadConstraints.builder()
            .maxNestingDepth(32).build());

    private final Reader in;
    private final Format format;
    private final Limits limits;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long lineNo;
    private long records;
    private boolean tooLong;
    private long length;

    public RecordReader(Reader in, Format format, Limits limits) {
        this.in = in;
        this.format = format;
        this.limits = limits;
    }

    /** Opens {@code raw} as the file {@code name} says: its format and whether it is gzipped. UTF-8. */
    public static RecordReader open(InputStream raw, String name, Limits limits) throws IOException {
        InputStream in = Format.gzipped(name) ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new RecordReader(new InputStreamReader(in, StandardCharsets.UTF_8), Format.ofName(name), limits);
    }

    public Format format() {
        return format;
    }

    /**
     * The next record, or null at the end of the input.
     *
     * @throws RecordLimitException when this record would be one more than {@link Limits#maxRecords()}
     */
    public Record next() throws IOException {
        String text;
        while (true) {
            text = nextLine();
            if (text == null) {
                return null;
            }
            lineNo++;
            if (lineNo == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (tooLong || !text.isBlank()) {
                break;
            }
        }
        if (++records > limits.maxRecords()) {
            throw new RecordLimitException("line " + lineNo + ": more than " + limits.maxRecords()
                    + " records in one file; split the file");
        }
        if (tooLong) {
            return failed(text, length + " characters, longer than the " + limits.maxLineChars()
                    + "-character limit for one record; split the record or remove the oversized field");
        }
        if (format == Format.CSV) {
            try {
                return new Record(lineNo, text, parseCsv(text, limits.maxFields()), null, null);
            } catch (MalformedCsvException e) {
                return failed(text, e.getMessage());
            }
        }
        JsonNode node;
        try {
            node = JSON_LINE.readTree(text);
        } catch (JsonProcessingException e) {
            return failed(text, "not JSON (" + Redaction.jsonLocation(e) + ")");
        }
        if (node == null || !node.isObject()) {
            return failed(text, "not a JSON object");
        }
        if (node.size() > limits.maxFields()) {
            return failed(text, "more than " + limits.maxFields() + " fields");
        }
        return new Record(lineNo, text, null, node, null);
    }

    private Record failed(String text, String reason) {
        return new Record(lineNo, text, null, null, reason);
    }

    /**
     * One CSV record on one line, RFC 4180 quoting; a quoted field must close on the same line.
     *
     * @throws MalformedCsvException naming the column (never the value) when the line is not one record
     */
    public static List<String> parseCsv(String line, int maxFields) throws MalformedCsvException {
        List<String> cells = new ArrayList<>(16);
        int n = line.length();
        int i = 0;
        StringBuilder cell = new StringBuilder();
        while (true) {
            cell.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                if (!closed) {
                    throw new MalformedCsvException("a quoted field in column " + (cells.size() + 1) + " is not closed "
                            + "on this line (a record is one line: fields cannot hold line breaks)");
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new MalformedCsvException("text after a closing quote in column " + (cells.size() + 1));
                }
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new MalformedCsvException("a quote inside an unquoted field in column "
                                + (cells.size() + 1));
                    }
                    i++;
                }
                cell.append(line, start, i);
            }
            cells.add(cell.toString());
            if (cells.size() > maxFields) {
                throw new MalformedCsvException("more than " + maxFields + " columns");
            }
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    /** Appends {@code cell} to a CSV line, quoted (RFC 4180) only when it holds a comma, a quote or a line break. */
    public static void appendCsv(StringBuilder out, String cell) {
        if (cell == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(cell);
            return;
        }
        out.append('"');
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /**
     * The next line without its terminator, null at end of input. A line longer than the limit is consumed to its end
     * but not kept (its first 200 characters are), so one giant line, or a file with no newline, cannot exhaust memory.
     */
    private String nextLine() throws IOException {
        StringBuilder line = new StringBuilder();
        tooLong = false;
        length = 0;
        boolean any = false;
        int max = limits.maxLineChars();
        while (true) {
            if (pos == len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return any ? finish(line) : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            length += n;
            if (!tooLong) {
                if (line.length() + n > max + 1) { // +1: a trailing CR is not part of the line
                    tooLong = true;
                    line.append(buf, start, Math.max(0, Math.min(n, 200 - line.length())));
                } else {
                    line.append(buf, start, n);
                }
            }
            if (pos < len) {
                pos++; // the '\n'
                return finish(line);
            }
        }
    }

    private String finish(StringBuilder line) {
        if (!tooLong && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
            length--;
        }
        if (!tooLong && line.length() > limits.maxLineChars()) {
            tooLong = true;
            line.setLength(200);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
