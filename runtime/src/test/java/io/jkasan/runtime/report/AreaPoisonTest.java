package io.jkasan.runtime.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.testing.PrivateSpace;
import org.junit.jupiter.api.Test;

/**
 * A free marks only the requested bytes and a purge rewrites nothing, so the stored poison of a granule outside
 * live areas can be either value; a report reads it from the areas. Each test first shows the stored value
 * differs from the one a report must print, so that reading the stored value fails it.
 */
class AreaPoisonTest {
    private static final long PAGE = VmallocSpace.PAGE;
    private static final byte FREED = ShadowBytes.VMALLOC_FREED;
    private static final byte INVALID = ShadowBytes.VMALLOC_INVALID;

    @Test
    void a_waiting_area_reads_freed_over_its_pages_up_to_its_guard_page_whatever_was_requested() {
        VmallocSpace space = PrivateSpace.create(15, 1L << 30);
        VmallocArea a = space.allocate(100, PAGE, VmallocArea.Kind.UNSAFE, 0);
        space.free(a.start());
        assertEquals(FREED, ShadowMemory.get(a.start() + 96), "the requested bytes are marked");
        assertEquals(INVALID, ShadowMemory.get(a.start() + 104), "the page tail is not");
        assertEquals(FREED, logical(space, a.start() + 96));
        assertEquals(FREED, logical(space, a.start() + 104));
        assertEquals(FREED, logical(space, a.start() + PAGE - 8));
        assertEquals(INVALID, logical(space, a.start() + PAGE), "its guard page");
        space.purge();
    }

    @Test
    void purged_space_and_a_live_area_placed_over_it_read_invalid_where_a_free_left_its_mark() {
        VmallocSpace space = PrivateSpace.create(15, 0);                    // lazy_max=0: every free purges
        VmallocArea a = space.allocate(100, PAGE, VmallocArea.Kind.UNSAFE, 0);
        space.free(a.start());
        assertEquals(0, space.stats().lazyAreas);
        assertEquals(FREED, ShadowMemory.get(a.start() + 8), "a one-page area keeps its shadow as it was");
        assertEquals(INVALID, logical(space, a.start() + 8), "purged space");

        VmallocArea b = space.allocate(24, PAGE, VmallocArea.Kind.UNSAFE, 0);
        assertEquals(a.start(), b.start());
        assertEquals(ShadowBytes.ACCESSIBLE, logical(space, b.start() + 16));
        assertEquals(FREED, ShadowMemory.get(b.start() + 24));
        assertEquals(INVALID, logical(space, b.start() + 24), "a live area's page tail");
        space.free(b.start());
        space.purge();
    }

    /** The value a report prints for the granule of {@code address}. */
    private static byte logical(VmallocSpace space, long address) {
        long granule = address & -ShadowBytes.GRANULE;
        byte[] one = new byte[1];
        ShadowMemory.copy(granule, one, 1);
        AreaPoison.resolve(space, granule, one);
        return one[0];
    }

    @Test
    void a_dump_resolves_each_granule_by_the_area_it_lies_in() {
        VmallocSpace space = PrivateSpace.create(15, 1L << 30);
        VmallocArea live = space.allocate(16, PAGE, VmallocArea.Kind.UNSAFE, 0);    // [0, 8K)
        VmallocArea freed = space.allocate(100, PAGE, VmallocArea.Kind.UNSAFE, 0);  // [8K, 16K)
        assertEquals(live.end(), freed.start());
        space.free(freed.start());
        long first = freed.start() - 2 * ShadowBytes.GRANULE;          // the live area's guard, then the freed page
        byte[] shadow = new byte[4];
        ShadowMemory.copy(first, shadow, shadow.length);
        AreaPoison.resolve(space, first, shadow);
        assertArrayEquals(new byte[] {INVALID, INVALID, FREED, FREED}, shadow);

        long tail = freed.end() - PAGE - ShadowBytes.GRANULE;           // last granule of the page, then the guard
        byte[] edge = new byte[2];
        ShadowMemory.copy(tail, edge, edge.length);
        assertArrayEquals(new byte[] {INVALID, INVALID}, edge, "stored: the page tail was never marked");
        AreaPoison.resolve(space, tail, edge);
        assertArrayEquals(new byte[] {FREED, INVALID}, edge);
        space.free(live.start());
        space.purge();
    }
}
