package com.anycompany.scoring.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for XGBoost model documents. Objects become {@link LinkedHashMap}s, all-number arrays
 * become {@link DocValues.NumArray}, other arrays {@link ArrayList}s. Numbers are parsed straight to float32 as well as
 * double so that split thresholds are bit-exact. Nesting is bounded by {@link DocValues#MAX_DEPTH}.
 */
final class JsonDocReader extends DocInput {
    private JsonDocReader(String source, byte[] in) {
        super(source, in, "JSON");
    }

    static Object read(String source, byte[] bytes) {
        JsonDocReader r = new JsonDocReader(source, bytes);
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
            String key = string();
            skipSpace();
            expect(':');
            map.put(key, value(depth));
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

    private Object array(int depth) {
        pos++; // [
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new ArrayList<>();
        }
        // a model's node arrays are numbers only: read them straight into float32 and double arrays, without a
        // String where decimal() can (nearly all), anything else through number()
        float[] f = new float[16];
        double[] d = new double[16];
        int n = 0;
        while (isNumberStart(peek())) {
            if (n == f.length) {
                f = Arrays.copyOf(f, n * 2);
                d = Arrays.copyOf(d, n * 2);
            }
            if (!decimal(f, d, n)) {
                DocValues.Num v = number();
                f[n] = v.f();
                d[n] = v.d();
            }
            n++;
            skipSpace();
            byte c = next();
            if (c == ']') {
                return new DocValues.NumArray(Arrays.copyOf(f, n), Arrays.copyOf(d, n));
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describe(c));
            }
            skipSpace();
        }
        // not (only) numbers: a list of values, the numbers read so far first
        List<Object> list = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) {
            list.add(new DocValues.Num(d[i], f[i]));
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

    /**
     * Reads a number at {@code pos} into {@code f[i]} and {@code d[i]} without a String when it is a decimal of at
     * most 15 significant digits and a power of ten within 10^±22 (the models' node values): the double is then
     * {@code digits * 10^e} or {@code digits / 10^-e} in one correctly rounded operation on exact operands (Clinger's
     * fast path), so it equals {@code Double.parseDouble}; the float is that double rounded to float32, which equals
     * {@code Float.parseFloat} unless the double falls exactly halfway between two floats, where this gives up. False,
     * with {@code pos} unchanged, for anything else (number() then reads it).
     */
    private boolean decimal(float[] f, double[] d, int i) {
        int p = pos;
        boolean neg = in[p] == '-';
        if (neg) {
            p++;
        }
        long m = 0;
        int significant = 0;
        int scale = 0;
        int digits = 0;
        boolean point = false;
        for (; p < in.length; p++) {
            byte c = in[p];
            if (c >= '0' && c <= '9') {
                digits++;
                if (m != 0 || c != '0') {
                    if (++significant > 15) {
                        return false;
                    }
                    m = m * 10 + (c - '0');
                }
                if (point) {
                    scale--;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < in.length && (in[p] == 'e' || in[p] == 'E')) {
            p++;
            boolean expNeg = p < in.length && in[p] == '-';
            if (p < in.length && (in[p] == '-' || in[p] == '+')) {
                p++;
            }
            int e = 0;
            int expDigits = 0;
            while (p < in.length && in[p] >= '0' && in[p] <= '9' && expDigits < 4) {
                e = e * 10 + (in[p++] - '0');
                expDigits++;
            }
            if (expDigits == 0 || (p < in.length && in[p] >= '0' && in[p] <= '9')) {
                return false;
            }
            scale += expNeg ? -e : e;
        }
        if (p >= in.length) {
            throw eof();
        }
        byte c = in[p];
        if (c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+' || (c >= '0' && c <= '9')) {
            return false;
        }
        double v;
        if (m == 0) {
            v = 0;
        } else if (scale >= 0 && scale <= 22) {
            v = m * POW10[scale];
        } else if (scale < 0 && scale >= -22) {
            v = m / POW10[-scale];
        } else {
            return false;
        }
        long bits = Double.doubleToRawLongBits(v);
        if (m != 0 && (bits & ((1L << 29) - 1)) == (1L << 28)) {
            return false; // halfway between two floats: let Float.parseFloat round the decimal itself
        }
        d[i] = neg ? -v : v;
        f[i] = (float) d[i];
        pos = p;
        return true;
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
