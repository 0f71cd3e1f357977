package io.jkasan.runtime.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Threads allocating, freeing and checking at once while purges run: no false report, every deliberate bad
 * access reported, no deadlock.
 */
@ExtendWith(KasanExpectations.class)
class ConcurrencyTest {
    private static final int THREADS = 4;
    private static final long MILLIS = 3000;

    @AfterEach
    void restore() {
        RuntimeState.space().setLazyMax(RuntimeState.options().lazyMax());
        Jkasan.clearReports();
    }

    @Test
    void allocate_free_and_check_from_several_threads_with_purges() {
        RuntimeState.space().setLazyMax(2 << 20);          // purge often
        long purgesBefore = RuntimeState.space().stats().purges;
        Jkasan.clearReports();
        AtomicLong deliberate = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int seed = t;
            threads.add(new Thread(() -> {
                Random rnd = new Random(seed);
                List<long[]> mine = new ArrayList<>();
                try {
                    start.await();
                    long deadline = System.nanoTime() + MILLIS * 1_000_000;
                    while (System.nanoTime() < deadline) {
                        if (mine.size() < 64 && rnd.nextInt(3) != 0) {
                            long size = 1 + rnd.nextInt(20_000);
                            mine.add(new long[] {OffHeapAllocator.allocate(size, 0), size});
                        } else if (!mine.isEmpty()) {
                            long[] a = mine.remove(rnd.nextInt(mine.size()));
                            OffHeapAllocator.free(a[0]);
                        }
                        for (long[] a : mine) {
                            long off = rnd.nextInt((int) a[1]);
                            if (!AccessChecker.check(a[0] + off, 1, true)) {
                                throw new AssertionError("false report at +" + off + " of " + a[1]);
                            }
                        }
                        if (!mine.isEmpty() && rnd.nextInt(50) == 0) {
                            long[] a = mine.get(0);
                            deliberate.incrementAndGet();
                            if (AccessChecker.check(a[0] + a[1], 1, true)) {
                                throw new AssertionError("missed report at the end of " + a[1]);
                            }
                        }
                    }
                    for (long[] a : mine) {
                        OffHeapAllocator.free(a[0]);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "stress-" + t));
        }
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
        });
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        List<KasanReport> reports = Jkasan.reports();
        assertEquals(deliberate.get(), reports.size());
        for (KasanReport r : reports) {
            assertEquals("vmalloc-out-of-bounds", r.bugType(), r.text());
        }
        assertTrue(deliberate.get() > 0);
        assertTrue(RuntimeState.space().stats().purges > purgesBefore, "purges must have happened");
    }
}
