package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Reads element 3 of a {@code sequenceLayout(4, JAVA_LONG)} through its layout-path {@code VarHandle} over a
 * segment that holds only 3 longs (its alias claims the layout's 32 bytes): the index is valid for the layout,
 * and the offset the JDK computes from the path lies past the memory. The twin reads element 2.
 */
public final class SegmentLayoutPathOverflow implements Scenario {
    private static final SequenceLayout FOUR_LONGS = MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_LONG);
    private static final VarHandle ELEMENT = FOUR_LONGS.varHandle(MemoryLayout.PathElement.sequenceElement());

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(ValueLayout.JAVA_LONG, 3); // @ALLOC
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(FOUR_LONGS.byteSize());
            final long value = (long) ELEMENT.get(alias, 0L, bug ? 3L : 2L); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentLayoutPathOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: java.lang.invoke.VarHandleSegmentAsLongs.get+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (VarHandleSegmentAsLongs.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentLayoutPathOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLayoutPathOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentLayoutPathOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLayoutPathOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 24-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 f8
            return "read " + value;
        }
    }
}
