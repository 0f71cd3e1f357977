package io.jkasan.runtime.hooks;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.Access;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.testing.KasanExpectations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code vectorizedMismatch} bridge: both ranges checked as reads before the comparison, its answer the
 * JDK's wherever nothing is reported, and heap ranges (a heap segment's array) never reported.
 */
@ExtendWith(KasanExpectations.class)
class ArraysSupportHooksTest {
    private static final int BYTES = 0;
    private long a;
    private long b;

    @AfterEach
    void free() {
        OffHeapAllocator.free(a);
        OffHeapAllocator.free(b);
    }

    @Test
    void equal_and_different_ranges_give_the_jdks_answer_without_a_report() {
        a = OffHeapAllocator.allocate(64, 0);
        b = OffHeapAllocator.allocate(64, 0);
        UnsafeAccess.U.setMemory(a, 64, (byte) 3);
        UnsafeAccess.U.setMemory(b, 64, (byte) 3);
        expectNoReport(() -> assertEquals(~0, ArraysSupportHooks.vectorizedMismatch(null, a, null, b, 64, BYTES)));
        UnsafeAccess.U.putByte(b + 41, (byte) 4);
        expectNoReport(() -> assertEquals(41, ArraysSupportHooks.vectorizedMismatch(null, a, null, b, 64, BYTES)));
    }

    @Test
    void a_range_past_its_area_is_reported_as_a_read_of_the_whole_range() {
        a = OffHeapAllocator.allocate(96, 0);
        b = OffHeapAllocator.allocate(64, 0);
        KasanReport r = expectReport("vmalloc-out-of-bounds",
                () -> ArraysSupportHooks.vectorizedMismatch(null, a, null, b, 96, BYTES));
        assertEquals(Access.READ, r.access());
        assertEquals(96, r.size());
        assertEquals(b, r.address());
    }

    @Test
    void the_first_range_is_reported_first_and_alone() {
        a = OffHeapAllocator.allocate(32, 0);
        b = OffHeapAllocator.allocate(32, 0);
        KasanReport r = expectReport("vmalloc-out-of-bounds",
                () -> ArraysSupportHooks.vectorizedMismatch(null, a, null, b, 5, 3));
        assertEquals(40, r.size(), "5 longs");
        assertEquals(a, r.address());
    }

    @Test
    void heap_ranges_are_the_jdks_and_never_reported() {
        byte[] x = new byte[100];
        byte[] y = new byte[100];
        y[77] = 1;
        long base = ArrayLayout.BYTE_BASE;
        expectNoReport(() -> assertEquals(77, ArraysSupportHooks.vectorizedMismatch(x, base, y, base, 100, BYTES)));
    }
}
