package io.jkasan.samples;

import sun.misc.Unsafe;

/** Reads the byte just before a 64-byte allocation (a {@code p[-1]} underflow). */
final class LeftUnderflow implements Scenario {
    private static final long SIZE = 64;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.setMemory(p, SIZE, (byte) 7);
        final long index = bug ? -1 : 0;
        final byte b = unsafe.getByte(p + index); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.LeftUnderflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.LeftUnderflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LeftUnderflow.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.LeftUnderflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LeftUnderflow.java:[[@ALLOC]])
        // CHECK: The buggy address is located 1 bytes to the left of
        // CHECK-NEXT: 64-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.LeftUnderflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LeftUnderflow.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        unsafe.freeMemory(p);
        return "read " + b;
    }
}
