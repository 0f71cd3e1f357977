package io.jkasan.runtime.jdk;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import java.lang.reflect.Field;

/**
 * Where the elements of each kind of array begin and how far apart they are, read once at start-up.
 *
 * <p>This is the runtime's one seam over a JDK signature that changed: {@code
 * jdk.internal.misc.Unsafe.arrayBaseOffset(Class)} returns {@code int} on JDK 17 and 21 and {@code long} on
 * JDK 25 (the {@code ARRAY_*_BASE_OFFSET} constants changed type with it), so a direct call or field read
 * compiled on one of them is a {@code NoSuchMethodError} or {@code NoSuchFieldError} on the other. The nine
 * constants are read here once, as the type their field has, and kept as constants of this class; the access
 * checks then tell arrays apart with {@code instanceof} and never reflect per access.
 * {@code arrayIndexScale(Class)} returns {@code int} on every supported JDK.
 */
public final class ArrayLayout {
    /** Base offset of {@code boolean[]}. */
    public static final long BOOLEAN_BASE = baseOffset("BOOLEAN");
    /** Base offset of {@code byte[]}. */
    public static final long BYTE_BASE = baseOffset("BYTE");
    /** Base offset of {@code short[]}. */
    public static final long SHORT_BASE = baseOffset("SHORT");
    /** Base offset of {@code char[]}. */
    public static final long CHAR_BASE = baseOffset("CHAR");
    /** Base offset of {@code int[]}. */
    public static final long INT_BASE = baseOffset("INT");
    /** Base offset of {@code long[]}. */
    public static final long LONG_BASE = baseOffset("LONG");
    /** Base offset of {@code float[]}. */
    public static final long FLOAT_BASE = baseOffset("FLOAT");
    /** Base offset of {@code double[]}. */
    public static final long DOUBLE_BASE = baseOffset("DOUBLE");
    /** Base offset of every reference array. */
    public static final long REFERENCE_BASE = baseOffset("OBJECT");
    /** Size of a reference slot in a reference array: 4 with compressed oops, else 8. */
    public static final int REFERENCE_SCALE = U.arrayIndexScale(Object[].class);

    private ArrayLayout() {
    }

    /**
     * Reads {@code Unsafe.ARRAY_<kind>_BASE_OFFSET} as the type it has on the running JDK, through its static
     * field's address rather than {@code Method.invoke}, whose first call spins method-handle classes in
     * {@code premain}.
     */
    private static long baseOffset(String kind) {
        Field f;
        try {
            f = U.getClass().getDeclaredField("ARRAY_" + kind + "_BASE_OFFSET");
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("jkasan: cannot read the array layout: " + e, e);
        }
        Object base = U.staticFieldBase(f);
        long offset = U.staticFieldOffset(f);
        return f.getType() == long.class ? U.getLong(base, offset) : U.getInt(base, offset);
    }
}
