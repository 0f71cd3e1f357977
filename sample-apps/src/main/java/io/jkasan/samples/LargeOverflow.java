package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Writes one byte past a 1 MiB allocation of which only the first bytes were touched: the report names the
 * bytes before the bad one accessible although no access reached them, as if the whole area had been
 * unpoisoned at allocation (a large area's shadow is unpoisoned where accesses first reach it,
 * docs/design.md, "Large areas: shadow unpoisoned at first access").
 */
final class LargeOverflow implements Scenario {
    /** 1 MiB and 69 bytes: the guilty shadow row holds eight accessible granules, then 05, then the page tail. */
    private static final long SIZE = (1 << 20) + 69;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.putLong(p, SIZE);
        final long index = bug ? SIZE : SIZE - 1;
        unsafe.putByte(p + index, (byte) 0x2a); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.LargeOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.LargeOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LargeOverflow.java:[[@ACCESS]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 1048645-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.LargeOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LargeOverflow.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
        // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
        // CHECK-NEXT: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 05 f8 f8 f8 f8 f8 f8 f8
        final byte last = unsafe.getByte(p + SIZE - 1);
        final long header = unsafe.getLong(p);
        unsafe.freeMemory(p);
        return "wrote byte " + index + ", last byte " + last + ", header " + header;
    }
}
