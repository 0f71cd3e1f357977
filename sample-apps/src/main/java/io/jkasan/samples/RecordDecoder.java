package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Decodes packed 13-byte records {@code [int length][long id][byte flag]} from an off-heap buffer, field by
 * field, as a wire-format codec does. The buffer is one byte short, so the last record's flag byte is read
 * just past its end.
 */
final class RecordDecoder implements Scenario {
    private static final int RECORD = 13;
    private static final int RECORDS = 4;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long size = (long) RECORDS * RECORD - (bug ? 1 : 0);
        final long buffer = unsafe.allocateMemory(size); // @ALLOC
        unsafe.setMemory(buffer, size, (byte) 1);
        long sum = 0;
        for (int i = 0; i < RECORDS; i++) {
            sum += decode(unsafe, buffer + (long) i * RECORD); // @CALL
        }
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.RecordDecoder.decode+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.RecordDecoder.decode+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordDecoder.java:[[@ACCESS]])
        // CHECK-NEXT: io.jkasan.samples.RecordDecoder.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordDecoder.java:[[@CALL]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.RecordDecoder.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordDecoder.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 51-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.RecordDecoder.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (RecordDecoder.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: {{.*}}03
        unsafe.freeMemory(buffer);
        return "sum " + sum;
    }

    /** One record: three loads at constant offsets from {@code p}, in one straight run. */
    private static long decode(final Unsafe unsafe, final long p) {
        final int length = unsafe.getInt(p);
        final long id = unsafe.getLong(p + 4);
        final byte flag = unsafe.getByte(p + 12); // @ACCESS
        return length + id + flag;
    }
}
