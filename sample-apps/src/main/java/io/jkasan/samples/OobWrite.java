package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Writes one byte past a 13-byte allocation (the kernel's {@code vmalloc_oob} written to).
 *
 * <p>The {@code // CHECK} comments are the expected report; {@code integration-tests} reads them (FileCheck
 * syntax: {@code {{regex}}}, {@code [[VAR:regex]]}, {@code [[VAR]]}, and {@code [[@NAME]]} for the line that
 * ends in the marker comment {@code // @NAME}).
 */
final class OobWrite implements Scenario {
    private static final long SIZE = 13;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        final long index = bug ? SIZE : SIZE - 1;
        unsafe.putByte(p + index, (byte) 0x2a); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.OobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OobWrite.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.OobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OobWrite.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 13-byte region [[[P:[0-9a-f]{16}]], [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.OobWrite.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OobWrite.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: {{.*}}05
        final byte last = unsafe.getByte(p + SIZE - 1);
        unsafe.freeMemory(p);
        return "wrote byte " + index + ", last byte " + last;
    }
}
