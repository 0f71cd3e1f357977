package io.jkasan.samples;

import sun.misc.Unsafe;

/** Frees a pointer into the middle of an allocation instead of its start. */
final class InvalidFree implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(64); // @ALLOC
        unsafe.putLong(p + 8, 99);
        final long header = bug ? 8 : 0;
        unsafe.freeMemory(p + header); // @ACCESS
        // CHECK: BUG: KASAN: invalid-free in io.jkasan.samples.InvalidFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Free of addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.InvalidFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (InvalidFree.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.InvalidFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (InvalidFree.java:[[@ALLOC]])
        // CHECK: The buggy address is located 8 bytes inside of
        // CHECK-NEXT: 64-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.InvalidFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (InvalidFree.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        return "freed " + (bug ? "p+8" : "p");
    }
}
