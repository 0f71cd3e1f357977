package io.jkasan.runtime.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.check.MemoryPoison;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.testing.PrivateSpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The space split into nodes: which node a thread allocates in, that any thread frees, finds and purges an area
 * by its address, one quarantine across nodes, and a full node handing an allocation to the next.
 */
class VmallocNodesTest {
    private static final long PAGE = VmallocSpace.PAGE;
    private static final long NO_PURGE = Long.MAX_VALUE;

    private static VmallocArea alloc(VmallocSpace space, long size) {
        return space.allocate(size, PAGE, VmallocArea.Kind.API, 0);
    }

    /**
     * Runs {@code work} on a thread of its own while this thread runs {@code meanwhile}, and returns the
     * work's result; fails after ten seconds.
     */
    private static <T> T onOtherThread(Supplier<T> work, Runnable meanwhile) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "other");
        t.start();
        meanwhile.run();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), "the other thread did not finish in ten seconds");
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    @Test
    void one_node_per_processor_but_none_smaller_than_4_gib() {
        assertEquals(2, VmallocSpace.nodeCountFor(64L << 30, 2));
        assertEquals(16, VmallocSpace.nodeCountFor(64L << 30, 32));
        assertEquals(1, VmallocSpace.nodeCountFor(64L << 30, 1));
        assertEquals(1, VmallocSpace.nodeCountFor(7L << 30, 8));
        assertEquals(2, VmallocSpace.nodeCountFor(8L << 30, 8));
        assertEquals(1, VmallocSpace.nodeCountFor(1L << 30, 8));
    }

    @Test
    void zones_are_whole_shadow_windows_and_cover_the_space() {
        VmallocSpace space = PrivateSpace.create(8, NO_PURGE, 3, 1 << 20);
        assertEquals(3, space.nodeCount());
        assertEquals(space.start(), space.node(0).start());
        for (int k = 1; k < 3; k++) {
            assertEquals(space.node(k - 1).end(), space.node(k).start());
            assertEquals(0, (space.node(k).start() - space.start()) % (32 * 1024), "node " + k);
        }
        assertEquals(space.end(), space.node(2).end());
        assertThrows(IllegalArgumentException.class, () -> PrivateSpace.create(8, NO_PURGE, 0, 1 << 20));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> PrivateSpace.create(8, NO_PURGE, 64, 1 << 20));
        assertTrue(tooMany.getMessage().contains("64 nodes do not fit"), tooMany.getMessage());
    }

    @Test
    void one_thread_allocates_in_the_first_node_lowest_address_first() {
        VmallocSpace space = PrivateSpace.create(9, NO_PURGE, 2);
        VmallocArea a = alloc(space, 100);
        VmallocArea b = alloc(space, 3 * PAGE);
        VmallocArea c = alloc(space, 1);
        assertEquals(space.start(), a.start());
        assertEquals(a.end(), b.start());
        assertEquals(b.end(), c.start());
        assertTrue(c.end() <= space.node(1).start());
    }

    @Test
    void a_thread_that_finds_its_node_locked_moves_to_the_next_and_stays_there() {
        VmallocSpace space = PrivateSpace.create(10, NO_PURGE, 2);
        VmallocArea mine = alloc(space, 1);
        CountDownLatch movedOn = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        VmallocNode first = space.node(0);
        first.lock();
        List<VmallocArea> theirs;
        try {
            theirs = onOtherThread(() -> {
                List<VmallocArea> l = new ArrayList<>();
                l.add(alloc(space, 1));                     // node 0 is held: moves to node 1
                movedOn.countDown();
                await(released);
                l.add(alloc(space, 1));                     // node 0 is free again: stays in node 1
                return l;
            }, () -> {
                await(movedOn);
                first.unlock();
                released.countDown();
            });
        } catch (AssertionError e) {
            released.countDown();
            throw e;
        }
        long second = space.node(1).start();
        assertEquals(second, theirs.get(0).start());
        assertEquals(second + 2 * PAGE, theirs.get(1).start());
        assertEquals(mine.end(), alloc(space, 1).start(), "the main thread stays in node 0");
    }

    /**
     * Nodes number their areas from blocks of their own, yet a mark cuts exactly: every area allocated before it
     * numbers at or below it, every area allocated after it above, whichever node either is in.
     */
    @Test
    void a_mark_cuts_the_allocations_of_every_node_exactly() {
        VmallocSpace space = PrivateSpace.create(11, NO_PURGE, 2);
        List<VmallocArea> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(alloc(space, 1));                                    // node 0
        }
        before.addAll(inNodeOne(space, 2));
        AllocationCut cut = space.mark();
        assertEquals(5, cut.count());
        List<VmallocArea> after = new ArrayList<>(inNodeOne(space, 1));
        after.add(alloc(space, 1));
        for (VmallocArea a : before) {
            assertTrue(a.sequence() <= cut.lastSequence(), a.sequence() + " before the cut at " + cut.lastSequence());
        }
        for (VmallocArea a : after) {
            assertTrue(a.sequence() > cut.lastSequence(), a.sequence() + " after the cut at " + cut.lastSequence());
        }
        assertEquals(space.node(1).start(), after.get(0).start() - 4 * PAGE, "node 1's third area");
        assertEquals(7, space.mark().count());
    }

    @Test
    void one_node_numbers_its_areas_in_order_across_its_blocks_and_marks() {
        VmallocSpace space = PrivateSpace.create(12, NO_PURGE, 1);
        long last = 0;
        for (int i = 0; i < 3 * AllocationOrder.BLOCK; i++) {
            if (i == AllocationOrder.BLOCK / 2) {
                space.mark();                                               // closes a block half used
            }
            long sequence = alloc(space, 1).sequence();
            assertTrue(sequence > last, sequence + " after " + last);
            last = sequence;
        }
        assertEquals(3 * AllocationOrder.BLOCK, space.mark().count());
    }

    /** Allocates {@code n} one-byte areas on a thread of its own while node 0 is held, so they go to node 1. */
    private static List<VmallocArea> inNodeOne(VmallocSpace space, int n) {
        VmallocNode first = space.node(0);
        first.lock();
        try {
            return onOtherThread(() -> {
                List<VmallocArea> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(alloc(space, 1));
                }
                return l;
            }, () -> { });
        } finally {
            first.unlock();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("waited ten seconds for the other thread");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void any_thread_frees_finds_and_purges_an_area_by_its_address() {
        VmallocSpace space = PrivateSpace.create(11, NO_PURGE, 2);
        VmallocArea low = alloc(space, 10);
        VmallocNode first = space.node(0);
        first.lock();
        VmallocArea high;
        try {
            high = onOtherThread(() -> alloc(space, 5000), () -> { });
        } finally {
            first.unlock();
        }
        assertEquals(space.node(1).start(), high.start());
        assertEquals(List.of(low, high), space.liveAreas(), "lowest address first, across nodes");
        assertSame(high, space.liveAreaAt(high.start()));
        assertSame(high, space.areaContaining(high.start() + 5000));
        assertSame(high, space.areaAbove(high.start() - PAGE / 2, PAGE), "above the last page of node 0");
        assertNull(space.areaAbove(high.start() - 2 * PAGE, PAGE));
        assertEquals(2, space.stats().liveAreas);
        assertEquals(5010, space.stats().liveBytes);

        assertEquals(VmallocSpace.FreeStatus.INVALID_FREE, space.free(high.start() + PAGE));
        assertEquals(VmallocSpace.FreeStatus.FREED, space.free(high.start()));
        assertEquals(VmallocSpace.FreeStatus.DOUBLE_FREE, space.free(high.start()));
        assertTrue(high.isFreed());
        assertSame(high, space.areaContaining(high.start()), "waiting in the quarantine");
        assertEquals(ShadowBytes.VMALLOC_FREED, ShadowMemory.get(high.start()));

        space.purge();
        assertNull(space.areaContaining(high.start()));
        assertEquals(ShadowBytes.VMALLOC_INVALID, ShadowMemory.get(high.start()));
        assertEquals(VmallocSpace.FreeStatus.INVALID_FREE, space.free(high.start()));
        assertEquals(VmallocSpace.FreeStatus.INVALID_FREE, space.free(space.end()), "outside the space");
        assertEquals(List.of(low), space.liveAreas());
    }

    @Test
    void the_quarantine_is_one_fifo_across_nodes() {
        VmallocSpace space = PrivateSpace.create(12, 8 * PAGE, 2);
        List<VmallocArea> mine = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            mine.add(alloc(space, PAGE));
        }
        VmallocNode first = space.node(0);
        first.lock();
        VmallocArea theirs;
        try {
            theirs = onOtherThread(() -> alloc(space, PAGE), () -> { });
        } finally {
            first.unlock();
        }
        assertEquals(space.node(1).start(), theirs.start());
        space.free(theirs.start());                          // the oldest, in node 1
        for (int i = 0; i < 7; i++) {
            space.free(mine.get(i).start());                 // 8 pages wait: at lazy_max, nothing goes
        }
        assertEquals(8, space.stats().lazyAreas);
        space.free(mine.get(7).start());                     // 9 pages: evicted down to 7, the two oldest
        assertEquals(7, space.stats().lazyAreas);
        assertEquals(7 * PAGE, space.stats().lazyBytes);
        assertNull(space.areaContaining(mine.get(0).start()), "purged by the thread that evicted it");
        assertSame(mine.get(1), space.areaContaining(mine.get(1).start()));
        assertEquals(1, space.stats().purges);
        // Node 1's area was the oldest: evicted too, but left to node 1, whose lock this thread never takes.
        assertSame(theirs, space.areaContaining(theirs.start()));
        assertEquals(ShadowBytes.VMALLOC_FREED, ShadowMemory.get(theirs.start()));
        assertEquals(1, space.stats().purgedAreas);
        first.lock();
        VmallocArea next;
        try {
            next = onOtherThread(() -> alloc(space, PAGE), () -> { });    // node 0 is held: allocates in node 1
        } finally {
            first.unlock();
        }
        assertEquals(theirs.start(), next.start(), "node 1's next allocation purged it first, then reused it");
        assertEquals(2, space.stats().purgedAreas);
    }

    @Test
    void a_full_node_hands_the_allocation_to_the_next_and_a_purge_makes_room() {
        long zone = 256 * 1024;
        VmallocSpace space = PrivateSpace.create(13, NO_PURGE, 2, 2 * zone);
        long firstZone = space.node(0).end() - space.node(0).start();
        VmallocArea big = alloc(space, firstZone - 2 * PAGE);         // node 0 keeps one free page
        VmallocArea next = alloc(space, 1);
        assertEquals(space.node(1).start(), next.start(), "a one-page area needs two pages");
        VmallocArea rest = alloc(space, space.node(1).end() - next.end() - PAGE);
        assertEquals(next.end(), rest.start());
        OutOfMemoryError full = assertThrows(OutOfMemoryError.class, () -> alloc(space, 1));
        assertTrue(full.getMessage().contains("vmalloc space exhausted: cannot allocate 1 bytes"), full.getMessage());
        assertTrue(full.getMessage().contains("2 node(s)"), full.getMessage());

        space.free(big.start());                                       // waits: node 0 is still full
        VmallocArea reused = alloc(space, 1);                          // the overflow path purges it
        assertEquals(space.start(), reused.start());
        assertEquals(0, space.stats().lazyAreas);

        OutOfMemoryError tooLarge = assertThrows(OutOfMemoryError.class, () -> alloc(space, zone));
        assertTrue(tooLarge.getMessage().contains("of at most " + zone + " bytes"), tooLarge.getMessage());
    }

    @Test
    void threads_allocating_and_freeing_at_once_never_share_an_address() {
        VmallocSpace space = PrivateSpace.create(14, 64 * PAGE, 4);
        int threads = 4;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<List<VmallocArea>> kept = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<VmallocArea> mine = new ArrayList<>();
            kept.add(mine);
            Random rnd = new Random(t);
            workers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (mine.size() < 32 && rnd.nextBoolean()) {
                            VmallocArea a = alloc(space, 1 + rnd.nextInt(3 * (int) PAGE));
                            if (MemoryPoison.poisoned(a.start(), a.size()) || !MemoryPoison.poisoned1(a.end() - 1)
                                    || !MemoryPoison.poisoned1(a.start() + a.size())) {
                                throw new AssertionError("not exactly unpoisoned: " + a);
                            }
                            mine.add(a);
                        } else if (!mine.isEmpty()) {
                            VmallocArea a = mine.remove(rnd.nextInt(mine.size()));
                            if (space.free(a.start()) != VmallocSpace.FreeStatus.FREED) {
                                throw new AssertionError("could not free " + a);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "nodes-" + t));
        }
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            workers.forEach(Thread::start);
            start.countDown();
            for (Thread t : workers) {
                t.join();
            }
        });
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        List<VmallocArea> live = new ArrayList<>();
        kept.forEach(live::addAll);
        live.sort(Comparator.comparingLong(VmallocArea::start));
        assertEquals(live, space.liveAreas());
        for (int i = 1; i < live.size(); i++) {
            assertTrue(live.get(i - 1).end() <= live.get(i).start(), live.get(i - 1) + " overlaps " + live.get(i));
        }
        assertEquals(live.size(), space.stats().liveAreas);
        assertTrue(space.stats().purges > 0, "the quarantine was crossed");
    }
}
