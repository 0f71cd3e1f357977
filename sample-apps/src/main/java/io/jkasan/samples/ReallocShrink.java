package io.jkasan.samples;

import sun.misc.Unsafe;

/** Shrinks a 64-byte allocation to 16 bytes, then keeps writing as if it still had the old size. */
final class ReallocShrink implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(64);
        unsafe.setMemory(p, 64, (byte) 0);
        final long q = unsafe.reallocateMemory(p, 16); // @ALLOC
        final long offset = bug ? 32 : 8;
        unsafe.putLong(q + offset, 0xcafeL); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.ReallocShrink.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.ReallocShrink.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ReallocShrink.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.ReallocShrink.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ReallocShrink.java:[[@ALLOC]])
        // CHECK: The buggy address is located 16 bytes to the right of
        // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.ReallocShrink.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ReallocShrink.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        final long first = unsafe.getLong(q);
        unsafe.freeMemory(q);
        return "wrote at +" + offset + ", first word " + first;
    }
}
