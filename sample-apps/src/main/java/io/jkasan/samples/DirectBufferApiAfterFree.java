package io.jkasan.samples;

import java.nio.ByteBuffer;

/**
 * Reads a direct buffer through its own {@code getLong} after its memory was freed behind its back
 * ({@code Unsafe.invokeCleaner}, as Netty and Agrona free buffers); the twin reads before freeing. On JDK 22+ a
 * buffer's accesses reach memory through {@code jdk.internal.misc.ScopedMemoryAccess}, which jkasan checks, so
 * this is reported; on JDK 17 and 21 the buffer's own accesses are not checked and it runs silently.
 */
final class DirectBufferApiAfterFree implements Scenario {
    private static final int CAPACITY = 64;

    @Override
    public String run(final boolean bug) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY); // @ALLOC
        buffer.putLong(0, 0x1122334455667788L);
        long value = 0;
        if (!bug) {
            value = buffer.getLong(0);
        }
        OffHeapFacade.free(buffer); // @FREE
        if (bug) {
            value = buffer.getLong(0); // @ACCESS
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.DirectBufferApiAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: java.nio.DirectByteBuffer.getLong+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectByteBuffer.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.DirectBufferApiAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferApiAfterFree.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.DirectBufferApiAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferApiAfterFree.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: freed 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.DirectBufferApiAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferApiAfterFree.java:[[@FREE]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: ff
        return "read " + Long.toHexString(value);
    }
}
