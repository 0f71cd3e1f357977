package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import io.jkasan.samples.Unsafes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Unsafe;

/**
 * Every kind of memory a segment can be over, used correctly: confined, shared (from four threads), automatic
 * (dropped and freed by the garbage collector's cleaner), global arenas, a slicing {@link SegmentAllocator} of
 * the program's own, {@code Unsafe.allocateMemory} memory and a heap segment, through accessors, indexed
 * accessors, {@code VarHandle}s, {@code copy}, {@code copyFrom}, {@code fill}, {@code mismatch} and strings;
 * and a confined segment touched from another thread, which the JDK refuses with its own
 * {@code WrongThreadException}. It has no buggy variant: both print the same checksum, and nothing may be
 * reported.
 */
public final class SegmentArenas implements Scenario {
    private static final VarHandle LONGS = ValueLayout.JAVA_LONG.arrayElementVarHandle();

    @Override
    public String run(final boolean bug) throws InterruptedException {
        long sum = 0;
        try (Arena confined = Arena.ofConfined()) {
            sum += exercise(confined);
            sum += wrongThread(confined.allocate(8));
        }
        try (Arena shared = Arena.ofShared()) {
            final MemorySegment counters = shared.allocate(ValueLayout.JAVA_LONG, 4);
            final Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                final long slot = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 1000; i++) {
                        LONGS.getAndAdd(counters, 0L, slot, 1L);
                    }
                }, "segment-worker-" + t);
                threads[t].start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            sum += exercise(shared) + counters.getAtIndex(ValueLayout.JAVA_LONG, 3);
        }
        sum += automatic();
        sum += exercise(Arena.global());
        try (Arena backing = Arena.ofConfined()) {
            final SegmentAllocator slices = SegmentAllocator.slicingAllocator(backing.allocate(256));
            sum += exercise(slices);
        }
        final Unsafe unsafe = Unsafes.unsafe();
        final long address = unsafe.allocateMemory(64);
        sum += exercise(MemorySegment.ofAddress(address).reinterpret(64));
        unsafe.freeMemory(address);
        sum += exercise(MemorySegment.ofArray(new long[8]));
        return "checksum " + sum;
    }

    /** An automatic arena: used, dropped, freed by the cleaner (waited for, as in SegmentAutoArenaAfterFree). */
    private static long automatic() throws InterruptedException {
        final CountDownLatch cleaned = new CountDownLatch(1);
        Arena arena = Arena.ofAuto();
        MemorySegment.NULL.reinterpret(0, arena, s -> cleaned.countDown());
        final long sum = exercise(arena);
        arena = null;
        while (!cleaned.await(50, TimeUnit.MILLISECONDS)) {
            System.gc();
        }
        return sum;
    }

    private static long exercise(final SegmentAllocator allocator) {
        return exercise(allocator.allocate(64, 8));
    }

    /** Every access path on a 64-byte segment, each inside it. */
    private static long exercise(final MemorySegment s) {
        s.fill((byte) 0);
        s.set(ValueLayout.JAVA_INT, 0, 3);
        s.setAtIndex(ValueLayout.JAVA_LONG, 7, 4);
        LONGS.set(s, 0L, 1L, 5L);
        MemorySegment.copy(s, 0, s, 16, 16);
        s.asSlice(48, 16).copyFrom(s.asSlice(0, 16));
        s.asSlice(32, 8).setString(0, "seg");
        final long same = MemorySegment.mismatch(s, 0, 16, s, 16, 32);
        return s.get(ValueLayout.JAVA_INT, 16) + s.getAtIndex(ValueLayout.JAVA_LONG, 7)
                + (long) LONGS.get(s, 0L, 3L) + s.getString(32).length() + same;
    }

    /** @return 1 if the JDK refused the access from another thread with WrongThreadException */
    private static long wrongThread(final MemorySegment confined) throws InterruptedException {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            try {
                confined.get(ValueLayout.JAVA_LONG, 0);
            } catch (final RuntimeException e) {
                thrown.set(e);
            }
        }, "segment-other-thread");
        other.start();
        other.join();
        return thrown.get() instanceof WrongThreadException ? 1 : 0;
    }
}
