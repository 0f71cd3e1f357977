package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code setAtIndex(JAVA_LONG, 2, v)} on a 32-byte alias of a 16-byte segment (two longs); the twin sets
 * index 1, and both read the last long back with {@code getAtIndex}.
 */
public final class SegmentIndexOverflow implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(2 * SIZE);
            alias.setAtIndex(ValueLayout.JAVA_LONG, bug ? 2 : 1, 0x55L); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentIndexOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: jdk.internal.foreign.AbstractMemorySegmentImpl.setAtIndex+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AbstractMemorySegmentImpl.java:{{[0-9]+}})
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentIndexOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentIndexOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentIndexOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentIndexOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 f8
            return "read " + segment.getAtIndex(ValueLayout.JAVA_LONG, 1);
        }
    }
}
