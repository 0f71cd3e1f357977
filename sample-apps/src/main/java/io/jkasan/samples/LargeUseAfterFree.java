package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Reads a freed 256 KiB buffer at an offset no access reached while it was live: the report is a
 * use-after-free with the freed area's shadow, as if the free had poisoned every byte (a large area's shadow is
 * unpoisoned, and at free poisoned again, only where accesses reached it, docs/design.md, "Large areas: shadow
 * unpoisoned at first access"). The twin reads the same offset before the free.
 */
final class LargeUseAfterFree implements Scenario {
    private static final long SIZE = 256 << 10;
    private static final long OFFSET = 200 << 10;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.putLong(p, 42);
        long value = -1;
        if (!bug) {
            value = unsafe.getLong(p + OFFSET);
        }
        final long header = unsafe.getLong(p);
        unsafe.freeMemory(p); // @FREE
        if (bug) {
            value = unsafe.getLong(p + OFFSET); // @ACCESS
            // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.LargeUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: io.jkasan.samples.LargeUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LargeUseAfterFree.java:[[@ACCESS]])
            // CHECK: The buggy address is located 204800 bytes inside of
            // CHECK-NEXT: freed 262144-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
            // CHECK: Allocated by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.LargeUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LargeUseAfterFree.java:[[@ALLOC]])
            // CHECK: Freed by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.LargeUseAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LargeUseAfterFree.java:[[@FREE]])
            // CHECK: Memory state around the buggy address:
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
            // CHECK-NEXT: {{^}}>{{[0-9a-f]{16}}}: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
        }
        return "header " + header + ", value read " + (bug ? "after" : "before") + " the free";
    }
}
