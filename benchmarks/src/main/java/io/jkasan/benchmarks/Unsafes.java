package io.jkasan.benchmarks;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** The one {@code sun.misc.Unsafe} instance, obtained as user code does. */
final class Unsafes {
    static final Unsafe UNSAFE = unsafe();

    private Unsafes() {
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
