package io.jkasan.runtime.alloc;

import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's freed areas reach the quarantine a batch at a time, and while they wait in the batch they are
 * freed areas in every respect: counted, poisoned, found by a double free, purged by an explicit purge.
 */
@ExtendWith(KasanExpectations.class)
class FreedBatchTest {
    private static final long PAGE = VmallocSpace.PAGE;
    private static final long LAZY_MAX = 512L << 20;
    private final VmallocSpace space = RuntimeState.space();
    private final List<VmallocArea> live = new ArrayList<>();

    @AfterEach
    void freeAll() {
        for (VmallocArea a : live) {
            space.free(a.start());
        }
        space.setLazyMax(RuntimeState.options().lazyMax());
    }

    private VmallocArea area(long size) {
        VmallocArea a = space.allocate(size, PAGE, VmallocArea.Kind.UNSAFE, 0);
        live.add(a);
        return a;
    }

    @Test
    void a_batch_hands_over_its_areas_oldest_first_at_64_areas() {
        FreedBatch batch = new FreedBatch();
        List<VmallocArea> added = new ArrayList<>();
        for (int i = 0; i < FreedBatch.MAX_AREAS - 1; i++) {
            VmallocArea a = area(PAGE);
            added.add(a);
            assertNull(batch.add(a, LAZY_MAX));
        }
        assertEquals(FreedBatch.MAX_AREAS - 1, batch.count());
        assertEquals((FreedBatch.MAX_AREAS - 1) * PAGE, batch.bytes());
        VmallocArea last = area(PAGE);
        added.add(last);
        assertEquals(added, List.of(batch.add(last, LAZY_MAX)));
        assertEquals(0, batch.count());
        assertEquals(0, batch.bytes());
    }

    @Test
    void a_batch_hands_over_at_one_mib_and_a_small_quarantine_takes_each_area_at_once() {
        FreedBatch batch = new FreedBatch();
        for (int i = 0; i < 3; i++) {
            assertNull(batch.add(area(256 * 1024), LAZY_MAX));
        }
        assertEquals(4, batch.add(area(256 * 1024), LAZY_MAX).length, "1 MiB reached");
        // 256 batches would not fit in a 1 MiB quarantine: each area goes in on its own, as without batches
        VmallocArea one = area(PAGE);
        assertEquals(List.of(one), List.of(batch.add(one, 1 << 20)));
    }

    @Test
    void areas_in_a_batch_are_counted_poisoned_found_by_a_double_free_and_purged() {
        space.purge();
        long[] freed = new long[5];
        for (int i = 0; i < freed.length; i++) {
            freed[i] = space.allocate(100, PAGE, VmallocArea.Kind.UNSAFE, 0).start();
            space.free(freed[i]);
        }
        VmallocSpace.Stats stats = space.stats();
        assertEquals(5, stats.lazyAreas, "the batched areas wait as the quarantined ones do");
        assertEquals(5 * PAGE, stats.lazyBytes);
        expectReport("use-after-free", () -> AccessChecker.check(freed[2], 8, false));
        assertEquals(VmallocSpace.FreeStatus.DOUBLE_FREE, space.free(freed[3]));
        space.purge();
        assertEquals(0, space.stats().lazyAreas);
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(freed[2], 8, false));
    }
}
