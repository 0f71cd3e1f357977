package io.jkasan.runtime.check;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Access;
import io.jkasan.KasanReport;
import io.jkasan.runtime.testing.KasanExpectations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kernel's {@code vmalloc_oob} test, in its v5.5 form and in its current KUnit form. */
@ExtendWith(KasanExpectations.class)
class VmallocOobTest {
    private long area;

    @AfterEach
    void free() {
        OffHeapAllocator.free(area);
    }

    /** v5.5 {@code lib/test_kasan.c}: {@code vmalloc(3000)}, read at 3100. */
    @Test
    void vmalloc_oob_v5_5() {
        area = OffHeapAllocator.allocate(3000, 0);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(area + 3100, 1, false));
        assertEquals(Access.READ, r.access());
        assertEquals(1, r.size());
        assertEquals(area + 3100, r.address());
        assertTrue(r.text().contains("Read of size 1 at addr "), r.text());
    }

    /** Current KUnit {@code vmalloc_oob}: 2035 bytes; 0 and 2034 clean, 2035 and 2040 report. */
    @Test
    void vmalloc_oob_kunit() {
        long size = 4096 / 2 - 8 - 5;
        assertEquals(2035, size);
        area = OffHeapAllocator.allocate(size, 0);
        expectNoReport(() -> AccessChecker.check(area, 1, false));
        expectNoReport(() -> AccessChecker.check(area + size - 1, 1, false));
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(area + size, 1, false));
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(area + size + 5, 1, false));
    }

    @Test
    void flagged_write_is_refused_and_clean_write_allowed() {
        area = OffHeapAllocator.allocate(16, 0);
        expectNoReport(() -> assertTrue(AccessChecker.check(area + 8, 8, true)));
        expectReport("vmalloc-out-of-bounds", () -> assertEquals(false, AccessChecker.check(area + 12, 8, true)));
    }

    @Test
    void null_page_access_reports_null_ptr_deref_and_throws() {
        expectReport("null-ptr-deref", () -> {
            try {
                AccessChecker.check(8L, 8, false);
            } catch (io.jkasan.KasanError expected) {
                assertEquals("null-ptr-deref", expected.report().bugType());
                return;
            }
            throw new AssertionError("KasanError expected");
        });
    }

    @Test
    void memory_outside_the_arena_is_not_checked() {
        long malloced = io.jkasan.runtime.jdk.UnsafeAccess.U.allocateMemory(16);
        try {
            expectNoReport(() -> AccessChecker.check(malloced + 64, 8, false));
        } finally {
            io.jkasan.runtime.jdk.UnsafeAccess.U.freeMemory(malloced);
        }
    }

    @Test
    void array_base_is_bounds_checked() {
        int[] array = new int[4];
        long base = io.jkasan.runtime.jdk.UnsafeAccess.U.arrayBaseOffset(int[].class);
        expectNoReport(() -> assertTrue(AccessChecker.check(array, base + 12, 4, false)));
        KasanReport r = expectReport("array-out-of-bounds", () -> AccessChecker.check(array, base + 16, 4, false));
        assertTrue(r.text().contains("The buggy address belongs to the array int[4]"), r.text());
        assertTrue(r.text().contains("0 bytes to the right of\n 16-byte region"), r.text());
        expectNoReport(() -> assertTrue(AccessChecker.check(new Object(), 12, 4, true)));
    }

    @Test
    void copy_from_an_array_is_bounds_checked_against_the_array() {
        int[] array = new int[4];
        long base = io.jkasan.runtime.jdk.UnsafeAccess.U.arrayBaseOffset(int[].class);
        area = OffHeapAllocator.allocate(64, 0);
        expectNoReport(() -> assertTrue(AccessChecker.checkCopy(array, base, null, area, 16)));
        KasanReport r = expectReport("array-out-of-bounds",
                () -> assertEquals(false, AccessChecker.checkCopy(array, base, null, area, 17)));
        assertEquals(Access.READ, r.access());
        assertEquals(17, r.size());
    }

    @Test
    void copy_reports_the_source_first_and_is_not_performed() {
        area = OffHeapAllocator.allocate(64, 0);
        long dst = OffHeapAllocator.allocate(32, 0);
        try {
            expectNoReport(() -> assertTrue(AccessChecker.checkCopy(null, area, null, dst, 32)));
            KasanReport r = expectReport("vmalloc-out-of-bounds",
                    () -> assertEquals(false, AccessChecker.checkCopy(null, area, null, dst, 65)));
            assertEquals(Access.READ, r.access());
            assertEquals(65, r.size());
            KasanReport w = expectReport("vmalloc-out-of-bounds",
                    () -> assertEquals(false, AccessChecker.checkCopy(null, area, null, dst, 33)));
            assertEquals(Access.WRITE, w.access());
        } finally {
            OffHeapAllocator.free(dst);
        }
    }
}
