package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import java.lang.reflect.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sun.misc.Unsafe;

/**
 * A use after free in the static initialiser, which {@code @BeforeAll} triggers: the class fails. The
 * initialiser calls {@code Unsafe} itself: JUnit loads this class before the tests start, so when
 * jkasan-junit attaches the agent, only the rewriting of already loaded classes can check it.
 */
@ExtendWith(KasanExtension.class)
@SuppressWarnings("removal") // sun.misc.Unsafe memory access is what jkasan checks
class ReportInStaticInitialiser {
    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Unsafe unsafe = (Unsafe) f.get(null);
            long p = unsafe.allocateMemory(16);
            unsafe.freeMemory(p);
            unsafe.getLong(p);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @BeforeAll
    static void setUp() {
        OffHeap.correctWrite();
    }

    @Test
    void clean() {
        OffHeap.correctWrite();
    }
}
