package io.jkasan.runtime.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.Jkasan;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.state.RuntimeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every check size (1, 2, 4, 8, 16, N) at every alignment against granule boundaries, compared with a slow
 * byte-exact model: an access is bad iff one of its bytes is outside every live area's requested size.
 */
class PoisonModelPropertyTest {
    private final Random rnd = new Random(20191031L);

    /** The model: is each byte addressable? */
    private static boolean modelBad(List<VmallocArea> live, long a, long size) {
        for (long p = a; p < a + size; p++) {
            boolean ok = false;
            for (VmallocArea v : live) {
                if (p >= v.start() && p < v.start() + v.size()) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return true;
            }
        }
        return false;
    }

    @Test
    void memory_is_poisoned_matches_the_byte_model() {
        VmallocSpace space = RuntimeState.space();
        List<VmallocArea> live = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long size = rnd.nextBoolean() ? 1 + rnd.nextInt(64) : 1 + rnd.nextInt(3 * 4096);
            live.add(space.allocate(size, VmallocSpace.PAGE, VmallocArea.Kind.API, 0));
        }
        // Free a few so freed (0xFF) shadow is part of the model's "not addressable".
        List<VmallocArea> freed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            VmallocArea f = live.remove(rnd.nextInt(live.size()));
            space.free(f.start());
            freed.add(f);
        }
        int[] sizes = {1, 2, 4, 8, 16, 3, 7, 9, 15, 17, 31, 64, 100, 300};
        int checked = 0;
        List<VmallocArea> all = new ArrayList<>(live);
        all.addAll(freed);
        for (VmallocArea v : all) {
            long end = v.start() + v.size();
            for (long a = end - 40; a < end + 24; a++) {
                for (int size : sizes) {
                    assertEquals(modelBad(live, a, size), MemoryPoison.poisoned(a, size),
                            "addr=end" + (a - end) + " size=" + size + " area=" + v);
                    checked++;
                }
            }
            for (int k = 0; k < 200; k++) {
                long a = v.start() - 16 + rnd.nextInt((int) Math.min(v.size() + 64, Integer.MAX_VALUE));
                int size = sizes[rnd.nextInt(sizes.length)];
                assertEquals(modelBad(live, a, size), MemoryPoison.poisoned(a, size),
                        "addr=start+" + (a - v.start()) + " size=" + size + " area=" + v);
                checked++;
            }
        }
        assertEquals(true, checked > 40_000, "checked " + checked);
        for (VmallocArea v : live) {
            space.free(v.start());
        }
    }

    @Test
    void inline_fast_path_agrees_with_the_model_for_small_sizes() {
        long p = OffHeapAllocator.allocate(37, 0);
        List<VmallocArea> live = List.of(RuntimeState.space().liveAreaAt(p));
        try {
            for (long a = p - 8; a < p + 56; a++) {
                for (int size : new int[] {1, 2, 4, 8}) {
                    Jkasan.clearReports();
                    boolean allowed = AccessChecker.check(a, size, true);
                    boolean bad = modelBad(live, a, size);
                    assertEquals(bad, !allowed, "offset " + (a - p) + " size " + size);
                    assertEquals(bad ? 1 : 0, Jkasan.reports().size(), "offset " + (a - p) + " size " + size);
                }
            }
        } finally {
            Jkasan.clearReports();
            OffHeapAllocator.free(p);
        }
    }
}
