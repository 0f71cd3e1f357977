package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code MemorySegment.copy} of 96 bytes into a 64-byte segment seen through a 96-byte
 * {@code ofAddress}/{@code reinterpret} alias (a memcpy destination overflow); the twin copies 64 bytes.
 */
public final class SegmentCopyOverflow implements Scenario {
    private static final long SIZE = 64;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment src = arena.allocate(96).fill((byte) 5);
            final MemorySegment dst = arena.allocate(SIZE); // @ALLOC
            final MemorySegment view = MemorySegment.ofAddress(dst.address()).reinterpret(96);
            MemorySegment.copy(src, 0, view, 0, bug ? 96 : SIZE); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentCopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Write of size 96 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.copyMemoryInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: java.lang.foreign.MemorySegment.copy+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (MemorySegment.java:{{[0-9]+}})
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentCopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentCopyOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentCopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentCopyOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes inside of
            // CHECK-NEXT: 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
            // CHECK: Memory state around the buggy address:
            return "copied, last " + dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, SIZE - 1);
        }
    }
}
