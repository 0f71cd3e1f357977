package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Writes short element 8 through {@code JAVA_SHORT.arrayElementVarHandle()} into a 24-byte alias of a 16-byte
 * segment (eight shorts); the twin writes element 7. (A native segment's memory is its size rounded up to 8 on
 * JDK 25, which zeroes it in longs, so an overflow must pass a multiple of 8 to leave the memory.)
 */
public final class SegmentArrayElementOverflow implements Scenario {
    private static final long SIZE = 16;
    private static final VarHandle SHORTS = ValueLayout.JAVA_SHORT.arrayElementVarHandle();

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(SIZE + 8);
            SHORTS.set(alias, 0L, bug ? 8L : 7L, (short) 9); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentArrayElementOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Write of size 2 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putShortUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentArrayElementOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentArrayElementOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentArrayElementOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentArrayElementOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 f8
            return "read " + segment.getAtIndex(ValueLayout.JAVA_SHORT, 7);
        }
    }
}
