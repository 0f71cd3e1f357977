package io.jkasan.samples;

import sun.misc.Unsafe;

/** Reads 8 bytes at offset 16 of a 20-byte allocation: the read starts inside and crosses the end. */
final class OobReadCrossing implements Scenario {
    private static final long SIZE = 20;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.setMemory(p, SIZE, (byte) 1);
        final long offset = bug ? 16 : 12;
        final long v = unsafe.getLong(p + offset); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OobReadCrossing.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.OobReadCrossing.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OobReadCrossing.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.OobReadCrossing.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OobReadCrossing.java:[[@ALLOC]])
        // CHECK: The buggy address is located 16 bytes inside of
        // CHECK-NEXT: 20-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.OobReadCrossing.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OobReadCrossing.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        unsafe.freeMemory(p);
        return "read " + Long.toHexString(v);
    }
}
