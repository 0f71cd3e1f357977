package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * An off-heap open-addressing table of 512 long keys (4 KiB), looked up many times by a probe loop that leaves
 * by {@code return}, so each read is checked where it happens rather than once before the loop. After enough
 * lookups for the JIT to compile the probe, the buggy variant frees the table and looks a key up once more
 * through the stale pointer; the twin looks it up before freeing. The one read after the free must be
 * reported, although every read before it was answered by the clean span (docs/design.md, "Checks").
 */
final class ProbeAfterFree implements Scenario {
    private static final int SLOTS = 512;
    private static final long MASK = SLOTS - 1;
    private static final int LOOKUPS = 50_000;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long table = unsafe.allocateMemory(SLOTS * 8L); // @ALLOC
        unsafe.setMemory(table, SLOTS * 8L, (byte) 0);
        for (long key = 1; key < SLOTS / 2; key++) {
            insert(unsafe, table, key * 3);
        }
        long found = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            found += find(unsafe, table, 256 + (i & 255)) >= 0 ? 1 : 0;   // slot 256: the table's offset 2048
        }
        long last;
        if (bug) {
            unsafe.freeMemory(table); // @FREE
            last = find(unsafe, table, 258);
        } else {
            last = find(unsafe, table, 258);
            unsafe.freeMemory(table);
        }
        return "found " + found + ", last slot " + last;
    }

    private static void insert(final Unsafe unsafe, final long table, final long key) {
        long slot = key & MASK;
        while (unsafe.getLong(table + slot * 8) != 0) {
            slot = (slot + 1) & MASK;
        }
        unsafe.putLong(table + slot * 8, key);
    }

    /** @return the slot holding {@code key}, or -1 when an empty slot ends the probe */
    private static long find(final Unsafe unsafe, final long table, final long key) {
        long slot = key & MASK;
        while (true) {
            final long k = unsafe.getLong(table + slot * 8); // @ACCESS
            // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.ProbeAfterFree.find+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: io.jkasan.samples.ProbeAfterFree.find+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ProbeAfterFree.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.ProbeAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ProbeAfterFree.java:[[@ALLOC]])
            // CHECK: The buggy address is located 2064 bytes inside of
            // CHECK-NEXT: freed 4096-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
            // CHECK: Allocated by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.ProbeAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ProbeAfterFree.java:[[@ALLOC]])
            // CHECK: Freed by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.ProbeAfterFree.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ProbeAfterFree.java:[[@FREE]])
            // CHECK: Memory state around the buggy address:
            if (k == key) {
                return slot;
            }
            if (k == 0) {
                return -1;
            }
            slot = (slot + 1) & MASK;
        }
    }
}
