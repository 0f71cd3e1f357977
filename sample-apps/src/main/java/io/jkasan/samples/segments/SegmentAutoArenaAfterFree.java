package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a segment of an {@code Arena.ofAuto()} through an alias after the garbage collector found the arena
 * unreachable and the JDK's cleaner freed its memory; the twin reads before dropping the arena. Both wait until
 * the cleaner has run: a cleanup action registered on the arena before the allocation runs after the
 * allocation's own (a session's resources are cleaned up last-added first), so when it has run the memory is
 * gone.
 */
public final class SegmentAutoArenaAfterFree implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) throws InterruptedException {
        final CountDownLatch cleaned = new CountDownLatch(1);
        Arena arena = Arena.ofAuto();
        MemorySegment.NULL.reinterpret(0, arena, s -> cleaned.countDown());
        final MemorySegment alias = allocate(arena);
        long value = 0;
        if (!bug) {
            value = alias.get(ValueLayout.JAVA_LONG, 8);
        }
        arena = null;
        while (!cleaned.await(50, TimeUnit.MILLISECONDS)) {
            System.gc(); // @FREE
        }
        if (bug) {
            value = alias.get(ValueLayout.JAVA_LONG, 8); // @ACCESS
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.segments.SegmentAutoArenaAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentAutoArenaAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentAutoArenaAfterFree.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentAutoArenaAfterFree.allocate+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentAutoArenaAfterFree.java:[[@ALLOC]])
        // CHECK: The buggy address is located 8 bytes inside of
        // CHECK-NEXT: freed 16-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Freed by task Common-Cleaner/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.MemorySessionImpl$ResourceList.cleanup+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (MemorySessionImpl.java:{{[0-9]+}})
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: ff
        return "read " + Long.toHexString(value);
    }

    /** Allocates in its own frame, so that no local of {@code run} keeps the segment, and so the arena, alive. */
    private static MemorySegment allocate(final Arena arena) {
        final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
        segment.set(ValueLayout.JAVA_LONG, 8, 0x1122334455667788L);
        return MemorySegment.ofAddress(segment.address()).reinterpret(SIZE);
    }
}
