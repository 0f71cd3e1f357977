package io.jkasan.runtime.alloc;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Access;
import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lazy freeing: the purge list is jkasan's use-after-free quarantine. */
@ExtendWith(KasanExpectations.class)
class LazyPurgeTest {
    @AfterEach
    void restoreThreshold() {
        RuntimeState.space().setLazyMax(RuntimeState.options().lazyMax());
    }

    @Test
    void default_quarantine_is_512m() {
        assertEquals(512L << 20, Options.defaults().lazyMax());
    }

    @Test
    void a_freed_area_stays_poisoned_through_seven_eighths_of_lazy_max_of_later_frees() {
        VmallocSpace space = RuntimeState.space();
        space.purge();
        space.setLazyMax(1 << 20);                          // 256 one-page areas; 7/8 of it is 224
        long victim = OffHeapAllocator.allocate(64, 0);
        OffHeapAllocator.free(victim);
        for (int i = 0; i < 223; i++) {                     // the victim and 223 more: 224 pages wait
            OffHeapAllocator.free(OffHeapAllocator.allocate(64, 0));
        }
        expectReport("use-after-free", () -> AccessChecker.check(victim, 1, false));
        for (int i = 0; i < 33; i++) {                      // 257 pages: over lazy_max, the oldest 33 go
            OffHeapAllocator.free(OffHeapAllocator.allocate(64, 0));
        }
        assertEquals(224, space.stats().lazyAreas, "evicted down to 7/8 of lazy_max");
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(victim, 1, false));
    }

    @Test
    void the_quarantine_counts_an_areas_pages_without_its_guard() {
        VmallocSpace space = RuntimeState.space();
        space.purge();
        OffHeapAllocator.free(OffHeapAllocator.allocate(1, 0));
        OffHeapAllocator.free(OffHeapAllocator.allocate(3 * 4096 + 1, 0));
        assertEquals(4096 + 4 * 4096, space.stats().lazyBytes);
    }

    @Test
    void use_after_free_is_detected_while_the_area_waits() {
        long p = OffHeapAllocator.allocate(100, 0);
        OffHeapAllocator.free(p);
        KasanReport r = expectReport("use-after-free", () -> AccessChecker.check(p + 8, 8, false));
        assertTrue(r.text().contains("\nFreed by task "), r.text());
        assertTrue(r.text().contains("8 bytes inside of\n freed 100-byte region"), r.text());
    }

    @Test
    void double_free_is_detected_while_the_area_waits() {
        long p = OffHeapAllocator.allocate(100, 0);
        OffHeapAllocator.free(p);
        KasanReport r = expectReport("double-free", () -> OffHeapAllocator.free(p));
        assertEquals(Access.FREE, r.access());
        assertTrue(r.text().contains("Free of addr "), r.text());
    }

    @Test
    void invalid_free_of_an_interior_pointer() {
        long p = OffHeapAllocator.allocate(100, 0);
        expectReport("invalid-free", () -> OffHeapAllocator.free(p + 8));
        expectNoReport(() -> OffHeapAllocator.free(p));
    }

    @Test
    void crossing_the_threshold_purges_and_address_space_is_reused() {
        VmallocSpace space = RuntimeState.space();
        space.purge();
        space.setLazyMax(1 << 20);
        long purgesBefore = space.stats().purges;
        long first = OffHeapAllocator.allocate(4096, 0);
        OffHeapAllocator.free(first);
        long reusedBefore = OffHeapAllocator.allocate(4096, 0);
        assertTrue(reusedBefore != first, "freed space must not be reused before a purge");
        OffHeapAllocator.free(reusedBefore);
        // One page per area (the guard is not counted): 1 MiB of lazily freed space is 256 areas.
        for (int i = 0; i < 260; i++) {
            OffHeapAllocator.free(OffHeapAllocator.allocate(4096, 0));
        }
        assertTrue(space.stats().purges > purgesBefore, "threshold crossed, purge expected");
        boolean reused = false;
        for (int i = 0; i < 400 && !reused; i++) {
            long q = OffHeapAllocator.allocate(4096, 0);
            reused = q == first;
            OffHeapAllocator.free(q);
        }
        assertTrue(reused, "after a purge the lowest free address is handed out again");
        space.purge();
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(first, 1, false));
    }

    @Test
    void realloc_copies_and_leaves_the_old_area_freed() {
        long p = OffHeapAllocator.allocate(64, 0);
        io.jkasan.runtime.jdk.UnsafeAccess.U.putLong(p + 56, 0x1122334455667788L);
        long q = OffHeapAllocator.reallocate(p, 128, 0);
        assertEquals(0x1122334455667788L, io.jkasan.runtime.jdk.UnsafeAccess.U.getLong(q + 56));
        expectReport("use-after-free", () -> AccessChecker.check(p, 8, false));
        long r = OffHeapAllocator.reallocate(q, 16, 0);
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(r + 16, 1, true));
        assertEquals(0, OffHeapAllocator.reallocate(r, 0, 0));
        expectReport("use-after-free", () -> AccessChecker.check(r, 1, false));
    }

    @Test
    void unsafe_contract_for_zero_and_negative_sizes() {
        assertEquals(0, OffHeapAllocator.allocate(0, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OffHeapAllocator.allocate(-1, 0));
        expectNoReport(() -> OffHeapAllocator.free(0));
        long before = Jkasan.statistics().liveAreas();
        long p = OffHeapAllocator.reallocate(0, 10, 0);
        assertEquals(before + 1, Jkasan.statistics().liveAreas());
        OffHeapAllocator.free(p);
    }

    @Test
    void exhausting_the_space_is_an_out_of_memory_error_naming_the_option() {
        OutOfMemoryError e = org.junit.jupiter.api.Assertions.assertThrows(OutOfMemoryError.class,
                () -> OffHeapAllocator.allocate(RuntimeState.options().arenaSize(), 0));
        assertTrue(e.getMessage().contains("arena"), e.getMessage());
    }
}
