package com.anycompany.scoring.serving.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive (what OCI image layers and SageMaker's {@code model.tar.gz} are): directories, regular
 * files and symbolic links, with mode, owner root and a fixed modification time so the same input gives the same
 * bytes. Paths longer than 100 bytes use ustar's prefix field (up to 255 bytes in all).
 */
public final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private final OutputStream out;
    private final long mtime;

    public TarWriter(OutputStream out, long mtimeSeconds) {
        this.out = out;
        this.mtime = mtimeSeconds;
    }

    public void directory(String path, int mode) throws IOException {
        header(path.endsWith("/") ? path : path + "/", mode, 0, '5', "");
    }

    public void file(String path, int mode, byte[] content) throws IOException {
        header(path, mode, content.length, '0', "");
        out.write(content);
        pad(content.length);
    }

    public void symlink(String path, String target) throws IOException {
        header(path, 0777, 0, '2', target);
    }

    private void header(String path, int mode, long size, char type, String link) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length <= 100) {
            System.arraycopy(p, 0, h, 0, p.length);
        } else {
            int cut = path.lastIndexOf('/', Math.min(path.length() - 1, 155));
            byte[] prefix = path.substring(0, Math.max(cut, 0)).getBytes(StandardCharsets.UTF_8);
            byte[] name = path.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
            if (cut <= 0 || prefix.length > 155 || name.length > 100) {
                throw new IOException("path too long for a ustar archive: " + path);
            }
            System.arraycopy(name, 0, h, 0, name.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        byte[] l = link.getBytes(StandardCharsets.UTF_8);
        if (l.length > 100) {
            throw new IOException("link target too long for a ustar archive: " + link);
        }
        System.arraycopy(l, 0, h, 157, l.length);
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        out.write(h);
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar header field");
        }
        s = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** Writes the two zero blocks that end an archive; does not close the stream. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }
}
