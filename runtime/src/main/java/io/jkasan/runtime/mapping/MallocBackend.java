package io.jkasan.runtime.mapping;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

/**
 * The {@link MemoryBackend} tried first on every JDK: it needs nothing but {@code Unsafe}, so it costs no
 * start-up time.
 *
 * <p>The range comes from {@code malloc} (glibc serves it with {@code mmap} without {@code MAP_NORESERVE}, so
 * the arena must fit the kernel's overcommit heuristic, which refuses one request larger than memory plus swap;
 * JDK 22+ then reserves with {@code mmap}, JDK 17 and 21 with a smaller arena). Discarding is
 * {@code madvise(MADV_DONTNEED)} through the JDK's own native method ({@link JdkMadvise}); only where that is not
 * reachable does it zero-fill, and pages then stay resident once touched.
 */
final class MallocBackend implements MemoryBackend {
    private static final long FRESH_MMAP_THRESHOLD = 64L << 20;

    @Override
    public long reserve(long bytes) throws ReservationException {
        long raw = allocate(bytes + 4096);
        long aligned = (raw + 4095) & ~4095L;
        if (bytes < FRESH_MMAP_THRESHOLD) {
            // glibc serves blocks above its mmap threshold (32 MiB at most) with fresh, zeroed mmap pages;
            // only a smaller block can be recycled memory that needs clearing. Clearing a large one would
            // commit all of it.
            U.setMemory(aligned, bytes, (byte) 0);
        }
        return aligned;
    }

    @Override
    public boolean canReserve(long bytes) {
        try {
            U.freeMemory(allocate(bytes + 4096));
            return true;
        } catch (ReservationException e) {
            return false;
        }
    }

    /** {@code Unsafe.allocateMemory} reports a null {@code malloc} as an {@link OutOfMemoryError}. */
    private long allocate(long bytes) throws ReservationException {
        try {
            return U.allocateMemory(bytes);
        } catch (OutOfMemoryError e) {
            throw new ReservationException(name(), bytes, "malloc returned NULL");
        }
    }

    /** Zero-fills: the pages then stay resident once touched. */
    @Override
    public void discardFallback(long address, long bytes) {
        U.setMemory(address, bytes, (byte) 0);
    }

    @Override
    public String name() {
        return "malloc";
    }
}
