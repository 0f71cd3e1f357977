package io.jkasan.runtime.shadow;

import static io.jkasan.runtime.testing.ResidentPages.resident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.check.MemoryPoison;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.mapping.JdkMadvise;
import io.jkasan.runtime.testing.PrivateSpace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KASAN_VMALLOC shadow-page accounting: population, sharing and release (the series' vmalloc_shadow_pages). */
class ShadowPagesTest {
    private static final long PAGE = VmallocSpace.PAGE;

    private static VmallocArea alloc(VmallocSpace space, long size) {
        return space.allocate(size, PAGE, VmallocArea.Kind.API, 0);
    }

    @Test
    void small_neighbouring_areas_share_shadow_pages() {
        VmallocSpace space = PrivateSpace.create(1, Long.MAX_VALUE);
        List<VmallocArea> areas = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            areas.add(alloc(space, 100));               // 1 page + guard = 8 KiB of address space each
        }
        // 32 areas x 8 KiB = 256 KiB of contiguous address space; one shadow page covers 32 KiB.
        assertEquals(areas.get(0).start() + 31 * 2 * PAGE, areas.get(31).start(), "lowest-address first fit");
        assertEquals(8, space.stats().shadowPages);
    }

    @Test
    void freeing_one_of_two_neighbours_keeps_their_shared_page() {
        VmallocSpace space = PrivateSpace.create(2, Long.MAX_VALUE);
        VmallocArea a = alloc(space, 100);
        VmallocArea b = alloc(space, 100);
        assertEquals(1, space.stats().shadowPages);
        space.free(a.start());
        space.purge();
        assertEquals(1, space.stats().shadowPages, "b still uses the page");
        assertEquals(0, ShadowMemory.get(b.start()), "b's shadow survived the purge");
        space.free(b.start());
        space.purge();
        assertEquals(0, space.stats().shadowPages);
    }

    @Test
    void freeing_everything_and_purging_returns_to_baseline() {
        VmallocSpace space = PrivateSpace.create(3, Long.MAX_VALUE);
        long baseline = space.stats().shadowPages;
        List<VmallocArea> areas = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 500; i++) {
            areas.add(alloc(space, 1 + rnd.nextInt(100 * 4096)));
        }
        assertTrue(space.stats().shadowPages > baseline + 100);
        for (VmallocArea a : areas) {
            space.free(a.start());
        }
        space.purge();
        assertEquals(baseline, space.stats().shadowPages);
        assertEquals(0, space.stats().liveAreas);
    }

    @Test
    void guard_page_is_always_poisoned() {
        VmallocSpace space = PrivateSpace.create(4, Long.MAX_VALUE);
        for (long size : new long[] {1, 4095, 4096, 4097, 3 * 4096}) {
            VmallocArea a = alloc(space, size);
            long guard = a.end() - PAGE;
            assertEquals(a.start() + VmallocSpace.roundUpToPage(size), guard);
            for (long p = guard; p < a.end(); p += 8) {
                assertEquals(ShadowBytes.VMALLOC_INVALID, ShadowMemory.get(p));
            }
            assertTrue(MemoryPoison.poisoned1(guard) && MemoryPoison.poisoned1(a.end() - 1));
        }
    }

    @Test
    void unpoison_is_exact_and_the_page_tail_stays_invalid() {
        VmallocSpace space = PrivateSpace.create(5, Long.MAX_VALUE);
        VmallocArea a = alloc(space, 3000);            // 375 granules of 0, then f8
        assertEquals(0, ShadowMemory.get(a.start() + 2992));
        assertEquals(ShadowBytes.VMALLOC_INVALID, ShadowMemory.get(a.start() + 3000));
        VmallocArea b = alloc(space, 2035);            // 254 granules of 0, then 3, then f8
        assertEquals(0, ShadowMemory.get(b.start() + 2024));
        assertEquals(3, ShadowMemory.get(b.start() + 2032));
        assertEquals(ShadowBytes.VMALLOC_INVALID, ShadowMemory.get(b.start() + 2040));
    }

    @Test
    void release_rule_keeps_partially_covered_pages_used_by_live_neighbours() {
        VmallocSpace space = PrivateSpace.create(6, Long.MAX_VALUE);
        VmallocArea left = alloc(space, 4096);          // [0, 8K)
        VmallocArea big = alloc(space, 64 * 1024);      // [8K, 80K): covers windows 0..2 partially/fully
        VmallocArea right = alloc(space, 4096);         // [80K, 88K)
        long before = space.stats().shadowPages;
        assertEquals(3, before);                        // windows [0,32K) [32K,64K) [64K,96K)
        space.free(big.start());
        space.purge();
        // Only [32K, 64K) lies wholly inside the freed area; the edge windows hold left and right.
        assertEquals(2, space.stats().shadowPages);
        assertEquals(0, ShadowMemory.get(left.start()));
        assertEquals(0, ShadowMemory.get(right.start()));
        space.free(left.start());
        space.free(right.start());
        space.purge();
        assertEquals(0, space.stats().shadowPages);
    }

    @Test
    void an_eviction_of_small_areas_keeps_their_shadow_pages_resident_and_poisoned_and_counts_them_released() {
        VmallocSpace space = PrivateSpace.create(7, 8 * PAGE);    // the quarantine holds 8 one-page areas
        List<VmallocArea> areas = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            areas.add(alloc(space, 100));                          // [0, 96K): windows 0..2
        }
        assertEquals(3, space.stats().shadowPages);
        for (int i = 0; i < 9; i++) {
            space.free(areas.get(i).start());                      // the 9th free evicts the oldest two
        }
        // Evicted: [0, 16K). The run's shadow stays poisoned, as the free left it; window 0 still holds live areas.
        assertEquals(7, space.stats().lazyAreas);
        for (long p = areas.get(0).start(); p < areas.get(2).start(); p += 8) {
            assertAreaPoison(p);
        }
        assertEquals(ShadowBytes.VMALLOC_FREED, ShadowMemory.get(areas.get(2).start()));
        for (int i = 9; i < 12; i++) {
            space.free(areas.get(i).start());                      // evictions reach [0, 32K)
        }
        assertEquals(2, space.stats().shadowPages, "window 0, wholly inside purged space, leaves the count");
        VmallocArea again = alloc(space, 24);                      // first fit: the lowest purged address
        assertEquals(areas.get(0).start(), again.start());
        assertEquals(0, ShadowMemory.get(again.start() + 16));
        for (long p = again.start() + 24; p < again.end() + 4 * PAGE; p += 8) {
            assertAreaPoison(p);                                   // reports tell f8 from ff (AreaPoisonTest)
        }
    }

    /** Outside live areas' requested bytes the shadow holds one of the two poisons an area's state explains. */
    private static void assertAreaPoison(long address) {
        byte v = ShadowMemory.get(address);
        assertTrue(v == ShadowBytes.VMALLOC_INVALID || v == ShadowBytes.VMALLOC_FREED,
                "poisoned at " + Long.toHexString(address) + ": " + v);
    }

    @Test
    void an_eviction_keeps_the_shadow_of_areas_under_1_MiB_resident_and_releases_the_shadow_of_larger_ones()
            throws IOException {
        assumeTrue(pagesGoBack(), "the malloc backend without the JDK's madvise keeps every page resident");
        VmallocSpace space = PrivateSpace.create(0, 0);                 // lazy_max=0: every free purges
        VmallocArea medium = alloc(space, 100 * PAGE);                 // 404 KiB with the guard
        long insideArea = medium.start() + 2 * ShadowMapping.SHADOW_PAGE_COVERAGE;
        long inside = ShadowMapping.memToShadow(insideArea);
        space.materialize(insideArea, 1);                             // an access reaches that chunk
        assertTrue(resident(inside), "the access wrote the shadow");
        space.free(medium.start());
        assertEquals(0, space.stats().lazyAreas);
        assertEquals(0, space.stats().shadowPages, "released from the count");
        assertTrue(resident(inside), "an area under 1 MiB keeps its shadow pages");
        assertAreaPoison(medium.start() + 64 * PAGE);
        space.purge();
        assertTrue(!resident(inside), "Jkasan.purge() gives kept shadow pages back");
        assertEquals(ShadowBytes.VMALLOC_INVALID, ShadowMemory.get(medium.start() + 64 * PAGE));

        VmallocArea again = alloc(space, 100 * PAGE);
        assertEquals(medium.start(), again.start());
        space.materialize(insideArea, 1);
        space.free(again.start());
        assertTrue(resident(inside));
        VmallocArea large = alloc(space, 256 * PAGE);                  // 1 MiB + guard, placed at the same start
        assertEquals(medium.start(), large.start());
        space.free(large.start());
        assertEquals(0, space.stats().shadowPages);
        assertTrue(!resident(inside), "an area of 1 MiB gives its shadow pages back (MADV_DONTNEED)");
        assertEquals(ShadowBytes.VMALLOC_INVALID, ShadowMemory.get(medium.start() + 64 * PAGE));
    }

    @Test
    void an_eviction_keeps_the_data_pages_of_areas_under_1_MiB_and_gives_back_those_of_larger_ones()
            throws IOException {
        assumeTrue(pagesGoBack(), "the malloc backend without the JDK's madvise keeps every page resident");
        VmallocSpace space = PrivateSpace.create(0, 0);                 // lazy_max=0: every free purges
        VmallocArea medium = alloc(space, 100 * PAGE);                 // 404 KiB with the guard
        long touched = medium.start() + 50 * PAGE;
        UnsafeAccess.U.putByte(touched, (byte) 1);
        assertTrue(resident(touched), "the store faulted the page in");
        space.free(medium.start());
        assertEquals(0, space.stats().lazyAreas);
        assertTrue(resident(touched), "an area under 1 MiB keeps its data pages");
        space.purge();
        assertTrue(!resident(touched), "Jkasan.purge() gives kept data pages back");

        VmallocArea large = alloc(space, 256 * PAGE);                  // 1 MiB + guard, placed at the same start
        assertEquals(medium.start(), large.start());
        UnsafeAccess.U.putByte(touched, (byte) 1);
        assertTrue(resident(touched));
        space.free(large.start());
        assertTrue(!resident(touched), "an area of 1 MiB gives its data pages back (MADV_DONTNEED)");
    }

    @Test
    void an_area_that_gave_its_pages_back_makes_the_next_one_of_its_size_keep_them() throws IOException {
        assumeTrue(pagesGoBack(), "the malloc backend without the JDK's madvise keeps every page resident");
        VmallocSpace space = PrivateSpace.create(0, 0);                 // lazy_max=0: every free purges
        long twoMiB = 512 * PAGE;
        VmallocArea first = alloc(space, twoMiB);
        long data = first.start() + 300 * PAGE;
        long shadowed = first.start() + 2 * ShadowMapping.SHADOW_PAGE_COVERAGE;
        long shadow = ShadowMapping.memToShadow(shadowed);
        UnsafeAccess.U.putByte(data, (byte) 1);
        space.materialize(shadowed, 1);                               // as a checked access to it would
        space.free(first.start());
        assertTrue(!resident(data) && !resident(shadow), "the first area of 2 MiB gives data and shadow back");

        VmallocArea second = alloc(space, twoMiB);
        assertEquals(first.start(), second.start());
        UnsafeAccess.U.putByte(data, (byte) 1);
        space.materialize(shadowed, 1);
        space.free(second.start());
        assertTrue(resident(data), "the second area of 2 MiB keeps its data pages");
        assertTrue(resident(shadow), "and its shadow pages");
        assertEquals(0, space.stats().shadowPages, "kept shadow pages leave the population count");
        assertAreaPoison(data);

        VmallocArea larger = alloc(space, twoMiB + PAGE);
        assertEquals(first.start(), larger.start());
        space.free(larger.start());
        assertTrue(!resident(data) && !resident(shadow), "one page more gives both back again");
        space.purge();
    }

    @Test
    void areas_over_32_MiB_always_give_their_pages_back() throws IOException {
        assumeTrue(pagesGoBack(), "the malloc backend without the JDK's madvise keeps every page resident");
        VmallocSpace space = PrivateSpace.create(0, 0);
        long overMax = (32 << 20) + PAGE;
        for (int i = 0; i < 2; i++) {
            VmallocArea big = alloc(space, overMax);
            long data = big.start() + (20 << 20);
            long shadow = ShadowMapping.memToShadow(data);
            UnsafeAccess.U.putByte(data, (byte) 1);
            space.free(big.start());
            assertTrue(!resident(data) && !resident(shadow), "free " + (i + 1) + " of an area over 32 MiB");
        }
    }

    @Test
    void a_purge_that_gives_everything_back_does_not_raise_the_size_that_keeps_pages() throws IOException {
        assumeTrue(pagesGoBack(), "the malloc backend without the JDK's madvise keeps every page resident");
        VmallocSpace space = PrivateSpace.create(0, Long.MAX_VALUE);    // frees wait until an explicit purge
        long twoMiB = 512 * PAGE;
        VmallocArea first = alloc(space, twoMiB);
        space.free(first.start());
        space.purge();                                                 // Jkasan.purge(): not the program's size
        space.setLazyMax(0);
        VmallocArea second = alloc(space, twoMiB);
        long data = second.start() + 300 * PAGE;
        UnsafeAccess.U.putByte(data, (byte) 1);
        space.free(second.start());
        assertTrue(!resident(data), "still the first 2 MiB area the program's frees gave back");
    }

    /** @return whether discarded pages really leave: the JDK's {@code madvise}, or the mmap backend's own */
    private static boolean pagesGoBack() {
        return JdkMadvise.available() || ShadowMapping.BACKEND.name().equals("mmap");
    }
}
