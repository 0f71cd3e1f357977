package io.jkasan.it;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** Off-heap code under test, through sun.misc.Unsafe. */
final class OffHeap {
    private static final Unsafe UNSAFE = unsafe();

    private OffHeap() {
    }

    static void writeByte(long size, long index) {
        long p = UNSAFE.allocateMemory(size);
        UNSAFE.putByte(p + index, (byte) 1);
        UNSAFE.freeMemory(p);
    }

    static long readAfterFree() {
        long p = UNSAFE.allocateMemory(8);
        UNSAFE.freeMemory(p);
        return UNSAFE.getLong(p);
    }

    static void doubleFree() {
        long p = UNSAFE.allocateMemory(8);
        UNSAFE.freeMemory(p);
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
