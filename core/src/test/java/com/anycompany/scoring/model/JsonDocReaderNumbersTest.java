package com.anycompany.scoring.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
        Object read = JsonDocReader.read("numbers.json", json.getBytes(StandardCharsets.US_ASCII));
        DocValues.NumArray a = assertInstanceOf(DocValues.NumArray.class, read);
        assertEquals(texts.size(), a.length());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(t)), Float.floatToRawIntBits(a.f()[i]),
                    "float of " + t);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t)), Double.doubleToRawLongBits(a.d()[i]),
                    "double of " + t);
        }
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
