package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fills a buffer with relative {@code putInt}s while it has room, a loop the agent brackets with one check of the
 * buffer's whole capacity at entry: first a buffer over a native segment's first 4000 bytes (clean: its checks
 * are suspended), then one over an alias made with {@code reinterpret} 4 bytes larger than the segment, whose
 * last store is past the end and must not be performed. The twin fills a buffer over the whole segment.
 */
public final class BufferLoopOverflow implements Scenario {
    private static final int SIZE = 4000;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE + 8, 8); // @ALLOC
            fill(segment.asSlice(0, SIZE).asByteBuffer().order(ByteOrder.nativeOrder()), 1);
            final MemorySegment whole = bug ? MemorySegment.ofAddress(segment.address()).reinterpret(SIZE + 12)
                    : segment;
            fill(whole.asByteBuffer().order(ByteOrder.nativeOrder()), 2);
            return "ints " + segment.get(ValueLayout.JAVA_INT, 0) + " " + segment.get(ValueLayout.JAVA_INT, SIZE + 4);
        }
    }

    private static void fill(final ByteBuffer b, final int value) {
        while (b.remaining() >= 4) {
            b.putInt(value); // @ACCESS
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.BufferLoopOverflow.fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 4 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putIntUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: java.nio.DirectByteBuffer.putInt+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectByteBuffer.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.BufferLoopOverflow.fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopOverflow.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.segments.BufferLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopOverflow.java:{{[0-9]+}})
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 4008-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.BufferLoopOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (BufferLoopOverflow.java:[[@ALLOC]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 00 f8
    }
}
