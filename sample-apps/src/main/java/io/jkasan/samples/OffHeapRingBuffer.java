package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * A bounded off-heap FIFO of longs, as an event shipper might keep. When it drains empty it rewinds to slot 0
 * so that light traffic always writes the start of the buffer.
 *
 * <p>The planted bug is in {@link #advance}: the wrap-around test uses {@code >} instead of {@code >=}, so an
 * index may reach {@code capacity}. That only happens when the producer outruns the consumer long enough for
 * the write index to reach the last slot without the buffer ever draining, i.e. under load.
 */
final class OffHeapRingBuffer implements AutoCloseable {
    private final Unsafe unsafe = Unsafes.unsafe();
    private final int capacity;
    private final boolean offByOne;
    private final long base;
    private int head;
    private int tail;
    private int size;

    /**
     * @param capacity slots
     * @param offByOne {@code true} to plant the wrap-around bug
     */
    OffHeapRingBuffer(final int capacity, final boolean offByOne) {
        this.capacity = capacity;
        this.offByOne = offByOne;
        this.base = unsafe.allocateMemory(8L * capacity); // @ALLOC
    }

    /**
     * @param value the event
     * @return {@code false} if the buffer is full
     */
    boolean offer(final long value) {
        if (size == capacity) {
            return false;
        }
        unsafe.putLong(base + 8L * tail, value); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OffHeapRingBuffer.offer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.OffHeapRingBuffer.offer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapRingBuffer.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.RingBufferScenario.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RingBufferScenario.java:{{[0-9]+}})
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.OffHeapRingBuffer.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapRingBuffer.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 128-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.OffHeapRingBuffer.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapRingBuffer.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        tail = advance(tail);
        size++;
        return true;
    }

    /** @return the oldest event; the buffer must not be empty */
    long poll() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        final long value = unsafe.getLong(base + 8L * head);
        head = advance(head);
        if (--size == 0) {
            head = 0;
            tail = 0;
        }
        return value;
    }

    /** @return whether no event is buffered */
    boolean isEmpty() {
        return size == 0;
    }

    private int advance(final int index) {
        final int next = index + 1;
        final boolean wrap = offByOne ? next > capacity : next >= capacity;
        return wrap ? 0 : next;
    }

    @Override
    public void close() {
        unsafe.freeMemory(base);
    }
}
