package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Two independent out-of-bounds reads past a 16-byte allocation: the first is always reported, the second
 * only with {@code multi_shot=true}.
 */
final class TwoBugs implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.setMemory(p, SIZE, (byte) 9);
        final long past = bug ? SIZE : 0;
        final byte a = unsafe.getByte(p + past); // @FIRST
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.TwoBugs.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 1 at addr {{[0-9a-f]{16}}} by task main/{{[0-9]+}}
        // CHECK-NEXT: {{^$}}
        // CHECK-NEXT: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.TwoBugs.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (TwoBugs.java:[[@FIRST]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NOT: BUG: KASAN
        // MULTI: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.TwoBugs.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // MULTI-NEXT: Read of size 1 at addr {{[0-9a-f]{16}}} by task main/{{[0-9]+}}
        // MULTI: Call Trace:
        // MULTI-NEXT: io.jkasan.samples.TwoBugs.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (TwoBugs.java:[[@FIRST]])
        // MULTI: The buggy address is located 0 bytes to the right of
        // MULTI: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.TwoBugs.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // MULTI-NEXT: Read of size 8 at addr {{[0-9a-f]{16}}} by task main/{{[0-9]+}}
        // MULTI: Call Trace:
        // MULTI-NEXT: io.jkasan.samples.TwoBugs.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (TwoBugs.java:[[@SECOND]])
        // MULTI: The buggy address is located 8 bytes to the right of
        // MULTI-NOT: BUG: KASAN
        final long b = unsafe.getLong(p + past + 8); // @SECOND
        unsafe.freeMemory(p);
        return "read " + a + " and " + b;
    }
}
