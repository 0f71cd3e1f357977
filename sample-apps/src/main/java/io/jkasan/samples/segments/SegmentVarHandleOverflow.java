package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Writes an int through {@code ValueLayout.JAVA_INT.varHandle()} at offset 16 of a 32-byte alias of a 16-byte
 * segment; the twin writes at offset 12.
 */
public final class SegmentVarHandleOverflow implements Scenario {
    private static final long SIZE = 16;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(2 * SIZE);
            INT.set(alias, bug ? SIZE : SIZE - 4, 42); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentVarHandleOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Write of size 4 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putIntUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: java.lang.invoke.VarHandleSegmentAsInts.set+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (VarHandleSegmentAsInts.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentVarHandleOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentVarHandleOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentVarHandleOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentVarHandleOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 f8
            return "read " + (int) INT.get(segment, SIZE - 4);
        }
    }
}
