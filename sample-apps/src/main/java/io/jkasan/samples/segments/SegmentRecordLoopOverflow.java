package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Sums 12-byte records (an int, then an unaligned long) through two of the JDK's layout {@code VarHandle}s in
 * one loop, which the agent brackets with a check of the segment and of both handles at entry: first over
 * the segment (clean: its checks are suspended), then over an alias made with {@code reinterpret} 4 bytes too
 * large, whose last record's long ends 4 bytes past the region: one read, reported at its own address, inside
 * the region. The region is a multiple of 8 bytes, so the JDK's rounding adds nothing to it. The twin sums
 * the segment twice.
 */
public final class SegmentRecordLoopOverflow implements Scenario {
    private static final long RECORD = 12;
    private static final long RECORDS = 101;
    private static final long SIZE = RECORDS * RECORD - 4;
    private static final VarHandle INTS = ValueLayout.JAVA_INT_UNALIGNED.varHandle();
    private static final VarHandle LONGS = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE, 8); // @ALLOC
            segment.fill((byte) 1);
            final long clean = sum(segment);
            final MemorySegment alias = bug ? MemorySegment.ofAddress(segment.address()).reinterpret(SIZE + 4)
                    : segment;
            return "sums " + Long.toHexString(clean) + " " + Long.toHexString(sum(alias));
        }
    }

    private static long sum(final MemorySegment s) {
        long total = 0;
        for (long p = 0, end = s.byteSize() - RECORD; p <= end; p += RECORD) {
            total += (int) INTS.get(s, p) + (long) LONGS.get(s, p + 4); // @ACCESS
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentRecordLoopOverflow.sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: java.lang.invoke.VarHandleSegmentAsLongs.get+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (VarHandleSegmentAsLongs.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentRecordLoopOverflow.sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentRecordLoopOverflow.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentRecordLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentRecordLoopOverflow.java:{{[0-9]+}})
        // CHECK: The buggy address is located 1204 bytes inside of
        // CHECK-NEXT: 1208-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentRecordLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentRecordLoopOverflow.java:[[@ALLOC]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 f8
        return total;
    }
}
