package io.jkasan.samples;

import jdk.internal.misc.Unsafe;

/**
 * Writes a long one past a 16-byte allocation through {@code jdk.internal.misc.Unsafe}. Compiled and run with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; {@link Demo} loads it by name.
 */
final class InternalUnsafeOobWrite implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafe.getUnsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.setMemory(p, SIZE, (byte) 0);
        final long offset = bug ? SIZE : SIZE - 8;
        unsafe.putLong(p + offset, -1L); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.InternalUnsafeOobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.InternalUnsafeOobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (InternalUnsafeOobWrite.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.InternalUnsafeOobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (InternalUnsafeOobWrite.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.InternalUnsafeOobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (InternalUnsafeOobWrite.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        final long first = unsafe.getLong(p);
        unsafe.freeMemory(p);
        return "wrote at +" + offset + ", first word " + first;
    }
}
