package io.jkasan.samples.segments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A fixed-capacity ring of longs in native memory, addressed the way performance-minded FFM code often does:
 * absolute addresses through one segment that spans the whole address space
 * ({@code MemorySegment.NULL.reinterpret(Long.MAX_VALUE)}), so the JDK's bounds check never fires and the ring's
 * own index arithmetic is all that keeps it inside its memory.
 */
final class SegmentLongRing {
    private static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final long base;
    private final int capacity;
    private final boolean offByOne;
    private int head;
    private int tail;
    private int size;

    /**
     * @param arena where the slots live
     * @param capacity number of slots
     * @param offByOne whether the index wraps one slot too late (the planted bug)
     */
    SegmentLongRing(final Arena arena, final int capacity, final boolean offByOne) {
        this.base = arena.allocate(ValueLayout.JAVA_LONG, capacity).address(); // @ALLOC
        this.capacity = capacity;
        this.offByOne = offByOne;
    }

    /** Appends, overwriting the oldest value when full. */
    void offer(final long value) {
        EVERYTHING.set(ValueLayout.JAVA_LONG, base + 8L * tail, value); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentLongRing.offer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentLongRing.offer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLongRing.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentRingBufferScenario.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentRingBufferScenario.java:{{[0-9]+}})
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentLongRing.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLongRing.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 32-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 f8
        tail = next(tail);
        if (size == capacity) {
            head = next(head);
        } else {
            size++;
        }
    }

    /** @return the oldest value */
    long poll() {
        final long value = EVERYTHING.get(ValueLayout.JAVA_LONG, base + 8L * head);
        head = next(head);
        size--;
        return value;
    }

    private int next(final int index) {
        final int n = index + 1;
        return (offByOne ? n > capacity : n >= capacity) ? 0 : n;
    }
}
