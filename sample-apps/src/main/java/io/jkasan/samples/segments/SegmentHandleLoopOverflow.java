package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Fills a native segment's longs in a counted loop through the layout's own {@code VarHandle}, a loop the agent
 * brackets with one check of the whole segment at entry: first the segment itself (clean: its checks are
 * suspended), then an alias made with {@code reinterpret} 8 bytes too large, whose last store is past the end
 * and must not be performed. The twin fills the segment twice.
 */
public final class SegmentHandleLoopOverflow implements Scenario {
    private static final long SIZE = 4000;
    private static final VarHandle LONGS = ValueLayout.JAVA_LONG.varHandle();

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE + 8, 8); // @ALLOC
            final MemorySegment head = segment.asSlice(0, SIZE);
            fill(head, 1);
            final MemorySegment alias = bug ? MemorySegment.ofAddress(segment.address()).reinterpret(SIZE + 16)
                    : head;
            fill(alias, 2);
            return "last " + Long.toHexString(segment.get(ValueLayout.JAVA_LONG, SIZE));
        }
    }

    private static void fill(final MemorySegment s, final long value) {
        for (long offset = 0, end = s.byteSize(); offset < end; offset += 8) {
            LONGS.set(s, offset, value); // @ACCESS
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentHandleLoopOverflow.fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: java.lang.invoke.VarHandleSegmentAsLongs.set+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (VarHandleSegmentAsLongs.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentHandleLoopOverflow.fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentHandleLoopOverflow.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentHandleLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentHandleLoopOverflow.java:{{[0-9]+}})
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 4008-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentHandleLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentHandleLoopOverflow.java:[[@ALLOC]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 00 f8
    }
}
