package io.jkasan.runtime.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.Jkasan;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.shadow.ShadowBytes;
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

    /**
     * Both absolute checks (the program's, {@code check(long, int, boolean)}, and the JDK funnel's,
     * {@code check(null, ...)}, each with its own inline test) against the model, around the end of areas whose
     * last granule holds every partial count 1..7 and a whole one, for loads and stores of 1, 2, 4 and 8 bytes at
     * every alignment: a bad access is reported once, and a bad store is refused.
     */
    @Test
    void inline_checks_agree_with_the_model_for_every_partial_granule() {
        for (int tail = 1; tail <= ShadowBytes.GRANULE; tail++) {
            long p = OffHeapAllocator.allocate(24 + tail, 0);
            List<VmallocArea> live = List.of(RuntimeState.space().liveAreaAt(p));
            try {
                for (long a = p + 12; a < p + 40; a++) {
                    for (int size : new int[] {1, 2, 4, 8}) {
                        for (boolean program : new boolean[] {true, false}) {
                            for (boolean write : new boolean[] {true, false}) {
                                String where = "tail " + tail + " offset " + (a - p) + " size " + size
                                        + (program ? " program" : " funnel") + (write ? " store" : " load");
                                Jkasan.clearReports();
                                boolean allowed = program ? AccessChecker.check(a, size, write)
                                        : AccessChecker.check(null, a, size, write);
                                boolean bad = modelBad(live, a, size);
                                assertEquals(bad ? 1 : 0, Jkasan.reports().size(), where);
                                assertEquals(!(bad && write), allowed, where);
                            }
                        }
                    }
                }
            } finally {
                Jkasan.clearReports();
                OffHeapAllocator.free(p);
            }
        }
    }
}
