package io.jkasan.samples;

import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * Writes one byte past a 13-byte direct buffer through its raw address: {@code ByteBuffer.allocateDirect}
 * memory is an area of exactly its capacity. The twin writes the last byte.
 */
final class DirectBufferOverflow implements Scenario {
    private static final int CAPACITY = 13;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY); // @ALLOC
        final long address = OffHeapFacade.address(buffer);
        final int index = bug ? CAPACITY : CAPACITY - 1;
        unsafe.putByte(address + index, (byte) 0x2a); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.DirectBufferOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.DirectBufferOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferOverflow.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.DirectBufferOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferOverflow.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 13-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: java.nio.DirectByteBuffer.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectByteBuffer.java:{{[0-9]+}})
        // CHECK-NEXT: java.nio.ByteBuffer.allocateDirect+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ByteBuffer.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.DirectBufferOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferOverflow.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: {{.*}}05
        final byte last = buffer.get(CAPACITY - 1);
        OffHeapFacade.free(buffer);
        return "wrote byte " + index + " of a " + CAPACITY + "-byte direct buffer, last byte " + last;
    }
}
