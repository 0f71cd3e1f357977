package io.jkasan.junit.scenarios;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** Off-heap bugs and their correct twins, through {@code sun.misc.Unsafe} as user code would make them. */
@SuppressWarnings("removal") // sun.misc.Unsafe memory access is what jkasan checks
final class OffHeap {
    private static final Unsafe UNSAFE = unsafe();
    private static final long SIZE = 16;

    private OffHeap() {
    }

    /** Writes one byte past a 16-byte allocation: {@code vmalloc-out-of-bounds}. */
    static void outOfBoundsWrite() {
        long p = UNSAFE.allocateMemory(SIZE);
        UNSAFE.putByte(p + SIZE, (byte) 1);
        UNSAFE.freeMemory(p);
    }

    /** Reads a freed allocation: {@code use-after-free}. */
    static void useAfterFree() {
        long p = UNSAFE.allocateMemory(SIZE);
        UNSAFE.freeMemory(p);
        UNSAFE.getLong(p);
    }

    /** Frees an allocation twice: {@code double-free}. */
    static void doubleFree() {
        long p = UNSAFE.allocateMemory(SIZE);
        UNSAFE.freeMemory(p);
        UNSAFE.freeMemory(p);
    }

    /** Allocates, writes the last byte, frees: no report. */
    static void correctWrite() {
        long p = UNSAFE.allocateMemory(SIZE);
        UNSAFE.putByte(p + SIZE - 1, (byte) 1);
        UNSAFE.freeMemory(p);
    }

    /**
     * @param size bytes
     * @return memory the caller never frees
     */
    static long allocate(long size) {
        return UNSAFE.allocateMemory(size);
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
