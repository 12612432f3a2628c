package com.anycompany.scoring.batch;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF or CRLF) holding at most {@code maxChars} characters of each: a longer line is consumed to its end
 * but not kept, and reported by {@link #lastTooLong()}, so one giant line (or a file with no newline at all) cannot
 * exhaust memory the way {@link java.io.BufferedReader#readLine()} would.
 */
final class BoundedLineReader {
    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private boolean tooLong;
    private long length;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, null at end of input; for a too-long line, its first 200 characters. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        tooLong = false;
        length = 0;
        boolean any = false;
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
                if (line.length() + n > maxChars + 1) { // +1: a trailing CR is not part of the line
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
        if (!tooLong && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
            length--;
        }
        if (!tooLong && line.length() > maxChars) {
            tooLong = true;
            line.setLength(200);
        }
        return line.toString();
    }

    /** Whether the line last returned was longer than the bound (its text is then only a prefix). */
    boolean lastTooLong() {
        return tooLong;
    }

    /** Characters in the line last returned, counted in full even when it was too long. */
    long lastLength() {
        return length;
    }
}
