package com.anycompany.scoring.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record on one line (RFC 4180 quoting: {@code "a,b"}, doubled quotes). Batch input is split on line
 * boundaries, so a quoted field cannot span lines: such a line is an error for that row alone.
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
                    throw new Malformed("a quoted field in column " + (cells.size() + 1) + " is not closed on this line "
                            + "(batch input cannot have line breaks inside fields)");
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new Malformed("text after a closing quote in column " + (cells.size() + 1));
                }
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new Malformed("a quote inside an unquoted field in column " + (cells.size() + 1));
                    }
                    i++;
                }
                cell.append(line, start, i);
            }
            cells.add(cell.toString());
            if (cells.size() > maxColumns) {
                throw new Malformed("more than " + maxColumns + " columns");
            }
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    static void append(StringBuilder out, String cell) {
        if (cell == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
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
}
