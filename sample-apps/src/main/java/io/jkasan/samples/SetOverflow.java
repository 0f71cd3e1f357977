package io.jkasan.samples;

import sun.misc.Unsafe;

/** Clears 33 bytes of a 32-byte allocation (a memset overflow). */
final class SetOverflow implements Scenario {
    private static final long SIZE = 32;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        final long length = bug ? SIZE + 1 : SIZE;
        unsafe.setMemory(p, length, (byte) 0); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.SetOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 33 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.SetOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SetOverflow.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.SetOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SetOverflow.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes inside of
        // CHECK-NEXT: 32-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.SetOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SetOverflow.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        final long first = unsafe.getLong(p);
        unsafe.freeMemory(p);
        return "cleared " + length + " bytes, first word " + first;
    }
}
