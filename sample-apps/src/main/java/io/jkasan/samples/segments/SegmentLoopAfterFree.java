package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Searches a native segment for its first non-zero long in a loop the agent brackets with one check of the
 * whole segment at entry, through an alias with global scope ({@code ofAddress(...).reinterpret(...)}): once
 * while the arena is open (clean: the loop's checks are suspended), then, in the buggy variant, after the arena
 * was closed, where the loop's first read is a use-after-free. The twin searches twice before closing.
 */
public final class SegmentLoopAfterFree implements Scenario {
    private static final long SIZE = 64 << 10;

    @Override
    public String run(final boolean bug) {
        final Arena arena = Arena.ofConfined();
        final MemorySegment segment = arena.allocate(SIZE, 8); // @ALLOC
        segment.fill((byte) 7);
        final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(SIZE);
        final long before = firstNonZero(alias);
        if (!bug) {
            final long again = firstNonZero(alias);
            arena.close();
            return "found " + before + " " + again;
        }
        arena.close(); // @FREE
        return "found " + before + " " + firstNonZero(alias);
    }

    private static long firstNonZero(final MemorySegment s) {
        long offset = 0;
        for (final long end = s.byteSize(); offset < end; offset += 8) {
            if (s.get(ValueLayout.JAVA_LONG, offset) != 0) { // @ACCESS
                break;
            }
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.segments.SegmentLoopAfterFree.firstNonZero+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.AbstractMemorySegmentImpl.get+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AbstractMemorySegmentImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentLoopAfterFree.firstNonZero+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopAfterFree.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentLoopAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopAfterFree.java:{{[0-9]+}})
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: freed 65536-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentLoopAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopAfterFree.java:[[@ALLOC]])
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.ArenaImpl.close+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ArenaImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentLoopAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLoopAfterFree.java:[[@FREE]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: ff
        return offset;
    }
}
