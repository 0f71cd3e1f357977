package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies one native segment's ints into another, doubled, in a counted loop over two segments, each checked
 * whole as the agent's bracket enters the loop: first into a destination of the right size (both clean: the
 * loop's checks are suspended), then into an alias of it made with {@code reinterpret} 4 bytes too large, whose
 * last store is past the end and must not be performed. The twin copies into the destination twice. The loop
 * also writes an optional mirror segment, absent (null) in every run: a segment the loop never reaches must not
 * let the bracket skip the check of the one it writes after it.
 */
public final class SegmentCopyLoopOverflow implements Scenario {
    private static final long INTS = 1000;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment source = arena.allocate(4 * (INTS + 1), 4);
            final MemorySegment target = arena.allocate(4 * INTS, 4); // @ALLOC
            source.fill((byte) 1);
            doubled(source, null, target, INTS);
            final MemorySegment alias = bug ? MemorySegment.ofAddress(target.address()).reinterpret(4 * (INTS + 1))
                    : target;
            doubled(source, null, alias, alias.byteSize() / 4);
            return "last " + Integer.toHexString(target.get(ValueLayout.JAVA_INT, 4 * (INTS - 1)));
        }
    }

    private static void doubled(final MemorySegment from, final MemorySegment mirror, final MemorySegment to,
            final long count) {
        for (long i = 0; i < count; i++) {
            final int value = 2 * from.get(ValueLayout.JAVA_INT, 4 * i);
            if (mirror != null) {
                mirror.set(ValueLayout.JAVA_INT, 4 * i, value);
            }
            to.set(ValueLayout.JAVA_INT, 4 * i, value); // @ACCESS
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentCopyLoopOverflow.doubled+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 4 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putIntUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.AbstractMemorySegmentImpl.set+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AbstractMemorySegmentImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentCopyLoopOverflow.doubled+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentCopyLoopOverflow.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentCopyLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentCopyLoopOverflow.java:{{[0-9]+}})
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 4000-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentCopyLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentCopyLoopOverflow.java:[[@ALLOC]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 f8
    }
}
