package com.anycompany.scoring.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small strict JSON reader for XGBoost model documents. Objects become {@link LinkedHashMap}s, all-number arrays
 * become {@link DocValues.NumArray} (their ints alone when every value is an int), other arrays {@link ArrayList}s.
 * Numbers are parsed straight to float32 as well as double so that split thresholds are bit-exact. Nesting is bounded
 * by {@link DocValues#MAX_DEPTH}. A model is nearly all numeric arrays: {@link #numbers()} reads them in one loop
 * without a String per value, into buffers reused from array to array, and object keys, which every tree repeats,
 * come from a small cache ({@link #key()}).
 */
final class JsonDocReader extends DocInput {
    /** Member names whose values are skipped (see {@link DocNode#parse(ArtifactFormat.Unwrapped, Set)}). */
    private final Set<String> unread;

    private JsonDocReader(String source, byte[] in, Set<String> unread) {
        super(source, in, "JSON");
        this.unread = unread;
    }

    static Object read(String source, byte[] bytes) {
        return read(source, bytes, Set.of());
    }

    /** Reads a document, leaving the values of members named in {@code unread} unread ({@link DocValues.Unread}). */
    static Object read(String source, byte[] bytes, Set<String> unread) {
        JsonDocReader r = new JsonDocReader(source, bytes, unread);
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            r.pos = 3;
        }
        Object v = r.value(0);
        r.skipSpace();
        if (r.pos != bytes.length) {
            throw r.error("unexpected " + r.describe(r.in[r.pos]) + " after the end of the JSON document");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > DocValues.MAX_DEPTH) {
            throw error("nesting deeper than " + DocValues.MAX_DEPTH + " levels");
        }
        skipSpace();
        byte c = peek();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return DocValues.Null.INSTANCE;
            default:
                if (c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I') {
                    return number();
                }
                throw error("unexpected " + describe(c));
        }
    }

    private Map<String, Object> object(int depth) {
        pos++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted key but found " + describe(peek()));
            }
            String key = key();
            boolean skip = keyUnread;
            skipSpace();
            expect(':');
            if (skip) {
                skipValue(depth);
                map.put(key, DocValues.Unread.INSTANCE);
            } else {
                map.put(key, value(depth));
            }
            skipSpace();
            byte c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found " + describe(c));
            }
        }
    }

    /** Slots of the key cache (a power of two). */
    private static final int KEY_SLOTS = 64;
    /** Longest key the cache holds. */
    private static final int KEY_MAX = 40;
    /** The keys read so far, by a hash of their bytes: a model repeats the same ~20 keys in every tree. */
    private final String[] keys = new String[KEY_SLOTS];
    private final byte[][] keyBytes = new byte[KEY_SLOTS][];
    /** Per slot, whether its key is one of {@link #unread}. */
    private final boolean[] keysUnread = new boolean[KEY_SLOTS];
    /** Whether the last key read is one of {@link #unread}. */
    private boolean keyUnread;

    /**
     * An object key at {@code pos} (a '"'): the same String as {@link #string()}, taken from the key cache when the
     * same bytes were read before, so the trees' repeated keys cost a hash and a compare instead of a new String.
     * Keys with escapes, non-ASCII bytes or more than {@value #KEY_MAX} bytes go to {@link #string()}.
     */
    private String key() {
        final byte[] b = in;
        int start = pos + 1;
        int end = Math.min(b.length, start + KEY_MAX);
        int h = 0;
        int p = start;
        while (true) {
            if (p >= end) {
                return uncachedKey();
            }
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0) {
                return uncachedKey();
            }
            h = 31 * h + c;
            p++;
        }
        int slot = (h ^ (h >>> 6) ^ (h >>> 12)) & (KEY_SLOTS - 1);
        byte[] cached = keyBytes[slot];
        String k;
        if (cached != null && Arrays.equals(b, start, p, cached, 0, cached.length)) {
            k = keys[slot];
        } else {
            k = new String(b, start, p - start, StandardCharsets.US_ASCII);
            keys[slot] = k;
            keyBytes[slot] = Arrays.copyOfRange(b, start, p);
            keysUnread[slot] = unread.contains(k);
        }
        keyUnread = keysUnread[slot];
        pos = p + 1;
        return k;
    }

    private String uncachedKey() {
        String k = string();
        keyUnread = unread.contains(k);
        return k;
    }

    /** Bytes an array of numbers can hold besides its brackets: number characters, commas and spaces. */
    private static final boolean[] NUMBER_ARRAY_BYTE = new boolean[256];

    static {
        for (char c : "0123456789.eE+-, \t\n\r".toCharArray()) {
            NUMBER_ARRAY_BYTE[c] = true;
        }
    }

    /**
     * Skips the value at {@code pos} (after spaces). An array holding number characters, commas and spaces only up to
     * its ']' (a model's node arrays) is skipped with that check alone; any other value is read in full and dropped.
     */
    private void skipValue(int depth) {
        skipSpace();
        if (peek() == '[') {
            final byte[] b = in;
            int p = pos + 1;
            boolean numbers = true;
            while (p < b.length) {
                byte c = b[p];
                if (c == ']') {
                    break;
                }
                numbers &= NUMBER_ARRAY_BYTE[c & 0xff];
                p++;
            }
            if (numbers && p < b.length) {
                pos = p + 1;
                return;
            }
        }
        value(depth); // reports what is wrong, if anything
    }

    /** The reader's buffers for numeric arrays, reused from one array to the next (grown as needed). */
    private float[] scratchF = new float[256];
    private double[] scratchD = new double[256];
    private int[] scratchI = new int[256];
    /** Numbers read into the scratch buffers by the last {@link #numbers()} that met a value other than a number. */
    private int scratchCount;

    private Object array(int depth) {
        pos++; // [
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new ArrayList<>();
        }
        // a model's node arrays are numbers only: numbers() reads them straight into float32 and double values
        DocValues.NumArray numbers = numbers();
        if (numbers != null) {
            return numbers;
        }
        // not (only) numbers: a list of values, the numbers read so far first
        int n = scratchCount;
        List<Object> list = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) {
            list.add(new DocValues.Num(scratchD[i], scratchF[i]));
        }
        while (true) {
            list.add(value(depth));
            skipSpace();
            byte c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describe(c));
            }
        }
    }

    private static boolean isNumberStart(byte c) {
        return c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I';
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long[] POW10_LONG = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L};
    /** Bytes that can continue a number. */
    private static final boolean[] NUMBER_BYTE = new boolean[256];

    static {
        for (char c : "0123456789.eE+-".toCharArray()) {
            NUMBER_BYTE[c] = true;
        }
    }

    /**
     * Whether the document's last byte cannot continue a number: then every number ends before the end of the input
     * (at a byte that is not a digit, '.', 'e', 'E', '+' or '-'), so {@link #numbers()} reads a number's bytes without
     * bounds checks of its own. A complete model document ends with '}' (or spaces); a truncated one may not, and is
     * then read through {@link #number()}, which checks every byte.
     */
    private final boolean numbersEndInside = in.length > 0 && !NUMBER_BYTE[in[in.length - 1] & 0xff];

    /**
     * Reads the elements of an array from {@code pos} (its first element, not ']') while they are numbers, into the
     * scratch buffers: returns the array after its ']', stored as its ints alone when every value is an int (not -0).
     * Returns null at the first element that is not a number, with {@code pos} there and {@link #scratchCount}
     * numbers read.
     *
     * <p>Decimals of up to 18 digits (integers of up to 18 digits; others whose digits make at most 2^53, with a power
     * of ten within 10^±22: the models' node values) are read without a String. An integer's double and float are the
     * long converted, each correctly rounded. Another decimal's double is {@code digits * 10^e} or
     * {@code digits / 10^-e} in one correctly rounded operation on exact operands (Clinger's fast path), so it equals
     * {@code Double.parseDouble}; its float is that double rounded to float32, which equals {@code Float.parseFloat}
     * unless the double falls exactly halfway between two floats (the values lie far from float32's subnormals and
     * overflow: at least 10^-22, below 2^53 * 10^22). A number outside these, halfway between two floats, malformed
     * ("1.2.3") or a NaN or Infinity goes to {@link #number()}. Fraction digits are read eight at a time
     * ({@link #leadingDigits}, {@link #digitsValue}), so their count costs no mispredicted branch.
     */
    private DocValues.NumArray numbers() {
        final byte[] b = in;
        final int wordEnd = b.length - 8; // the last position a word of eight bytes starts at
        float[] f = scratchF;
        double[] d = scratchD;
        int[] is = scratchI;
        int n = 0;
        int p = pos;
        boolean ints = true;
        while (true) {
            if (n == f.length) {
                f = scratchF = Arrays.copyOf(f, n * 2);
                d = scratchD = Arrays.copyOf(d, n * 2);
                is = scratchI = Arrays.copyOf(is, n * 2);
            }
            int start = p;
            boolean read = false;
            fast:
            if (numbersEndInside) {
                int neg = b[p] == '-' ? 1 : 0;
                p += neg;
                int intStart = p;
                long m = 0;
                int c;
                while ((c = b[p] - '0') >= 0 && c <= 9) {
                    m = m * 10 + c;
                    p++;
                }
                int digits = p - intStart;
                if (digits == 0) {
                    break fast; // NaN, Infinity, not a number
                }
                int scale = 0;
                boolean integer = true;
                if (b[p] == '.') {
                    integer = false;
                    int fraction = ++p;
                    while (p <= wordEnd) {
                        long w = word(b, p);
                        int k = leadingDigits(w);
                        if (k > 0) {
                            m = m * POW10_LONG[k] + digitsValue(w, k); // wraps past 18 digits, refused below
                            p += k;
                        }
                        if (k < 8) {
                            break;
                        }
                    }
                    while ((c = b[p] - '0') >= 0 && c <= 9) { // the last bytes of the input
                        m = m * 10 + c;
                        p++;
                    }
                    digits += p - fraction;
                    scale = fraction - p;
                }
                if ((b[p] | 0x20) == 'e') {
                    integer = false;
                    p++;
                    int expNeg = b[p] == '-' ? 1 : 0;
                    p += expNeg | (b[p] == '+' ? 1 : 0);
                    int expStart = p;
                    int e = 0;
                    while ((c = b[p] - '0') >= 0 && c <= 9) {
                        e = e * 10 + c;
                        p++;
                    }
                    if (p == expStart || p - expStart > 4) {
                        break fast;
                    }
                    scale += expNeg != 0 ? -e : e;
                }
                if (NUMBER_BYTE[b[p] & 0xff] || digits > 18) {
                    break fast; // "1.2.3", "1e5e5", "1-2" (number() reports them), or more digits than a long holds
                }
                double sign = 1 - 2 * neg;
                if (integer) {
                    d[n] = m * sign;
                    f[n] = m * (float) sign;
                    is[n] = (int) m * (1 - 2 * neg); // kept only when every value is an int
                    ints &= m <= Integer.MAX_VALUE + (long) neg & (m != 0 | neg == 0);
                } else {
                    double v;
                    if (m > 1L << 53) {
                        break fast;
                    } else if (scale < 0 && scale >= -22) {
                        v = m / POW10[-scale];
                    } else if (scale >= 0 && scale <= 22) {
                        v = m * POW10[scale];
                    } else if (m == 0) {
                        v = 0;
                    } else {
                        break fast;
                    }
                    if ((Double.doubleToRawLongBits(v) & ((1L << 29) - 1)) == 1L << 28) {
                        break fast; // halfway between two floats: let Float.parseFloat round the decimal itself
                    }
                    d[n] = v * sign;
                    f[n] = (float) d[n];
                    ints = false;
                }
                read = true;
            }
            if (!read) {
                pos = start;
                if (!isNumberStart(b[start])) {
                    scratchCount = n;
                    return null;
                }
                DocValues.Num v = number();
                f[n] = v.f();
                d[n] = v.d();
                is[n] = (int) v.d();
                ints &= isInt(v);
                p = pos;
            }
            n++;
            // p is at the byte after the number (number() checked it is there)
            byte c = b[p];
            if (ArtifactFormat.isJsonSpace(c)) {
                pos = p;
                skipSpace();
                c = next();
                p = pos;
            } else {
                p++;
            }
            if (c == ',') {
                if (p >= b.length) {
                    pos = p;
                    throw eof();
                }
                if (ArtifactFormat.isJsonSpace(b[p])) {
                    pos = p;
                    skipSpace();
                    peek();
                    p = pos;
                }
                continue;
            }
            if (c == ']') {
                pos = p;
                if (ints) {
                    return new DocValues.NumArray(Arrays.copyOf(is, n));
                }
                return new DocValues.NumArray(Arrays.copyOf(f, n), Arrays.copyOf(d, n));
            }
            pos = p - 1;
            throw error("expected ',' or ']' but found " + describe(c));
        }
    }

    /**
     * Whether {@code v} is exactly an int (not -0) in both views, so an int array holds it without changing its float
     * or double (a text just above an int can round to it as a double but not as a float).
     */
    private static boolean isInt(DocValues.Num v) {
        int i = (int) v.d();
        return Double.doubleToRawLongBits(v.d()) == Double.doubleToRawLongBits(i)
                && Float.floatToRawIntBits(v.f()) == Float.floatToRawIntBits(i);
    }

    /** Eight bytes of the document from {@code p}, the first lowest, each XOR '0' (a digit becomes 0 to 9). */
    private static long word(byte[] b, int p) {
        return ((b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48
                | (b[p + 7] & 0xffL) << 56) ^ 0x3030303030303030L;
    }

    /**
     * How many of the eight bytes of {@code w} (from {@link #word}) are digits before the first other byte (0 to 8): a
     * byte is a digit when it is 0 to 9. Per byte, without carries between bytes: its high bit, or the high bit of its
     * low seven bits plus 0x76 (set from 10 up), marks a non-digit.
     */
    private static int leadingDigits(long w) {
        long nonDigit = (((w & 0x7F7F7F7F7F7F7F7FL) + 0x7676767676767676L) | w) & 0x8080808080808080L;
        return Long.numberOfTrailingZeros(nonDigit) >>> 3;
    }

    /**
     * The value of the first {@code k} (1 to 8) digits of {@code w} (from {@link #word}; the first byte is the most
     * significant digit): the digits are shifted to the top so the bytes below act as leading zeros, then pairs, quads
     * and the eight are combined with three multiplies (simdjson's parse_eight_digits_unrolled).
     */
    private static long digitsValue(long w, int k) {
        long v = w << (64 - 8 * k);
        v = v * 10 + (v >>> 8);
        return (((v & 0x000000FF000000FFL) * 0x000F424000000064L)
                + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
    }

    private DocValues.Num number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (pos < in.length && (in[pos] == 'N' || in[pos] == 'I')) {
            String word = in[pos] == 'N' ? "NaN" : "Infinity";
            literal(word);
            boolean neg = in[start] == '-';
            double d = word.equals("NaN") ? Double.NaN : neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return new DocValues.Num(d, (float) d);
        }
        while (pos < in.length) {
            byte c = in[pos];
            if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+') {
                pos++;
            } else {
                break;
            }
        }
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (pos >= in.length) {
            throw eof();
        }
        try {
            return DocValues.Num.ofText(text);
        } catch (NumberFormatException e) {
            throw new CorruptArtifactException(source + ": malformed number '" + text + "' at byte " + start
                    + " (the model JSON is corrupt)");
        }
    }

    private String string() {
        pos++; // "
        ByteArrayOutputStream buf = null;
        int start = pos;
        while (true) {
            byte c = next();
            if (c == '"') {
                if (buf == null) {
                    return new String(in, start, pos - 1 - start, StandardCharsets.UTF_8);
                }
                return buf.toString(StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                if (buf == null) {
                    buf = new ByteArrayOutputStream();
                    buf.write(in, start, pos - 1 - start);
                }
                byte e = next();
                switch (e) {
                    case '"', '\\', '/' -> buf.write(e);
                    case 'b' -> buf.write('\b');
                    case 'f' -> buf.write('\f');
                    case 'n' -> buf.write('\n');
                    case 'r' -> buf.write('\r');
                    case 't' -> buf.write('\t');
                    case 'u' -> {
                        int cp = hex4();
                        if (Character.isHighSurrogate((char) cp) && pos + 1 < in.length && in[pos] == '\\'
                                && in[pos + 1] == 'u') {
                            pos += 2;
                            int lo = hex4();
                            cp = Character.toCodePoint((char) cp, (char) lo);
                        }
                        buf.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                    default -> {
                        pos--;
                        throw error("invalid escape \\" + (char) e + " in a string");
                    }
                }
            } else if (buf != null) {
                buf.write(c);
            }
        }
    }

    private int hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            byte c = next();
            int d = Character.digit((char) c, 16);
            if (d < 0) {
                pos--;
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                pos--;
                throw error("invalid literal, expected '" + word + "'");
            }
        }
    }

    private void expect(char c) {
        byte b = next();
        if (b != c) {
            pos--;
            throw error("expected '" + c + "' but found " + describe(b));
        }
    }

    private void skipSpace() {
        while (pos < in.length && ArtifactFormat.isJsonSpace(in[pos])) {
            pos++;
        }
    }

    private byte peek() {
        if (pos >= in.length) {
            throw eof();
        }
        return in[pos];
    }

    private byte next() {
        if (pos >= in.length) {
            throw eof();
        }
        return in[pos++];
    }

    private String describe(byte c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c & 0xff);
    }
}
