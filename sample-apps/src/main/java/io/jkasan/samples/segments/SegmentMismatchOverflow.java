package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code MemorySegment.mismatch} over 96 bytes of a 96-byte segment and a 96-byte alias of a 64-byte one: the
 * JDK compares them with {@code ArraysSupport.vectorizedMismatch}, reading past the smaller memory. The twin
 * compares 64 bytes.
 */
public final class SegmentMismatchOverflow implements Scenario {
    private static final long SIZE = 64;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment a = arena.allocate(96).fill((byte) 7);
            final MemorySegment b = arena.allocate(SIZE).fill((byte) 7); // @ALLOC
            final MemorySegment alias = MemorySegment.ofAddress(b.address()).reinterpret(96);
            final long length = bug ? 96 : SIZE;
            final long at = MemorySegment.mismatch(a, 0, length, alias, 0, length); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentMismatchOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 96 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.vectorizedMismatchInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: java.lang.foreign.MemorySegment.mismatch+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (MemorySegment.java:{{[0-9]+}})
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentMismatchOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentMismatchOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentMismatchOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentMismatchOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes inside of
            // CHECK-NEXT: 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
            // CHECK: Memory state around the buggy address:
            return "mismatch at " + at;
        }
    }
}
