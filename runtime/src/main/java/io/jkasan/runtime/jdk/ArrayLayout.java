package io.jkasan.runtime.jdk;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Where the elements of each kind of array begin and how far apart they are, read once at start-up.
 *
 * <p>This is the runtime's one seam over a JDK signature that changed: {@code
 * jdk.internal.misc.Unsafe.arrayBaseOffset(Class)} returns {@code int} on JDK 17 and 21 and {@code long} on
 * JDK 25 (the {@code ARRAY_*_BASE_OFFSET} constants changed type with it), so a direct call compiled on one
 * of them is a {@code NoSuchMethodError} on the other. It is called here reflectively, nine times, and the
 * answers are kept as constants; the access checks then tell arrays apart with {@code instanceof} and never
 * reflect per access. {@code arrayIndexScale(Class)} returns {@code int} on every supported JDK.
 */
public final class ArrayLayout {
    /** Base offset of {@code boolean[]}. */
    public static final long BOOLEAN_BASE = baseOffset(boolean[].class);
    /** Base offset of {@code byte[]}. */
    public static final long BYTE_BASE = baseOffset(byte[].class);
    /** Base offset of {@code short[]}. */
    public static final long SHORT_BASE = baseOffset(short[].class);
    /** Base offset of {@code char[]}. */
    public static final long CHAR_BASE = baseOffset(char[].class);
    /** Base offset of {@code int[]}. */
    public static final long INT_BASE = baseOffset(int[].class);
    /** Base offset of {@code long[]}. */
    public static final long LONG_BASE = baseOffset(long[].class);
    /** Base offset of {@code float[]}. */
    public static final long FLOAT_BASE = baseOffset(float[].class);
    /** Base offset of {@code double[]}. */
    public static final long DOUBLE_BASE = baseOffset(double[].class);
    /** Base offset of every reference array. */
    public static final long REFERENCE_BASE = baseOffset(Object[].class);
    /** Size of a reference slot in a reference array: 4 with compressed oops, else 8. */
    public static final int REFERENCE_SCALE = U.arrayIndexScale(Object[].class);

    private ArrayLayout() {
    }

    private static long baseOffset(Class<?> arrayClass) {
        try {
            Method m = U.getClass().getMethod("arrayBaseOffset", Class.class);
            return ((Number) m.invoke(U, arrayClass)).longValue();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("jkasan: cannot read the array layout of " + arrayClass.getName(), e);
        }
    }
}
