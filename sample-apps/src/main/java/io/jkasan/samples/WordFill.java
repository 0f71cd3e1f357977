package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Clears a 60-byte off-heap buffer eight bytes at a time. The buggy variant rounds the length up to a whole
 * word, so its last store writes four bytes past the end; the twin clears the last four bytes one at a time.
 * The program then reads back the buffer's last four bytes: under jkasan the flagged store is not performed,
 * so they keep their fill byte. Both loops are counted loops the agent checks once before they run
 * (docs/design.md, "Hoisted loop checks").
 */
final class WordFill implements Scenario {
    private static final int LENGTH = 60;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long buffer = unsafe.allocateMemory(LENGTH); // @ALLOC
        unsafe.setMemory(buffer, LENGTH, (byte) 0x11);
        final long words = bug ? (LENGTH + 7) & ~7 : LENGTH & ~7;
        long p = buffer;
        for (final long end = buffer + words; p < end; p += 8) {
            unsafe.putLong(p, 0L); // @ACCESS
        }
        for (final long end = buffer + LENGTH; p < end; p++) {
            unsafe.putByte(p, (byte) 0);
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.WordFill.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.WordFill.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (WordFill.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.WordFill.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (WordFill.java:[[@ALLOC]])
        // CHECK: The buggy address is located 56 bytes inside of
        // CHECK-NEXT: 60-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.WordFill.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (WordFill.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        final int tail = unsafe.getInt(buffer + 56);
        unsafe.freeMemory(buffer);
        return "tail " + Integer.toHexString(tail);
    }
}
