package io.jkasan.runtime.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A node's waiting areas: lookups by start, by containment and from below, through adds and removals. */
class WaitingAreasTest {
    private static final long P = VmallocSpace.PAGE;
    private static final long BASE = 1L << 40;

    private static VmallocArea area(long start, long pages) {
        return new VmallocArea(start, pages * P, pages * P - P, VmallocArea.Kind.UNSAFE, 0, Thread.currentThread(),
                null, 1);
    }

    @Test
    void lookups_find_an_area_by_its_start_by_any_address_of_its_mapping_and_from_below() {
        WaitingAreas w = new WaitingAreas();
        VmallocArea high = area(BASE + 10 * P, 2);
        VmallocArea low = area(BASE, 3);
        w.add(high);
        w.add(low);
        assertSame(low, w.startingAt(BASE));
        assertNull(w.startingAt(BASE + P), "only the start names an area");
        assertSame(low, w.containing(BASE + 3 * P - 1), "the guard page is part of the mapping");
        assertNull(w.containing(BASE + 3 * P));
        assertSame(high, w.containing(BASE + 11 * P));
        assertSame(low, w.lowestAtOrAbove(BASE));
        assertSame(high, w.lowestAtOrAbove(BASE + 1));
        assertNull(w.lowestAtOrAbove(BASE + 10 * P + 1));
    }

    @Test
    void removal_moves_the_last_area_into_the_freed_slot_and_lookups_stay_right() {
        WaitingAreas w = new WaitingAreas();
        Random rnd = new Random(7);
        List<VmallocArea> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (model.isEmpty() || rnd.nextInt(3) != 0) {
                VmallocArea a = area(BASE + step * 4 * P, 1 + rnd.nextInt(3));
                w.add(a);
                model.add(a);
            } else {
                VmallocArea gone = model.remove(rnd.nextInt(model.size()));
                w.remove(gone);
                assertEquals(-1, gone.waitingSlot);
                assertNull(w.startingAt(gone.start()), "a removed area is not found");
            }
        }
        assertEquals(model.size(), w.size());
        for (VmallocArea a : model) {
            assertSame(a, w.startingAt(a.start()));
            assertSame(a, w.containing(a.end() - 1));
        }
        for (VmallocArea a : model) {
            w.remove(a);
        }
        assertEquals(0, w.size());
        assertNull(w.lowestAtOrAbove(0));
    }
}
