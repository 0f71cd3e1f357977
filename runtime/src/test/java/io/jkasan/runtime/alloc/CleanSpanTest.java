package io.jkasan.runtime.alloc;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.check.MemoryPoison;
import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import io.jkasan.runtime.testing.LiveAreas;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clean span: which area an absolute check publishes, that it covers exactly the requested bytes, and that
 * every way the area's bytes stop being accessible withdraws it.
 */
@ExtendWith(KasanExpectations.class)
class CleanSpanTest {
    private static final long PAGE = VmallocSpace.PAGE;
    /** The probe granule: the middle of a page. */
    private static final long PROBE = 0x800;

    private final VmallocSpace space = RuntimeState.space();
    @RegisterExtension
    final LiveAreas live = new LiveAreas();

    @Test
    void a_clean_access_in_the_middle_of_a_page_makes_its_area_the_span() {
        VmallocArea a = live.alloc(3 * PAGE + 100, VmallocArea.Kind.UNSAFE);
        expectNoReport(() -> assertTrue(AccessChecker.check(a.start() + PAGE + PROBE, 8, false)));
        assertEquals(a.start(), CleanSpan.start());
        assertEquals(a.size(), CleanSpan.length(), "the requested bytes, not the page tail");
    }

    @Test
    void an_access_at_the_start_of_a_page_offers_nothing() {
        VmallocArea a = live.alloc(2 * PAGE, VmallocArea.Kind.UNSAFE);
        VmallocArea b = live.alloc(2 * PAGE, VmallocArea.Kind.UNSAFE);
        AccessChecker.check(a.start() + PROBE, 8, false);
        expectNoReport(() -> assertTrue(AccessChecker.check(b.start(), 8, false)));
        expectNoReport(() -> assertTrue(AccessChecker.check(b.start() + PAGE + 16, 8, false)));
        assertEquals(a.start(), CleanSpan.start(), "still a's span");
    }

    @Test
    void the_span_ends_at_the_requested_size() {
        long size = PAGE + 2052;                                    // the last granule holds 4 bytes
        VmallocArea a = live.alloc(size, VmallocArea.Kind.UNSAFE);
        AccessChecker.check(a.start() + PROBE, 8, false);
        assertEquals(a.start(), CleanSpan.start());
        expectNoReport(() -> assertTrue(AccessChecker.check(a.start() + size - 8, 8, false)));
        KasanReport r = expectReport("vmalloc-out-of-bounds",
                () -> assertTrue(AccessChecker.check(a.start() + size - 4, 8, false)));
        assertEquals(a.start() + size - 4, r.address());
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(a.start() + size, 1, false));
    }

    @Test
    void freeing_the_area_withdraws_the_span() {
        VmallocArea a = live.alloc(4 * PAGE, VmallocArea.Kind.UNSAFE);
        AccessChecker.check(a.start() + PROBE, 8, false);
        assertEquals(a.start(), CleanSpan.start());
        live.free(a);
        assertEquals(0, CleanSpan.length());
        KasanReport r = expectReport("use-after-free", () -> AccessChecker.check(a.start() + 2 * PAGE, 8, false));
        assertEquals(a.start() + 2 * PAGE, r.address());
        expectReport("use-after-free", () -> AccessChecker.check(a.start() + PROBE, 8, false));
        assertEquals(0, CleanSpan.length(), "a freed area is never published");
    }

    @Test
    void poisoning_by_the_program_withdraws_the_span_and_keeps_the_area_out_of_it() {
        VmallocArea a = live.alloc(4 * PAGE, VmallocArea.Kind.API);
        AccessChecker.check(a.start() + PROBE, 8, false);
        assertEquals(a.start(), CleanSpan.start());
        Jkasan.poison(a.start() + 2 * PAGE, 64);
        assertEquals(0, CleanSpan.length());
        expectReport("use-after-poison", () -> AccessChecker.check(a.start() + 2 * PAGE + 8, 8, false));
        Jkasan.unpoison(a.start() + 2 * PAGE, 64);
        expectNoReport(() -> assertTrue(AccessChecker.check(a.start() + PAGE + PROBE, 8, false)));
        assertEquals(0, CleanSpan.length(), "an area the program poisoned once is never the span again");
    }

    @Test
    void a_sun_misc_access_with_a_null_base_asks_the_span_and_one_with_an_array_base_does_not() {
        VmallocArea a = live.alloc(2 * PAGE, VmallocArea.Kind.UNSAFE);
        expectNoReport(() -> assertTrue(AccessChecker.checkWithSpan(null, a.start() + PROBE, 8, false)));
        assertEquals(a.start(), CleanSpan.start(), "a null base is an absolute access");
        byte[] array = new byte[16];
        expectNoReport(() -> assertTrue(AccessChecker.checkWithSpan(array, ArrayLayout.BYTE_BASE + 8, 8, false)));
        expectReport("array-out-of-bounds",
                () -> AccessChecker.checkWithSpan(array, ArrayLayout.BYTE_BASE + 12, 8, false));
        live.free(a);
        expectReport("use-after-free", () -> AccessChecker.checkWithSpan(null, a.start() + 16, 8, false));
    }

    @Test
    void a_thread_stack_is_never_the_span() {
        VmallocArea s = live.alloc(4 * PAGE, VmallocArea.Kind.THREAD_STACK);
        VmallocArea a = live.alloc(PAGE, VmallocArea.Kind.UNSAFE);
        AccessChecker.check(a.start() + PROBE, 8, false);
        expectNoReport(() -> assertTrue(AccessChecker.check(s.start() + PAGE + PROBE, 8, false)));
        assertEquals(a.start(), CleanSpan.start());
    }

    @Test
    void a_held_node_lock_is_not_waited_for() throws InterruptedException {
        VmallocArea a = live.alloc(2 * PAGE, VmallocArea.Kind.UNSAFE);
        VmallocArea b = live.alloc(2 * PAGE, VmallocArea.Kind.UNSAFE);
        AccessChecker.check(b.start() + PROBE, 8, false);
        VmallocNode node = space.node(0);
        assertTrue(a.start() >= node.start() && a.end() <= node.end(), "the test's areas are in node 0");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            node.lock();
            try {
                held.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                node.unlock();
            }
        });
        holder.start();
        held.await();
        try {
            expectNoReport(() -> assertTrue(AccessChecker.check(a.start() + PROBE, 8, false)));
            assertEquals(b.start(), CleanSpan.start(), "not published: the lock was held");
        } finally {
            done.countDown();
            holder.join();
        }
        AccessChecker.check(a.start() + PROBE, 8, false);
        assertEquals(a.start(), CleanSpan.start());
    }

    /** After every step of a random program, nothing the span covers is poisoned. */
    @Test
    void the_span_never_covers_a_poisoned_byte() {
        Random rnd = new Random(20261206L);
        List<VmallocArea> areas = new ArrayList<>();
        int published = 0;
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(10);
            if (op < 3 || areas.isEmpty()) {
                long size = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 6 * (int) PAGE);
                areas.add(live.alloc(size, rnd.nextInt(8) == 0 ? VmallocArea.Kind.API : VmallocArea.Kind.UNSAFE));
            } else if (op < 5) {
                live.free(areas.remove(rnd.nextInt(areas.size())));
            } else if (op < 6) {
                VmallocArea a = areas.get(rnd.nextInt(areas.size()));
                long from = (rnd.nextInt((int) Math.max(1, a.size())) & ~7L);
                long len = Math.min(a.size() - from, 8 + rnd.nextInt(256));
                if (rnd.nextBoolean()) {
                    Jkasan.poison(a.start() + from, len);
                } else {
                    Jkasan.unpoison(a.start() + from, len);
                }
            } else {
                VmallocArea a = areas.get(rnd.nextInt(areas.size()));
                for (long p = a.start() + PROBE; p + 8 <= a.start() + a.size(); p += PAGE) {
                    if (!MemoryPoison.poisoned(p, 8)) {
                        AccessChecker.check(p, 8, false);
                    }
                }
            }
            if (CleanSpan.length() != 0) {
                published++;
                long start = CleanSpan.start();
                long length = CleanSpan.length();
                assertFalse(MemoryPoison.poisoned(start, length), "step " + step + ": span at " + start + "+" + length);
                assertTrue(CleanSpan.covers(start + length - 8));
                assertFalse(CleanSpan.covers(start + length - 7));
                assertFalse(CleanSpan.covers(start - 1));
            }
        }
        assertNotEquals(0, published, "the program published spans");
        for (VmallocArea a : areas) {
            live.free(a);
        }
    }
}
