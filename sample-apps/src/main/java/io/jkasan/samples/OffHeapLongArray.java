package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * A tiny "third-party" off-heap {@code long[]}, the kind of utility class applications copy around. Its
 * bounds check has a latent off-by-one: it accepts {@code i == length}.
 */
public final class OffHeapLongArray implements AutoCloseable {
    private static final Unsafe UNSAFE = Unsafes.unsafe();
    private final long address;
    private final int length;

    /**
     * Allocates a zeroed array.
     *
     * @param length number of elements
     */
    public OffHeapLongArray(final int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        this.length = length;
        this.address = UNSAFE.allocateMemory(8L * length); // @ALLOC
        UNSAFE.setMemory(address, 8L * length, (byte) 0);
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /**
     * @param i index
     * @return element {@code i}
     */
    public long get(final int i) {
        checkIndex(i);
        return UNSAFE.getLong(address + 8L * i);
    }

    /**
     * @param i index
     * @param value the new element {@code i}
     */
    public void set(final int i, final long value) {
        checkIndex(i);
        UNSAFE.putLong(address + 8L * i, value); // @ACCESS
    }

    /** Frees the memory; the array must not be used afterwards. */
    @Override
    public void close() {
        UNSAFE.freeMemory(address);
    }

    private void checkIndex(final int i) {
        if (i < 0 || i > length) { // should be i >= length
            throw new IndexOutOfBoundsException("index " + i + ", length " + length);
        }
    }
}
