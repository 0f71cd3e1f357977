package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Dereferences a "null" off-heap pointer: a lookup returns 0 for a missing entry and the caller reads the
 * entry's second word anyway, an absolute {@code getLong} at address 8.
 *
 * <p><b>Without the agent the buggy variant crashes the JVM</b> (SIGSEGV in {@code Unsafe_GetLong}, no Java
 * exception). Under jkasan the access is reported as {@code null-ptr-deref} and an {@code io.jkasan.KasanError}
 * is thrown instead of performing it, so the program catches it and exits normally.
 */
final class NullRead implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long entry = unsafe.allocateMemory(16);
        unsafe.putLong(entry, 1);
        unsafe.putLong(entry + 8, 77);
        final long found = bug ? 0L : entry;
        try {
            final long value = unsafe.getLong(found + 8); // @ACCESS
            // CHECK: BUG: KASAN: null-ptr-deref in io.jkasan.samples.NullRead.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr 0000000000000008 by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: io.jkasan.samples.NullRead.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (NullRead.java:[[@ACCESS]])
            // CHECK-NOT: The buggy address belongs to
            // CHECK-NOT: Allocated by task
            // CHECK: {{^=+$}}
            return "value " + value;
        } catch (final Throwable t) {
            return "caught " + t.getClass().getName();
        } finally {
            unsafe.freeMemory(entry);
        }
    }
}
