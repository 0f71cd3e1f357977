package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads a native segment through an alias ({@code MemorySegment.ofAddress(address).reinterpret(16)}, global
 * scope) after its arena was closed: the JDK sees a live alias; the twin reads before closing.
 */
public final class SegmentAfterClose implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) {
        final Arena arena = Arena.ofConfined();
        final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
        segment.set(ValueLayout.JAVA_LONG, 0, 0x1122334455667788L);
        final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(SIZE);
        long value = 0;
        if (!bug) {
            value = alias.get(ValueLayout.JAVA_LONG, 0);
        }
        arena.close(); // @FREE
        if (bug) {
            value = alias.get(ValueLayout.JAVA_LONG, 0); // @ACCESS
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.segments.SegmentAfterClose.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.AbstractMemorySegmentImpl.get+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AbstractMemorySegmentImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentAfterClose.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentAfterClose.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentAfterClose.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentAfterClose.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: freed 16-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentAfterClose.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentAfterClose.java:[[@ALLOC]])
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.ArenaImpl.close+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ArenaImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentAfterClose.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentAfterClose.java:[[@FREE]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: ff
        return "read " + Long.toHexString(value);
    }
}
