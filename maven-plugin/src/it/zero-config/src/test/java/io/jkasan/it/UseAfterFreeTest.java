package io.jkasan.it;

import io.jkasan.junit.KasanExtension;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sun.misc.Unsafe;

/**
 * Reads a freed allocation, and the correct twin. The class calls Unsafe itself: it is loaded before the
 * agent is attached, so only the agent's rewriting of loaded classes can check it.
 */
@ExtendWith(KasanExtension.class)
class UseAfterFreeTest {
    private static final Unsafe UNSAFE = unsafe();

    @Test
    void reads_after_free() {
        long p = UNSAFE.allocateMemory(8);
        UNSAFE.freeMemory(p);
        UNSAFE.getLong(p);
    }

    @Test
    void reads_before_free() {
        long p = UNSAFE.allocateMemory(8);
        UNSAFE.putLong(p, 42);
        UNSAFE.getLong(p);
        UNSAFE.freeMemory(p);
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
