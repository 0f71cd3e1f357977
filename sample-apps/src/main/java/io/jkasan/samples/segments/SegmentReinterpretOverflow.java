package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads past a 16-byte native segment through an alias made with {@code MemorySegment.ofAddress} and
 * {@code reinterpret(32)}: the JDK checks the offset against the alias's wrong size and lets it through; the
 * twin reads the segment's second long.
 */
public final class SegmentReinterpretOverflow implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
            segment.set(ValueLayout.JAVA_LONG, 0, 0x1122334455667788L);
            segment.set(ValueLayout.JAVA_LONG, 8, 0x0102030405060708L);
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(2 * SIZE);
            final long value = alias.get(ValueLayout.JAVA_LONG, bug ? SIZE : 8); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentReinterpretOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: jdk.internal.foreign.AbstractMemorySegmentImpl.get+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AbstractMemorySegmentImpl.java:{{[0-9]+}})
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentReinterpretOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentReinterpretOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentReinterpretOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentReinterpretOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Allocated by task main/{{[0-9]+}}:
            // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentReinterpretOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentReinterpretOverflow.java:[[@ALLOC]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 f8
            return "read " + Long.toHexString(value);
        }
    }
}
