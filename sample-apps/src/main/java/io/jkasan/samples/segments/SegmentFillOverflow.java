package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code MemorySegment.fill} of a 48-byte alias of a 40-byte segment (a memset overflow); the twin fills the
 * first 40 bytes of the alias.
 */
public final class SegmentFillOverflow implements Scenario {
    private static final long SIZE = 40;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(48);
            (bug ? alias : alias.asSlice(0, SIZE)).fill((byte) 1); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentFillOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Write of size 48 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.setMemoryInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentFillOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentFillOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentFillOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentFillOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes inside of
            // CHECK-NEXT: 40-byte region [[[ADDR]], {{[0-9a-f]{16}}})
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 00 f8
            return "filled, last " + segment.get(ValueLayout.JAVA_BYTE, SIZE - 1);
        }
    }
}
