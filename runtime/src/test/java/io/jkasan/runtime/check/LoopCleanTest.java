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
    /** The product limit of a variable multiplied in {@code long}. */
    private static final long LONG = Long.MAX_VALUE;
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
            assertTrue(AccessChecker.loopClean(area, area + 96, 8, LONG_LIMIT, 1, LONG, 0, 8));
            assertTrue(AccessChecker.loopClean(area, area + 89, 8, LONG_LIMIT, 1, LONG, 0, 8));
            // one more iteration reads [area + 96, area + 104): 4 bytes past the end
            assertFalse(AccessChecker.loopClean(area, area + 97, 8, LONG_LIMIT, 1, LONG, 0, 8));
            // 10-byte records while p < area + 91: the last is [area + 90, area + 100), the area's last byte
            assertTrue(AccessChecker.loopClean(area, area + 91, 10, LONG_LIMIT, 1, LONG, 0, 10));
            assertFalse(AccessChecker.loopClean(area, area + 91, 10, LONG_LIMIT, 1, LONG, 0, 11));
            // accesses before the variable: [p - 8, p) from p = area + 8
            assertTrue(AccessChecker.loopClean(area + 8, area + 100, 8, LONG_LIMIT, 1, LONG, -8, 0));
            assertFalse(AccessChecker.loopClean(area, area + 100, 8, LONG_LIMIT, 1, LONG, -8, 0));
        });
    }

    @Test
    void a_scaled_index_covers_its_elements() {
        area = OffHeapAllocator.allocate(80, 0);
        long intLimit = Integer.MAX_VALUE - 1 + 1;
        expectNoReport(() -> {
            // for (i = 0; i < 10; i++) getLong(area + i * 8): [area, area + 80)
            assertTrue(AccessChecker.loopClean(0, 10, 1, intLimit, 8, LONG, area, area + 8));
            assertFalse(AccessChecker.loopClean(0, 11, 1, intLimit, 8, LONG, area, area + 8));
            // every other element: i = 0, 2, .., 8
            assertTrue(AccessChecker.loopClean(0, 10, 2, intLimit, 8, LONG, area, area + 8));
            // i * 8 taken in int: an index whose product would wrap keeps every check
            assertTrue(AccessChecker.loopClean(0, 10, 1, intLimit, 8, Integer.MAX_VALUE, area, area + 8));
            assertFalse(AccessChecker.loopClean(Integer.MAX_VALUE / 8 - 1, Integer.MAX_VALUE / 8 + 2, 1, intLimit,
                    8, Integer.MAX_VALUE, area, area + 8));
        });
    }

    @Test
    void a_loop_counting_down_covers_from_its_last_value_to_its_first() {
        area = OffHeapAllocator.allocate(100, 0);
        long down = Long.MIN_VALUE + 8;
        expectNoReport(() -> {
            // p = area + 92, area + 84, ..., area + 4 while p >= area: [area + 4, area + 100)
            assertTrue(AccessChecker.loopCleanDescending(area + 92, area, 8, down, 1, LONG, 0, 8));
            // p = area + 96 reads [area + 96, area + 104): past the end
            assertFalse(AccessChecker.loopCleanDescending(area + 96, area, 8, down, 1, LONG, 0, 8));
            // p = area + 88 down to area - 8 (bound area - 8): the last read is before the start
            assertFalse(AccessChecker.loopCleanDescending(area + 88, area - 8, 8, down, 1, LONG, 0, 8));
            // p = area + 88 down while p >= area - 7: its last value is area itself
            assertTrue(AccessChecker.loopCleanDescending(area + 88, area - 7, 8, down, 1, LONG, 0, 8));
            // does not run; a bound below the limit could wrap
            assertTrue(AccessChecker.loopCleanDescending(0, 8, 8, down, 1, LONG, 0, 8));
            assertFalse(AccessChecker.loopCleanDescending(area, Long.MIN_VALUE, 8, down, 1, LONG, 0, 8));
        });
    }

    @Test
    void a_loop_that_does_not_run_is_clean_wherever_it_points() {
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(0, 0, 8, LONG_LIMIT, 1, LONG, 0, 8));
            assertTrue(AccessChecker.loopClean(64, 8, 8, LONG_LIMIT, 1, LONG, 0, 8));
        });
    }

    @Test
    void a_variable_that_could_wrap_takes_the_checked_loop() {
        area = OffHeapAllocator.allocate(64, 0);
        long intLimit = Integer.MAX_VALUE - 4 + 1;
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(0, 16, 4, intLimit, 1, LONG, area, area + 4));
            assertFalse(AccessChecker.loopClean(0, intLimit + 1, 4, intLimit, 1, LONG, area, area + 4));
        });
    }

    @Test
    void a_sparse_walk_takes_the_checked_loop_rather_than_scan_its_span() {
        area = OffHeapAllocator.allocate(64 << 10, 0);
        expectNoReport(() -> {
            assertTrue(AccessChecker.loopClean(area, area + (64 << 10), 512, LONG_LIMIT, 1, LONG, 0, 8));
            assertFalse(AccessChecker.loopClean(area, area + (64 << 10), 4096, LONG_LIMIT, 1, LONG, 0, 8));
        });
    }

    @Test
    void freed_memory_is_not_clean_and_is_not_reported_here() {
        long freed = OffHeapAllocator.allocate(64, 0);
        OffHeapAllocator.free(freed);
        expectNoReport(() -> assertFalse(AccessChecker.loopClean(freed, freed + 64, 8, LONG_LIMIT, 1, LONG, 0, 8)));
    }

    @Test
    void memory_outside_the_arena_is_clean_and_the_null_page_is_not() {
        long outside = UnsafeAccess.U.allocateMemory(64);
        try {
            expectNoReport(() -> {
                assertTrue(AccessChecker.loopClean(outside, outside + 64, 8, LONG_LIMIT, 1, LONG, 0, 8));
                assertFalse(AccessChecker.loopClean(0, 64, 8, LONG_LIMIT, 1, LONG, 0, 8));
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
            assertTrue(AccessChecker.loopClean(bytes, base, base + 64, 8, LONG_LIMIT, 1, LONG, 0, 8));
            assertFalse(AccessChecker.loopClean(bytes, base, base + 65, 8, LONG_LIMIT, 1, LONG, 0, 8));
            assertFalse(AccessChecker.loopClean(bytes, base - 8, base + 64, 8, LONG_LIMIT, 1, LONG, 0, 8));
        });
    }
}
