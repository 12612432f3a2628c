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

    /**
     * A homogeneous numeric array, with a float32 and a double view of each value. An array whose values are all
     * integers within int range (not -0) is kept as its {@code int[]} alone (4 bytes a value instead of 12), and one
     * whose values are all float32 (UBJSON's typed float arrays) as its {@code float[]} alone: the other views are exact
     * conversions, the same values Float.parseFloat and Double.parseDouble give for the texts. The arrays returned are
     * the array's own (or, for a view it does not keep, new ones): callers must not modify them.
     */
    static final class NumArray {
        private final int[] ints;
        private final float[] f;
        private final double[] d;

        NumArray(float[] f, double[] d) {
            if (f.length != d.length) {
                throw new IllegalArgumentException("float and double views differ in length");
            }
            this.ints = null;
            this.f = f;
            this.d = d;
        }

        /** An array of int values (floats and doubles are their exact conversions). */
        NumArray(int[] ints) {
            this.ints = ints;
            this.f = null;
            this.d = null;
        }

        /** An array of float32 values (the doubles are their exact conversions). */
        NumArray(float[] f) {
            this.ints = null;
            this.f = f;
            this.d = null;
        }

        int length() {
            return ints != null ? ints.length : f.length;
        }

        /** The values as float32 (a new array when int-backed). */
        float[] f() {
            if (ints == null) {
                return f;
            }
            float[] out = new float[ints.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = ints[i];
            }
            return out;
        }

        /** The values as doubles (a new array when int- or float-backed). */
        double[] d() {
            if (d != null) {
                return d;
            }
            double[] out = new double[length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = d(i);
            }
            return out;
        }

        /** The values when they are all ints (the array's own), else null. */
        int[] ints() {
            return ints;
        }

        float f(int i) {
            return ints != null ? ints[i] : f[i];
        }

        double d(int i) {
            return ints != null ? ints[i] : d != null ? d[i] : f[i];
        }
    }

    /** JSON null / UBJSON Z. */
    enum Null { INSTANCE }

    /** The value of a member the reader was asked to leave unread (see {@link DocNode#parse(ArtifactFormat.Unwrapped, java.util.Set)}). */
    enum Unread { INSTANCE }

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
