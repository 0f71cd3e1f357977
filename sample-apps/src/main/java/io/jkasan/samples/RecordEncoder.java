package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Encodes packed 13-byte records {@code [int length][byte flag][long id]} into an off-heap buffer, field by
 * field. The buffer is four bytes short, so the last record's id is written across its end; the program then
 * reads back the four bytes of that id that lie inside the buffer.
 */
final class RecordEncoder implements Scenario {
    private static final int RECORD = 13;
    private static final int RECORDS = 4;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long size = (long) RECORDS * RECORD - (bug ? 4 : 0);
        final long buffer = unsafe.allocateMemory(size); // @ALLOC
        unsafe.setMemory(buffer, size, (byte) 0x11);
        for (int i = 0; i < RECORDS; i++) {
            encode(unsafe, buffer + (long) i * RECORD, 8, (byte) i, 0x2222222222222222L); // @CALL
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.RecordEncoder.encode+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.RecordEncoder.encode+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordEncoder.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.RecordEncoder.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordEncoder.java:[[@CALL]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.RecordEncoder.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordEncoder.java:[[@ALLOC]])
        // CHECK: The buggy address is located 44 bytes inside of
        // CHECK-NEXT: 48-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.RecordEncoder.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordEncoder.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        final int tail = unsafe.getInt(buffer + 44);
        unsafe.freeMemory(buffer);
        return "tail " + Integer.toHexString(tail);
    }

    /** One record: three stores at constant offsets from {@code p}, in one straight run. */
    private static void encode(final Unsafe unsafe, final long p, final int length, final byte flag, final long id) {
        unsafe.putInt(p, length);
        unsafe.putByte(p + 4, flag);
        unsafe.putLong(p + 5, id); // @ACCESS
    }
}
