package io.jkasan.runtime.check;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.testing.KasanExpectations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AccessChecker#loopClean}: the span a counted loop's iterations access is exactly the one its last
 * iteration ends, and anything it cannot vouch for (a wrap, a sparse walk, poison) sends the loop down its
 * checked path, with no report of its own.
 */
@ExtendWith(KasanExpectations.class)
class LoopCleanTest {
    private static final long LONG_LIMIT = Long.MAX_VALUE - 8 + 1;
    private long area;

    @AfterEach
    void free() {
        if (area != 0) {
            OffHeapAllocator.free(area);
        }
    }

    @Test
    void the_span_ends_where_the_last_iteration_ends() {
        area = OffHeapAllocator.allocate(100, 0);
        expectNoReport(() -> {
            // p = area, area + 8, ..., area + 88 read [area, area + 96): clean for any bound in (area + 88, area + 96]
            assertTrue(AccessChecker.loopClean(area, area + 96, 8, 0, 8, LONG_LIMIT));
            assertTrue(AccessChecker.loopClean(area, area + 89, 8, 0, 8, LONG_LIMIT));
            // one more iteration reads [area + 96, area + 104): 4 bytes past the end
            assertFalse(AccessChecker.loopClean(area, area + 97, 8, 0, 8, LONG_LIMIT));
            // 10-byte records while p < area + 91: the last is [area + 90, area + 100), the area's last byte
            assertTrue(AccessChecker.loopClean(area, area + 91, 10, 0, 10, LONG_LIMIT));
            assertFalse(AccessChecker.loopClean(area, area + 91, 10, 0, 11, LONG_LIMIT));
            // accesses before the variable: [p - 8, p) from p = area + 8
            assertTrue(AccessChecker.loopClean(area + 8, area + 100, 8, -8, 0, LONG_LIMIT));
            assertFalse(AccessChecker.loopClean(area, area + 100, 8, -8, 0, LONG_LIMIT));
        });
    }

    @Test
    void a_loop_that_does_not_run_is_clean_wherever_it_points() {
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(0, 0, 8, 0, 8, LONG_LIMIT));
            assertTrue(AccessChecker.loopClean(64, 8, 8, 0, 8, LONG_LIMIT));
        });
    }

    @Test
    void a_variable_that_could_wrap_takes_the_checked_loop() {
        area = OffHeapAllocator.allocate(64, 0);
        long intLimit = Integer.MAX_VALUE - 4 + 1;
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(0, 16, 4, area, area + 4, intLimit));
            assertFalse(AccessChecker.loopClean(0, intLimit + 1, 4, area, area + 4, intLimit));
        });
    }

    @Test
    void a_sparse_walk_takes_the_checked_loop_rather_than_scan_its_span() {
        area = OffHeapAllocator.allocate(64 << 10, 0);
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(area, area + (64 << 10), 512, 0, 8, LONG_LIMIT));
            assertFalse(AccessChecker.loopClean(area, area + (64 << 10), 4096, 0, 8, LONG_LIMIT));
        });
    }

    @Test
    void freed_memory_is_not_clean_and_is_not_reported_here() {
        long freed = OffHeapAllocator.allocate(64, 0);
        OffHeapAllocator.free(freed);
        expectNoReport(() -> assertFalse(AccessChecker.loopClean(freed, freed + 64, 8, 0, 8, LONG_LIMIT)));
    }

    @Test
    void memory_outside_the_arena_is_clean_and_the_null_page_is_not() {
        long outside = UnsafeAccess.U.allocateMemory(64);
        try {
            expectNoReport(() -> {
                assertTrue(AccessChecker.loopClean(outside, outside + 64, 8, 0, 8, LONG_LIMIT));
                assertFalse(AccessChecker.loopClean(0, 64, 8, 0, 8, LONG_LIMIT));
            });
        } finally {
            UnsafeAccess.U.freeMemory(outside);
        }
    }

    @Test
    void an_array_span_must_lie_in_its_elements() {
        byte[] bytes = new byte[64];
        long base = ArrayLayout.BYTE_BASE;
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(bytes, base, base + 64, 8, 0, 8, LONG_LIMIT));
            assertFalse(AccessChecker.loopClean(bytes, base, base + 65, 8, 0, 8, LONG_LIMIT));
            assertFalse(AccessChecker.loopClean(bytes, base - 8, base + 64, 8, 0, 8, LONG_LIMIT));
        });
    }
}
