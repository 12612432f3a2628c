package com.anycompany.scoring.engine;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Array reads without the JVM's bounds check, for the one loop where that check is most of the cost: the batch walk
 * of {@link CompleteTrees}, whose indices come from the model (a split's key slot, a node's position) so the JIT cannot
 * prove them in range and checks each one. There every index is in range by construction: {@link CompleteTrees} checks
 * the arrays' sizes once per call and builds its splits so that no walk leaves its tree (see its invariants). Nothing
 * else reads through this class.
 *
 * <p>It reads through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}), which the JDK 17 and 21 runtimes
 * provide without a warning. On JDK 24 and later, whose {@code Unsafe} memory access is deprecated for removal and
 * prints a warning on first use, it is used only when the JVM runs with {@code --sun-misc-unsafe-memory-access=allow}.
 * Where it is absent or not allowed, or when the system property {@value #PROPERTY} is {@code false}, {@link #ENABLED}
 * is false and {@link CompleteTrees} keeps the checked loop: same results, bit for bit, about 2x slower on batches (10-11
 * against 5.1-5.2 ns per tree per row on the bench model, still faster than xgboost4j's 16-17).
 */
final class UncheckedArrays {
    /** Set to {@code false} to keep every array read bounds-checked. */
    static final String PROPERTY = "scoring.engine.uncheckedArrays";
    /** Whether the unchecked reads are in use. */
    static final boolean ENABLED;
    private static final Unsafe UNSAFE;
    private static final long INT_BASE;
    private static final long LONG_BASE;
    private static final long FLOAT_BASE;

    static {
        Unsafe unsafe = null;
        if (Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) && (Runtime.version().feature() < 24
                || "allow".equals(System.getProperty("sun.misc.unsafe.memory.access")))) {
            try {
                Field f = Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = (Unsafe) f.get(null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                unsafe = null;
            }
        }
        UNSAFE = unsafe;
        ENABLED = unsafe != null;
        INT_BASE = unsafe == null ? 0 : Unsafe.ARRAY_INT_BASE_OFFSET;
        LONG_BASE = unsafe == null ? 0 : Unsafe.ARRAY_LONG_BASE_OFFSET;
        FLOAT_BASE = unsafe == null ? 0 : Unsafe.ARRAY_FLOAT_BASE_OFFSET;
    }

    private UncheckedArrays() {
    }

    /** The address offset of element {@code index} of an int array, for {@link #get(int[], long)}. */
    static long intOffset(long index) {
        return INT_BASE + 4 * index;
    }

    /** The address offset of element {@code index} of a long array, for {@link #get(long[], long)}. */
    static long longOffset(long index) {
        return LONG_BASE + 8 * index;
    }

    /** The address offset of element {@code index} of a float array, for {@link #get(float[], long)}. */
    static long floatOffset(long index) {
        return FLOAT_BASE + 4 * index;
    }

    /** {@code a[i]} for {@code offset = intOffset(i)}, unchecked: the caller guarantees {@code 0 <= i < a.length}. */
    static int get(int[] a, long offset) {
        return UNSAFE.getInt(a, offset);
    }

    /** {@code a[i]} for {@code offset = longOffset(i)}, unchecked: the caller guarantees {@code 0 <= i < a.length}. */
    static long get(long[] a, long offset) {
        return UNSAFE.getLong(a, offset);
    }

    /** {@code a[i]} for {@code offset = floatOffset(i)}, unchecked: the caller guarantees {@code 0 <= i < a.length}. */
    static float get(float[] a, long offset) {
        return UNSAFE.getFloat(a, offset);
    }
}
