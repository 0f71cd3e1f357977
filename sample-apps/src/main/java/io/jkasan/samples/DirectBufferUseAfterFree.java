package io.jkasan.samples;

import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * Reads a direct buffer's memory through its raw address after its cleaner ran ({@code Unsafe.invokeCleaner},
 * as Netty and Agrona free buffers); the twin reads before freeing.
 */
final class DirectBufferUseAfterFree implements Scenario {
    private static final int CAPACITY = 64;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY); // @ALLOC
        final long address = OffHeapFacade.address(buffer);
        unsafe.putLong(address, 0x1122334455667788L);
        long value = 0;
        if (!bug) {
            value = unsafe.getLong(address);
        }
        OffHeapFacade.free(buffer); // @FREE
        if (bug) {
            value = unsafe.getLong(address); // @ACCESS
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.DirectBufferUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.DirectBufferUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferUseAfterFree.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.DirectBufferUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferUseAfterFree.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: freed 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.DirectBufferUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferUseAfterFree.java:[[@ALLOC]])
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: java.nio.DirectByteBuffer$Deallocator.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectByteBuffer.java:{{[0-9]+}})
        // CHECK: sun.misc.Unsafe.invokeCleaner+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.OffHeapFacade.free+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapFacade.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.DirectBufferUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferUseAfterFree.java:[[@FREE]])
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: ff
        return "read " + Long.toHexString(value);
    }
}
