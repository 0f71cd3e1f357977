package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Sums a native segment's longs in a counted loop, the shape the agent brackets with one check of the whole
 * segment at entry: first over the segment itself (clean: its checks are suspended), then over an alias made
 * with {@code reinterpret} 8 bytes too large, whose last read is past the end. The twin sums the segment twice.
 */
public final class SegmentLoopOverflow implements Scenario {
    private static final long SIZE = 8000;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE, 8); // @ALLOC
            segment.fill((byte) 1);
            final long clean = sum(segment);
            final MemorySegment alias = bug ? MemorySegment.ofAddress(segment.address()).reinterpret(SIZE + 8)
                    : segment;
            return "sums " + Long.toHexString(clean) + " " + Long.toHexString(sum(alias));
        }
    }

    private static long sum(final MemorySegment s) {
        long total = 0;
        for (long offset = 0, end = s.byteSize(); offset < end; offset += 8) {
            total += s.get(ValueLayout.JAVA_LONG, offset); // @ACCESS
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentLoopOverflow.sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.AbstractMemorySegmentImpl.get+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AbstractMemorySegmentImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentLoopOverflow.sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopOverflow.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopOverflow.java:{{[0-9]+}})
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 8000-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopOverflow.java:[[@ALLOC]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 f8
        return total;
    }
}
