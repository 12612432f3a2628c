package com.anycompany.scoring.model;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A minimal reader for gzip-compressed tar archives (ustar, GNU long names, pax paths): finds one file by name. */
final class TarGzReader {
    private static final int BLOCK = 512;

    private TarGzReader() {
    }

    /**
     * Returns the content of the regular file whose path, without a leading {@code ./}, ends in {@code /name} or equals
     * {@code name}. Fails with {@link CorruptArtifactException} when the archive is corrupt or holds no such file.
     */
    static byte[] extract(String source, byte[] gz, String name) {
        List<String> seen = new ArrayList<>();
        ModelLimits limits = ModelLimits.current();
        // the whole archive may inflate to the model limit plus room for other entries and headers, no more
        long maxInflated = Math.min(Long.MAX_VALUE / 4, limits.maxBytes() * 2 + (1 << 20));
        try (InputStream in = new BoundedInflation(new GZIPInputStream(new ByteArrayInputStream(gz), 64 * 1024),
                maxInflated, source)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            long offset = 0;
            while (true) {
                if (!readFully(in, header)) {
                    break; // archive without the end-of-archive blocks: tolerated, like GNU tar
                }
                if (isZero(header)) {
                    break;
                }
                verifyChecksum(source, header, offset);
                long size = parseSize(source, header, offset);
                char type = (char) header[156];
                String path = longName != null ? longName : headerPath(header);
                longName = null;
                offset += BLOCK;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == 'L' || type == 'x') {
                    if (size > 1 << 20) {
                        throw new CorruptArtifactException(source + ": tar extended header of " + size + " bytes at byte "
                                + offset + " is implausibly large; the archive is corrupt");
                    }
                    byte[] data = readExactly(source, in, (int) size, offset);
                    skip(source, in, padded - size, offset);
                    longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                } else if ((type == '0' || type == '\0' || type == '7') && matches(path, name)) {
                    limits.checkArtifactSize(source + "!" + path, size);
                    return readExactly(source, in, (int) size, offset);
                } else {
                    if (seen.size() < 20) {
                        seen.add(path);
                    }
                    skip(source, in, padded, offset);
                }
                offset += padded;
            }
        } catch (EOFException e) {
            throw new CorruptArtifactException(source + ": the gzip stream is truncated (unexpected end of input);"
                    + " re-upload the complete model.tar.gz", e);
        } catch (IOException e) {
            throw new CorruptArtifactException(source + ": the gzip stream is corrupt (" + e.getMessage()
                    + "); re-upload the model.tar.gz", e);
        }
        throw new CorruptArtifactException(source + ": the tar.gz holds no file named " + name + " (found "
                + (seen.isEmpty() ? "no files" : String.join(", ", seen)) + "); a SageMaker XGBoost model.tar.gz must"
                + " contain " + name + " saved with booster.save_model()");
    }

    /** Counts the bytes a gzip stream inflates to and stops at a bound, so a decompression bomb is refused early. */
    static final class BoundedInflation extends java.io.FilterInputStream {
        private final long max;
        private final String source;
        private long total;

        BoundedInflation(InputStream in, long max, String source) {
            super(in);
            this.max = max;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            total += n;
            if (total > max) {
                throw new CorruptArtifactException(source + ": the tar.gz inflates to more than " + max + " bytes"
                        + " (a decompression bomb or a model over MODEL_MAX_BYTES); publish the bare model file or a"
                        + " model.tar.gz holding only xgboost-model");
            }
        }
    }

    private static boolean matches(String path, String name) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p.equals(name) || p.endsWith("/" + name);
    }

    private static String headerPath(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        if (ustar) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) {
                return line.substring(sp + 6);
            }
        }
        return null;
    }

    private static String cString(byte[] b, int from, int len) {
        int end = from;
        while (end < from + len && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static void verifyChecksum(String source, byte[] h, long offset) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        long stored = parseOctal(h, 148, 8);
        if (stored != sum) {
            throw new CorruptArtifactException(source + ": tar header at byte " + offset
                    + " has a bad checksum; the archive is corrupt or not a tar file (build it with"
                    + " `tar czf model.tar.gz xgboost-model`)");
        }
    }

    private static long parseSize(String source, byte[] h, long offset) {
        if ((h[124] & 0x80) != 0) { // GNU base-256 encoding
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
                if (v > Integer.MAX_VALUE) {
                    break;
                }
            }
            return v;
        }
        long v = parseOctal(h, 124, 12);
        if (v < 0) {
            throw new CorruptArtifactException(source + ": tar header at byte " + offset + " has an unreadable size");
        }
        return v;
    }

    private static long parseOctal(byte[] h, int from, int len) {
        long v = 0;
        int i = from;
        int end = from + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        boolean any = false;
        while (i < end && h[i] >= '0' && h[i] <= '7') {
            v = v * 8 + (h[i] - '0');
            any = true;
            i++;
        }
        return any ? v : -1;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                if (n == 0) {
                    return false;
                }
                throw new EOFException();
            }
            n += r;
        }
        return true;
    }

    private static byte[] readExactly(String source, InputStream in, int size, long offset) throws IOException {
        byte[] out = new byte[Math.min(size, 1 << 20)];
        int n = 0;
        while (n < size) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(size, (long) out.length * 2));
            }
            int r = in.read(out, n, out.length - n);
            if (r < 0) {
                throw new CorruptArtifactException(source + ": unexpected end of input in the tar entry at byte "
                        + (offset + n) + " (the archive is truncated)");
            }
            n += r;
        }
        return out;
    }

    private static void skip(String source, InputStream in, long n, long offset) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new CorruptArtifactException(source + ": unexpected end of input in the tar archive near byte "
                        + (offset + n - left) + " (the archive is truncated)");
            }
            left -= r;
        }
    }
}
