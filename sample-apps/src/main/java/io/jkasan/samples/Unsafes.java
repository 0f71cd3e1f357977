package io.jkasan.samples;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** Obtains {@code sun.misc.Unsafe} the way libraries do: by reflection on {@code theUnsafe}. */
public final class Unsafes {
    private Unsafes() {
        // no instances
    }

    /** @return the singleton {@code sun.misc.Unsafe} */
    public static Unsafe unsafe() {
        try {
            final Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is not available", e);
        }
    }
}
