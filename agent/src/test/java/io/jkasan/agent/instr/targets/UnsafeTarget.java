package io.jkasan.agent.instr.targets;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** Calls each shape of {@code sun.misc.Unsafe} memory method once; snapshot and behaviour target. */
@SuppressWarnings({"removal", "deprecation"})
public final class UnsafeTarget implements UnsafeContract {
    private static final Unsafe U = theUnsafe();

    /** @return the reflected singleton */
    static Unsafe theUnsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static long getLongAbsolute(long address) {
        return U.getLong(address);
    }

    static void putIntWithBase(Object base, long offset, int value) {
        U.putInt(base, offset, value);
    }

    static boolean compareAndSwapLong(Object base, long offset, long expected, long value) {
        return U.compareAndSwapLong(base, offset, expected, value);
    }

    static void copyMemory(long from, long to, long bytes) {
        U.copyMemory(from, to, bytes);
    }

    static long allocateReallocateFree(long bytes) {
        long address = U.allocateMemory(bytes);
        address = U.reallocateMemory(address, bytes * 2);
        U.freeMemory(address);
        return address;
    }

    static int addressSizeIsNotAMemoryAccess() {
        return U.addressSize();
    }

    @Override
    public long writeGrowRead(long value) {
        long address = U.allocateMemory(16);
        U.putLong(address, value);
        address = U.reallocateMemory(address, 64);
        U.putLong(address + 56, ~value);
        long result = U.getLong(address) ^ ~U.getLong(address + 56) ^ value;
        U.freeMemory(address);
        return result;
    }

    @Override
    public long readPastEnd() {
        long address = U.allocateMemory(16);
        long past = U.getLong(address + 16);
        U.freeMemory(address);
        return past;
    }
}
