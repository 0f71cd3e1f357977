package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Sums a direct buffer's longs with absolute {@code getLong}s in a loop the agent brackets with one check of the
 * buffer's whole capacity at entry. The buffer views a native segment through an alias with global scope
 * ({@code ofAddress(...).reinterpret(...)}), so it outlives the arena: once while the arena is open (clean: the
 * loop's checks are suspended), then, in the buggy variant, after the arena was closed, where the loop's first
 * read is a use-after-free. The twin sums twice before closing.
 */
public final class BufferLoopAfterFree implements Scenario {
    private static final int SIZE = 64 << 10;

    @Override
    public String run(final boolean bug) {
        final Arena arena = Arena.ofConfined();
        final MemorySegment segment = arena.allocate(SIZE, 8); // @ALLOC
        segment.fill((byte) 3);
        final ByteBuffer alias = MemorySegment.ofAddress(segment.address()).reinterpret(SIZE).asByteBuffer();
        final long before = sum(alias);
        if (!bug) {
            final long again = sum(alias);
            arena.close();
            return "sums " + Long.toHexString(before) + " " + Long.toHexString(again);
        }
        arena.close(); // @FREE
        return "sums " + Long.toHexString(before) + " " + Long.toHexString(sum(alias));
    }

    private static long sum(final ByteBuffer b) {
        long total = 0;
        for (int i = 0; i + 8 <= b.capacity(); i += 8) {
            total += b.getLong(i); // @ACCESS
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.segments.BufferLoopAfterFree.sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: java.nio.DirectByteBuffer.getLong+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectByteBuffer.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.BufferLoopAfterFree.sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopAfterFree.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.BufferLoopAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopAfterFree.java:{{[0-9]+}})
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: freed 65536-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.BufferLoopAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopAfterFree.java:[[@ALLOC]])
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: jdk.internal.foreign.ArenaImpl.close+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ArenaImpl.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.segments.BufferLoopAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopAfterFree.java:[[@FREE]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: ff
        return total;
    }
}
