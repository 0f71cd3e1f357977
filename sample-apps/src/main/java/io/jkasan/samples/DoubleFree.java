package io.jkasan.samples;

import sun.misc.Unsafe;

/** Frees the same allocation twice (the second {@code freeMemory} is the bug). */
final class DoubleFree implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(32); // @ALLOC
        unsafe.putLong(p, 42);
        final long v = unsafe.getLong(p);
        unsafe.freeMemory(p); // @FREE
        if (bug) {
            unsafe.freeMemory(p); // @ACCESS
            // CHECK: BUG: KASAN: double-free in io.jkasan.samples.DoubleFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Free of addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: io.jkasan.samples.DoubleFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DoubleFree.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.DoubleFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DoubleFree.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes inside of
            // CHECK-NEXT: freed 32-byte region [[[ADDR]], {{[0-9a-f]{16}}})
            // CHECK: Allocated by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.DoubleFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DoubleFree.java:[[@ALLOC]])
            // CHECK: Freed by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.DoubleFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DoubleFree.java:[[@FREE]])
            // CHECK: Memory state around the buggy address:
        }
        return "freed after reading " + v;
    }
}
