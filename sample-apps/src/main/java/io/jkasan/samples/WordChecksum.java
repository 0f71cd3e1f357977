package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Checksums a 60-byte off-heap packet eight bytes at a time, as a hot loop over a buffer does. The buggy
 * variant rounds the length up to a whole word, so its last load reads four bytes past the end; the twin
 * reads the last four bytes one at a time. Both loops are counted loops the agent checks once before they run
 * (docs/design.md, "Hoisted loop checks"): the bug must still be reported at that last load.
 */
final class WordChecksum implements Scenario {
    private static final int LENGTH = 60;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long packet = unsafe.allocateMemory(LENGTH); // @ALLOC
        for (int i = 0; i < LENGTH; i++) {
            unsafe.putByte(packet + i, (byte) i);
        }
        final long words = bug ? (LENGTH + 7) & ~7 : LENGTH & ~7;
        long sum = 0;
        long p = packet;
        for (final long end = packet + words; p < end; p += 8) {
            sum ^= unsafe.getLong(p); // @ACCESS
        }
        for (final long end = packet + LENGTH; p < end; p++) {
            sum ^= unsafe.getByte(p);
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.WordChecksum.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.WordChecksum.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (WordChecksum.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.WordChecksum.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (WordChecksum.java:[[@ALLOC]])
        // CHECK: The buggy address is located 56 bytes inside of
        // CHECK-NEXT: 60-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.WordChecksum.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (WordChecksum.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: {{.*}}04
        unsafe.freeMemory(packet);
        return "checksum " + Long.toHexString(sum);
    }
}
