package com.anycompany.scoring.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small Universal Binary JSON reader (big-endian, as XGBoost writes it), including optimized containers
 * ({@code [$d#L<n>...}). Produces the same value types as {@link JsonDocReader}. Counts are checked against the bytes
 * left, and nesting is bounded, so hostile input fails fast.
 */
final class UbjsonDocReader extends DocInput {
    /** Member names whose values are skipped (see {@link DocNode#parse(ArtifactFormat.Unwrapped, Set)}). */
    private final Set<String> unread;

    private UbjsonDocReader(String source, byte[] in, Set<String> unread) {
        super(source, in, "UBJSON");
        this.unread = unread;
    }

    static Object read(String source, byte[] bytes) {
        return read(source, bytes, Set.of());
    }

    /** Reads a document, leaving the values of members named in {@code unread} unread ({@link DocValues.Unread}). */
    static Object read(String source, byte[] bytes, Set<String> unread) {
        UbjsonDocReader r = new UbjsonDocReader(source, bytes, unread);
        Object v = r.value(r.u8(), 0);
        while (r.pos < bytes.length && bytes[r.pos] == 'N') {
            r.pos++; // no-op padding
        }
        if (r.pos != bytes.length) {
            throw r.error("unexpected data after the end of the UBJSON document");
        }
        return v;
    }

    private Object value(int marker, int depth) {
        if (depth > DocValues.MAX_DEPTH) {
            throw error("nesting deeper than " + DocValues.MAX_DEPTH + " levels");
        }
        switch (marker) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case 'S':
            case 'H': {
                String s = str();
                if (marker == 'H') {
                    try {
                        return DocValues.Num.ofText(s);
                    } catch (NumberFormatException e) {
                        throw error("malformed high-precision number '" + s + "'");
                    }
                }
                return s;
            }
            case 'C':
                return String.valueOf((char) u8());
            case 'T':
                return Boolean.TRUE;
            case 'F':
                return Boolean.FALSE;
            case 'Z':
                return DocValues.Null.INSTANCE;
            case 'd': {
                float f = Float.intBitsToFloat(i32());
                return new DocValues.Num(f, f);
            }
            case 'D': {
                double d = Double.longBitsToDouble(i64());
                return new DocValues.Num(d, (float) d);
            }
            case 'i':
            case 'U':
            case 'I':
            case 'l':
            case 'L': {
                long v = integer(marker);
                return new DocValues.Num(v, (float) v);
            }
            default:
                pos--;
                throw error("unknown UBJSON type marker " + describe(marker));
        }
    }

    /**
     * Skips a value whose marker was read: a typed array of fixed-size numbers by its count (checked against the bytes
     * left), anything else read in full and dropped.
     */
    private void skipValue(int marker, int depth) {
        if (marker == '[' && depth <= DocValues.MAX_DEPTH && pos + 1 < in.length && in[pos] == '$') {
            int type = in[pos + 1] & 0xff;
            if (type != 'C' && FIXED_SIZE.indexOf(type) >= 0) {
                Container header = containerHeader("array", 1, 0);
                pos += (int) header.count() * elementSize(type);
                return;
            }
        }
        value(marker, depth);
    }

    /** Markers of fixed-size numbers. */
    private static final String FIXED_SIZE = "iUIldDL";

    /** An optimized container's {@code $type} (-1 if none) and {@code #count} (-1 if none). */
    private record Container(int type, long count) {
    }

    /**
     * Reads an optimized container's header and checks its count against the bytes left.
     *
     * @param untypedMin bytes each element needs at least when the container has no type
     * @param typedExtra bytes each element needs beyond its typed value (an object's key length)
     */
    private Container containerHeader(String what, int untypedMin, int typedExtra) {
        int type = -1;
        long count = -1;
        if (peek() == '$') {
            pos++;
            type = u8();
            if (peek() != '#') {
                throw error("typed " + what + " without a count");
            }
        }
        if (peek() == '#') {
            pos++;
            count = length();
            checkCount(count, type < 0 ? untypedMin : typedExtra + elementSize(type));
        }
        return new Container(type, count);
    }

    private Map<String, Object> object(int depth) {
        Container header = containerHeader("object", 2, 1);
        int type = header.type();
        long count = header.count();
        Map<String, Object> map = new LinkedHashMap<>();
        for (long i = 0; count < 0 || i < count; i++) {
            if (count < 0) {
                int c = u8();
                while (c == 'N') {
                    c = u8();
                }
                if (c == '}') {
                    return map;
                }
                pos--;
            }
            String key = str();
            int marker = type >= 0 ? type : u8();
            if (unread.contains(key)) {
                skipValue(marker, depth);
                map.put(key, DocValues.Unread.INSTANCE);
            } else {
                map.put(key, value(marker, depth));
            }
        }
        return map;
    }

    private Object array(int depth) {
        Container header = containerHeader("array", 1, 0);
        int type = header.type();
        long count = header.count();
        if (type >= 0 && elementSize(type) > 0 && type != 'C') {
            return typedNumbers(type, (int) count);
        }
        List<Object> list = new ArrayList<>();
        boolean allNumbers = true;
        for (long i = 0; count < 0 || i < count; i++) {
            int m;
            if (type >= 0) {
                m = type;
            } else {
                m = u8();
                if (count < 0 && m == ']') {
                    break;
                }
                if (m == 'N') {
                    i--;
                    continue;
                }
            }
            Object v = value(m, depth);
            allNumbers &= v instanceof DocValues.Num;
            list.add(v);
        }
        if (!allNumbers || list.isEmpty()) {
            return list;
        }
        return DocValues.numArray(list);
    }

    /**
     * The {@code n} values of a typed array of fixed-size numbers at {@code pos}, whose count the header checked against
     * the bytes left: ints as ints alone, float32 as floats alone (XGBoost's node arrays), others as floats and doubles.
     */
    private DocValues.NumArray typedNumbers(int type, int n) {
        final byte[] b = in;
        int p = pos;
        switch (type) {
            case 'l' -> {
                int[] ints = new int[n];
                for (int i = 0; i < n; i++, p += 4) {
                    ints[i] = b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
                }
                pos = p;
                return new DocValues.NumArray(ints);
            }
            case 'i', 'U', 'I' -> {
                int[] ints = new int[n];
                for (int i = 0; i < n; i++) {
                    ints[i] = (int) integer(type);
                }
                return new DocValues.NumArray(ints);
            }
            case 'd' -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++, p += 4) {
                    f[i] = Float.intBitsToFloat(b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8
                            | (b[p + 3] & 0xff));
                }
                pos = p;
                return new DocValues.NumArray(f);
            }
            default -> {
            }
        }
        float[] f = new float[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            switch (type) {
                case 'd' -> {
                    f[i] = Float.intBitsToFloat(i32());
                    d[i] = f[i];
                }
                case 'D' -> {
                    d[i] = Double.longBitsToDouble(i64());
                    f[i] = (float) d[i];
                }
                default -> {
                    long v = integer(type);
                    d[i] = v;
                    f[i] = v;
                }
            }
        }
        return new DocValues.NumArray(f, d);
    }

    /** Bytes per element for fixed-size markers, 0 for variable-size ones. */
    private int elementSize(int type) {
        return switch (type) {
            case 'i', 'U', 'C' -> 1;
            case 'I' -> 2;
            case 'l', 'd' -> 4;
            case 'L', 'D' -> 8;
            case 'T', 'F', 'Z', 'N' -> 0;
            case 'S', 'H', '[', '{' -> 0;
            default -> throw error("unknown UBJSON container type " + describe(type));
        };
    }

    private void checkCount(long count, int minBytesEach) {
        long need = count * Math.max(minBytesEach, 1); // bounds even zero-size element types
        if (count < 0 || count > Integer.MAX_VALUE - 8 || need > in.length - pos) {
            throw new CorruptArtifactException(source + ": container of " + count + " elements at byte " + pos
                    + " needs more bytes than the " + (in.length - pos) + " left (unexpected end of input at byte "
                    + in.length + "; the model UBJSON is truncated or corrupt)");
        }
    }

    private String str() {
        long len = length();
        if (len > in.length - pos) {
            throw eof();
        }
        String s = new String(in, pos, (int) len, StandardCharsets.UTF_8);
        pos += (int) len;
        return s;
    }

    private long length() {
        long n = integer(u8());
        if (n < 0) {
            throw error("negative length " + n);
        }
        return n;
    }

    private long integer(int marker) {
        return switch (marker) {
            case 'i' -> (byte) u8();
            case 'U' -> u8();
            case 'I' -> (short) ((u8() << 8) | u8());
            case 'l' -> i32();
            case 'L' -> i64();
            default -> {
                pos--;
                throw error("expected an integer marker but found " + describe(marker));
            }
        };
    }

    private int i32() {
        need(4);
        int v = ((in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    private long i64() {
        need(8);
        long hi = i32() & 0xffffffffL;
        long lo = i32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    private int u8() {
        need(1);
        return in[pos++] & 0xff;
    }

    private int peek() {
        need(1);
        return in[pos] & 0xff;
    }

    private void need(int n) {
        if (in.length - pos < n) {
            throw eof();
        }
    }

    private static String describe(int c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }
}
