package io.jkasan.runtime.stack;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.ThreadStack;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guarded thread stacks: redzones, use after return, LIFO, guard pages, the stack cache and its fork.c fix. */
@ExtendWith(KasanExpectations.class)
class ThreadStackTest {
    @AfterEach
    void restore() {
        RuntimeState.threadStacks().setUnpoisonOnReuseForTesting(true);
    }

    /** Runs {@code body} on a fresh platform thread and rethrows what it threw. */
    private static void onNewThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void stack_is_thread_size_aligned_with_poisoned_guards() throws InterruptedException {
        onNewThread(() -> {
            long low = ThreadStack.low();
            long high = ThreadStack.high();
            assertEquals(32 * 1024, high - low);
            assertEquals(0, low % (32 * 1024), "THREAD_SIZE-aligned");
            // Poisoned on both sides. Which poison a granule there stores depends on what was there before (a
            // free leaves ff, a purge writes nothing); reports tell the two apart through the areas
            // (AreaPoison), so only the poisoning is the stack's to guarantee.
            assertTrue(ShadowMemory.get(low - 8) < 0 && Jkasan.isPoisoned(low - 8), "guard below");
            assertTrue(ShadowMemory.get(high) < 0 && Jkasan.isPoisoned(high), "guard above");
            VmallocArea area = RuntimeState.space().areaContaining(low);
            assertEquals(VmallocArea.Kind.THREAD_STACK, area.kind());
        });
    }

    @Test
    void redzone_overflow_reports_stack_out_of_bounds() throws InterruptedException {
        onNewThread(() -> {
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                long p = frame.alloc(13);
                long q = frame.calloc(24);
                assertTrue(q < p, "the stack grows down");
                expectNoReport(() -> AccessChecker.check(p + 12, 1, true));
                expectNoReport(() -> AccessChecker.check(q + 16, 8, false));
                assertEquals(0, UnsafeAccess.U.getLong(q + 16), "calloc zeroes");
                KasanReport r = expectReport("stack-out-of-bounds", () -> AccessChecker.check(p + 13, 1, true));
                assertTrue(r.text().contains("The buggy address belongs to stack of task "), r.text());
                assertTrue(r.text().contains("This frame has 2 object(s):"), r.text());
                expectReport("stack-out-of-bounds", () -> AccessChecker.check(q + 24, 1, false));
                expectReport("stack-out-of-bounds", () -> AccessChecker.check(q - 1, 1, false));
            }
        });
    }

    @Test
    void access_after_close_reports_stack_use_after_return() throws InterruptedException {
        onNewThread(() -> {
            long p;
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                p = frame.alloc(64);
            }
            KasanReport r = expectReport("stack-use-after-return", () -> AccessChecker.check(p, 8, false));
            assertTrue(r.text().contains("in popped frame #0:\n io.jkasan.runtime.stack.ThreadStackTest."), r.text());
            try (ThreadStack.Frame again = ThreadStack.push()) {
                long q = again.alloc(64);
                expectNoReport(() -> AccessChecker.check(q, 8, true));
            }
        });
    }

    @Test
    void closing_out_of_order_names_both_frames() throws InterruptedException {
        onNewThread(() -> {
            ThreadStack.Frame outer = ThreadStack.push();
            ThreadStack.Frame inner = ThreadStack.push();
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().contains("frame #0") && e.getMessage().contains("frame #1 pushed at"),
                    e.getMessage());
            inner.close();
            outer.close();
            IllegalStateException twice = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(twice.getMessage().contains("already closed"), twice.getMessage());
        });
    }

    @Test
    void allocation_that_does_not_fit_hits_the_guard_page() throws InterruptedException {
        onNewThread(() -> {
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                KasanReport r = expectReport("stack-out-of-bounds", () -> {
                    StackOverflowError e = assertThrows(StackOverflowError.class, () -> frame.alloc(40_000));
                    assertTrue(e.getMessage().startsWith("BUG: stack guard page was hit at "), e.getMessage());
                });
                assertTrue(r.text().contains("\nBUG: stack guard page was hit at "), r.text());
                assertTrue(r.text().contains("(stack is "), r.text());
                assertTrue(!r.text().contains("BUG: KASAN"), r.text());
            }
        });
    }

    @Test
    void instrumented_access_into_the_guard_page_prints_the_guard_message() throws InterruptedException {
        onNewThread(() -> {
            long low = ThreadStack.low();
            KasanReport r = expectReport("stack-out-of-bounds", () -> AccessChecker.check(low - 16, 8, true));
            assertTrue(r.text().contains("BUG: stack guard page was hit at "), r.text());
        });
    }

    @Test
    void freeing_a_thread_stack_through_unsafe_is_an_invalid_free() throws InterruptedException {
        onNewThread(() -> {
            long low = ThreadStack.low();
            expectReport("invalid-free", () -> io.jkasan.runtime.check.OffHeapAllocator.free(low));
            try (ThreadStack.Frame f = ThreadStack.push()) {
                long p = f.alloc(8);
                expectNoReport(() -> AccessChecker.check(p, 8, true));
            }
        });
    }

    @Test
    void deep_recursion_is_stopped_by_the_guard() throws InterruptedException {
        onNewThread(() -> {
            int[] depth = {0};
            expectReport("stack-out-of-bounds",
                    () -> assertThrows(StackOverflowError.class, () -> recurse(depth)));
            assertTrue(depth[0] > 100, "depth " + depth[0]);
            assertEquals(0, ThreadStack.used(), "every frame was closed on the way out");
        });
    }

    private static void recurse(int[] depth) {
        try (ThreadStack.Frame f = ThreadStack.push()) {
            UnsafeAccess.U.putLong(f.alloc(64), depth[0]++);
            recurse(depth);
        }
    }

    /**
     * A thread that dies with frames still pushed leaves redzones behind. Its stack goes to the cache; the
     * next owner believes its stack clean (as a new task does), so without the fork.c unpoison step its
     * correct accesses land on stale redzones and report.
     */
    @Test
    void reused_stack_is_unpoisoned_or_stale_redzones_cause_false_reports() throws InterruptedException {
        assertEquals(1, falseReportsAfterReuse(false), "stale redzones expected without the fix");
        assertEquals(0, falseReportsAfterReuse(true));
    }

    private static int falseReportsAfterReuse(boolean unpoison) throws InterruptedException {
        RuntimeState.threadStacks().setUnpoisonOnReuseForTesting(unpoison);
        RuntimeState.threadStacks().reap();
        long[] before = ThreadStack.statistics();
        // Fill the cache with stacks whose owners died mid-frame.
        int cache = (int) (2 * Runtime.getRuntime().availableProcessors());
        List<Thread> dying = new ArrayList<>();
        for (int i = 0; i < cache; i++) {
            Thread t = new Thread(() -> {
                ThreadStack.Frame f = ThreadStack.push();
                f.alloc(40);
                f.alloc(8);                     // never closed: f1/f2/f3 redzones stay in shadow
            });
            t.start();
            dying.add(t);
        }
        for (Thread t : dying) {
            t.join();
        }
        int[] reports = {0};
        onNewThread(() -> {
            io.jkasan.Jkasan.clearReports();
            try (ThreadStack.Frame f = ThreadStack.push()) {
                long p = f.alloc(200);
                for (long off = 0; off < 200; off += 8) {
                    AccessChecker.check(p + off, 8, true);
                }
            }
            reports[0] = io.jkasan.Jkasan.reports().size();
            io.jkasan.Jkasan.clearReports();
        });
        long[] after = ThreadStack.statistics();
        assertTrue(after[1] > before[1], "the new thread must have reused a cached stack");
        return Math.min(reports[0], 1);
    }

    @Test
    void hundreds_of_short_lived_threads_reuse_stacks_without_false_reports() throws InterruptedException {
        long createdBefore = ThreadStack.statistics()[0];
        for (int i = 0; i < 300; i++) {
            onNewThread(() -> {
                ThreadStack.Frame f = ThreadStack.push();
                long p = f.alloc(100);
                for (long off = 0; off < 96; off += 8) {
                    AccessChecker.check(p + off, 8, true);
                }
                // the frame is left open on purpose: the thread ends with it pushed
            });
        }
        long created = ThreadStack.statistics()[0] - createdBefore;
        assertTrue(created < 50, "stacks must come back from the cache, created " + created);
    }

    @Test
    void virtual_threads_take_a_stack_only_when_they_push() throws Exception {
        long inUseBefore = ThreadStack.statistics()[2];
        List<Thread> idle = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            idle.add(Thread.ofVirtual().start(() -> { }));
        }
        for (Thread t : idle) {
            t.join();
        }
        assertTrue(ThreadStack.statistics()[2] <= inUseBefore, "idle virtual threads cost no stack");
        Thread v = Thread.ofVirtual().start(() -> {
            try (ThreadStack.Frame f = ThreadStack.push()) {
                long p = f.alloc(16);
                expectNoReport(() -> AccessChecker.check(p, 8, true));
                expectReport("stack-out-of-bounds", () -> AccessChecker.check(p + 16, 1, false));
            }
        });
        v.join();
    }
}
