package io.jkasan.samples;

import sun.misc.Unsafe;

/** Copies 65 bytes out of a 64-byte allocation into a larger one (a memcpy source overflow). */
final class CopyOverflow implements Scenario {
    private static final long SIZE = 64;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long src = unsafe.allocateMemory(SIZE); // @ALLOC
        final long dst = unsafe.allocateMemory(2 * SIZE);
        unsafe.setMemory(src, SIZE, (byte) 5);
        final long length = bug ? SIZE + 1 : SIZE;
        unsafe.copyMemory(src, dst, length); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.CopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 65 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.CopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (CopyOverflow.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.CopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (CopyOverflow.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.CopyOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (CopyOverflow.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        final byte last = unsafe.getByte(dst + SIZE - 1);
        unsafe.freeMemory(dst);
        unsafe.freeMemory(src);
        return "copied " + length + " bytes, last " + last;
    }
}
