package io.jkasan.runtime.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dynamic threshold under which purged areas keep their pages (glibc's dynamic mmap threshold). */
class PageKeepingTest {
    private static final long PAGE = VmallocSpace.PAGE;
    private static final long MIB = 1024 * 1024;

    @Test
    void areas_under_1_MiB_keep_their_pages_before_any_larger_one_was_given_back() {
        PageKeeping keeping = new PageKeeping();
        assertTrue(keeping.keeps(MIB - PAGE), "254 pages and the guard");
        assertFalse(keeping.keeps(MIB), "255 pages and the guard: 1 MiB of address space");
        assertFalse(keeping.keeps(MIB + PAGE), "1 MiB and the guard");
    }

    @Test
    void an_area_given_back_makes_the_next_one_of_its_size_keep_its_pages() {
        PageKeeping keeping = new PageKeeping();
        long fourMiB = 4 * MIB + PAGE;
        assertTrue(keeping.givesBack(fourMiB), "the first one gives its pages back");
        assertTrue(keeping.keeps(fourMiB));
        assertFalse(keeping.givesBack(fourMiB), "the next one keeps them");
        assertTrue(keeping.keeps(2 * MIB + PAGE), "every smaller size too");
        assertFalse(keeping.keeps(fourMiB + PAGE), "one page more is still given back");
    }

    @Test
    void the_threshold_never_falls() {
        PageKeeping keeping = new PageKeeping();
        assertTrue(keeping.givesBack(8 * MIB + PAGE));
        assertFalse(keeping.givesBack(2 * MIB + PAGE));
        assertTrue(keeping.keeps(8 * MIB + PAGE));
        assertEquals(8 * MIB + PAGE + 1, keeping.keepBelow());
    }

    @Test
    void areas_larger_than_32_MiB_never_raise_it() {
        PageKeeping keeping = new PageKeeping();
        assertTrue(keeping.givesBack(32 * MIB + PAGE));       // 32 MiB of pages: glibc's largest threshold
        assertTrue(keeping.keeps(32 * MIB + PAGE));
        assertTrue(keeping.givesBack(32 * MIB + 2 * PAGE));   // one page more
        assertFalse(keeping.keeps(32 * MIB + 2 * PAGE));
        assertTrue(keeping.givesBack(64 * MIB + PAGE));
        assertFalse(keeping.keeps(64 * MIB + PAGE));
        assertEquals(32 * MIB + PAGE + 1, keeping.keepBelow());
    }
}
