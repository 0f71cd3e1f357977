package io.jkasan.samples;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import sun.misc.Unsafe;

/**
 * A cache of off-heap entries whose eviction forgets to free them: three 64-byte entries are still allocated
 * when the program ends (what {@code detect_leaks=true} reports, grouped by the one allocation stack). The
 * twin frees every evicted entry. Both keep a direct buffer alive to the end: its memory belongs to the
 * buffer, which the garbage collector frees, so it is never reported as a leak.
 */
final class LeakyCache implements Scenario {
    private static final long ENTRY = 64;

    private final Unsafe unsafe = Unsafes.unsafe();
    private final ArrayDeque<Long> entries = new ArrayDeque<>();
    private final ByteBuffer totals = ByteBuffer.allocateDirect(4096);

    @Override
    public String run(final boolean bug) {
        for (int i = 0; i < 3; i++) {
            put(i);
        }
        long sum = 0;
        for (final long e : entries) {
            sum += unsafe.getLong(e);
        }
        while (!entries.isEmpty()) {
            final long e = entries.poll();
            if (!bug) {
                unsafe.freeMemory(e);
            }
        }
        totals.putLong(0, sum);
        return "evicted 3 entries, sum " + totals.getLong(0);
    }

    private void put(final long value) {
        final long e = unsafe.allocateMemory(ENTRY); // @ALLOC
        unsafe.putLong(e, value);
        entries.add(e);
    }
}
