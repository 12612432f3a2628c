package com.anycompany.scoring.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON model reader's numbers are the JDK's: every value of a numeric array, read without a String where it can
 * be, must have exactly the bits {@code Float.parseFloat} and {@code Double.parseDouble} give for its text. The texts
 * cover how XGBoost and other writers print (shortest float repr, 9 and 17 significant digits, exponents, integers,
 * negative zero, long integers) and decimals lying on or next to the midpoint between two floats, where rounding to
 * double first could differ.
 */
class JsonDocReaderNumbersTest {
    @Test
    void numericArraysReadBitForBitAsTheJdkParsesEachText() {
        Random r = new Random(20261202);
        List<String> texts = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "1", "-1", "1.", "00012", "1e5", "1E-5",
                "2.5e+3", "123456789012345", "1234567890123456", "123456789012345678", "-9007199254740993",
                "1e22", "1e23", "1e-22", "1e-23", "3.4028235e38", "1.4e-45", "0.000000000000000000000000001",
                "16777217", "-16777217", "0.1", "0.30000000000000004", "1.00000005960464477539"));
        for (int i = 0; i < 60_000; i++) {
            float v = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(v)) {
                continue;
            }
            float g = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
            texts.add(Float.toString(g));
            texts.add(String.format(Locale.ROOT, "%.9g", g));
            texts.add(String.format(Locale.ROOT, "%.8e", g));
            texts.add(String.format(Locale.ROOT, "%.17g", (double) g));
            texts.add(Long.toString(r.nextLong() >> r.nextInt(63)));
            // the decimal halfway between g and the next float, and one unit of its last digit on either side
            double mid = ((double) g + (double) Math.nextUp(g)) / 2;
            String m = new java.math.BigDecimal(mid).round(new java.math.MathContext(15)).toString();
            texts.add(m);
            texts.add(new java.math.BigDecimal(mid).toPlainString());
            texts.add(Float.toString(v));
        }
        String json = "[" + String.join(", ", texts) + "]";
        assertReadAsTheJdkParses(texts, json);
        // the same texts without spaces, as XGBoost writes them
        assertReadAsTheJdkParses(texts, "[" + String.join(",", texts) + "]");
    }

    /**
     * An array whose values are all ints is kept as its ints alone; its float and double views must still be exactly
     * what Float.parseFloat and Double.parseDouble give for each text, and anything not an int in both views (-0, beyond
     * int range, a text rounding to an int as a double only) keeps the array as floats and doubles.
     */
    @Test
    void anArrayOfIntsKeepsEveryValueBitForBit() {
        Random r = new Random(20261203);
        List<String> ints = new ArrayList<>(List.of("0", "-1", "1", "2147483647", "-2147483648", "16777217",
                "-16777217", "33554435", "00012", "123"));
        for (int i = 0; i < 5_000; i++) {
            ints.add(Integer.toString(r.nextInt() >> r.nextInt(32)));
        }
        DocValues.NumArray a = assertReadAsTheJdkParses(ints, "[" + String.join(",", ints) + "]");
        assertNotNull(a.ints(), "an array of ints is kept as its ints");
        for (String other : List.of("-0", "2147483648", "-2147483649", "1.5", "1e2", "16777217.000000001")) {
            List<String> texts = new ArrayList<>(ints);
            texts.add(r.nextInt(texts.size()), other);
            DocValues.NumArray b = assertReadAsTheJdkParses(texts, "[" + String.join(",", texts) + "]");
            assertNull(b.ints(), other + " is kept as float and double");
        }
    }

    /** Numbers in the last bytes of a document (read a byte at a time there) and small documents read exactly too. */
    @Test
    void numbersAtTheEndOfTheInputReadExactly() {
        for (String t : List.of("0.5", "-1.25", "3.1415927", "1.1228822E-7", "-2.5e+3", "7", "-0", "0.1", "1.", "1E0",
                "123456789.0123", "0.000030517578", "9.999999E-5")) {
            for (String doc : List.of("[" + t + "]", "[" + t + " ]", "[1," + t + "]", "{\"a\":[" + t + "]}",
                    "[" + t + "]\n  ")) {
                Object read = JsonDocReader.read("end.json", doc.getBytes(StandardCharsets.US_ASCII));
                DocValues.NumArray a = read instanceof java.util.Map<?, ?> m ? (DocValues.NumArray) m.get("a")
                        : (DocValues.NumArray) read;
                int last = a.length() - 1;
                assertEquals(Float.floatToRawIntBits(Float.parseFloat(t)), Float.floatToRawIntBits(a.f(last)), doc);
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t)), Double.doubleToRawLongBits(a.d(last)),
                        doc);
            }
        }
    }

    /** A document cut anywhere inside a numeric array fails as truncated (never reads past its end). */
    @Test
    void aTruncatedArrayFailsAsTruncatedWhereverItIsCut() {
        String doc = "{\"a\":[1.1228822E-7,-0.5,12,-3,4.5e+2, 6 ,7.25,-0.0,123456789,0.5]}";
        for (int cut = doc.indexOf('[') + 1; cut < doc.length() - 1; cut++) {
            byte[] bytes = doc.substring(0, cut).getBytes(StandardCharsets.US_ASCII);
            CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                    () -> JsonDocReader.read("cut.json", bytes), "cut at " + cut);
            assertTrue(e.getMessage().contains("unexpected end of input at byte " + cut), e.getMessage());
        }
    }

    /** Malformed numbers are refused naming the text, wherever they stand in an array. */
    @Test
    void malformedNumbersAreRefused() {
        for (String t : List.of("1.2.3", "1e5e5", "1-2", "--1", "-", "1e", "1e+", "0x10", "1.5.", "+1", ".5")) {
            for (String doc : List.of("[" + t + "]", "[1, " + t + ", 2]", "[" + t + ",1]")) {
                assertThrows(CorruptArtifactException.class,
                        () -> JsonDocReader.read("bad.json", doc.getBytes(StandardCharsets.US_ASCII)), doc);
            }
        }
    }

    private static DocValues.NumArray assertReadAsTheJdkParses(List<String> texts, String json) {
        Object read = JsonDocReader.read("numbers.json", json.getBytes(StandardCharsets.US_ASCII));
        DocValues.NumArray a = assertInstanceOf(DocValues.NumArray.class, read);
        assertEquals(texts.size(), a.length());
        float[] f = a.f();
        double[] d = a.d();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(t)), Float.floatToRawIntBits(f[i]),
                    "float of " + t);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t)), Double.doubleToRawLongBits(d[i]),
                    "double of " + t);
            assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(a.f(i)), "float of " + t);
            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(a.d(i)), "double of " + t);
        }
        return a;
    }

    @Test
    void aMixedArrayKeepsItsNumbersAndOtherValuesInOrder() {
        Object read = JsonDocReader.read("mixed.json", "[1, 2.5, \"x\", -0, [3]]".getBytes(StandardCharsets.US_ASCII));
        List<?> list = assertInstanceOf(List.class, read);
        assertEquals(5, list.size());
        assertEquals(new DocValues.Num(2.5, 2.5f), list.get(1));
        assertEquals("x", list.get(2));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(((DocValues.Num) list.get(3)).d()));
    }
}
