package com.anycompany.scoring.model;

/** Value types produced by {@link JsonDocReader} and {@link UbjsonDocReader} besides Map, List, String and Boolean. */
final class DocValues {
    /** Deepest nesting accepted; XGBoost models nest about 8 levels. */
    static final int MAX_DEPTH = 64;

    private DocValues() {
    }

    /** A scalar number, kept both as float32 (parsed directly, no double rounding) and as double. */
    record Num(double d, float f) {
        static Num ofText(String text) {
            return new Num(Double.parseDouble(text), Float.parseFloat(text));
        }
    }

    /** A homogeneous numeric array, kept as float32 and double views of the same values. */
    record NumArray(float[] f, double[] d) {
        int length() {
            return f.length;
        }
    }

    /** JSON null / UBJSON Z. */
    enum Null { INSTANCE }

    /** A document array whose elements are all {@link Num}s, as one {@link NumArray} (float32 and double). */
    static NumArray numArray(java.util.List<Object> numbers) {
        float[] f = new float[numbers.size()];
        double[] d = new double[numbers.size()];
        for (int i = 0; i < f.length; i++) {
            Num n = (Num) numbers.get(i);
            f[i] = n.f();
            d[i] = n.d();
        }
        return new NumArray(f, d);
    }
}
