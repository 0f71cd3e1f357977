package io.jkasan.runtime.mapping;

/**
 * Reserves address space and returns physical pages to the operating system.
 *
 * <p>The only place where jkasan may need more than {@code Unsafe}: the arena comes from {@code malloc} where the
 * kernel grants it, else on JDK 22+ from {@code mmap(MAP_NORESERVE)} through the FFM {@code Linker}. Both give
 * pages back with the JDK's own {@code madvise} ({@link JdkMadvise}) wherever it can be called. The backend is
 * chosen once at start-up, from {@link MemoryBackends#inOrder()}.
 */
public interface MemoryBackend {
    /**
     * Reserves {@code bytes} of zero-filled, readable and writable address space without committing it.
     *
     * @param bytes a multiple of the page size
     * @return the page-aligned start address
     * @throws ReservationException if the range cannot be reserved
     */
    long reserve(long bytes) throws ReservationException;

    /**
     * Tries whether {@code bytes} could be reserved now, giving the range back at once. Used only to tell a
     * user how large an arena would fit after a reservation failed.
     *
     * @param bytes a multiple of the page size
     * @return whether the reservation succeeded
     */
    boolean canReserve(long bytes);

    /**
     * Gives the physical pages of a page-aligned range back to the OS; the range reads as zero afterwards. The
     * JDK's own {@code madvise} does it for every backend where it can be called ({@link JdkMadvise}), the
     * backend's {@link #discardFallback} elsewhere.
     *
     * @param address page-aligned start
     * @param bytes page-aligned length
     */
    default void discard(long address, long bytes) {
        if (bytes == 0) {
            return;
        }
        if (JdkMadvise.available()) {
            JdkMadvise.discard(address, bytes);
        } else {
            discardFallback(address, bytes);
        }
    }

    /**
     * {@link #discard} where the JDK's {@code madvise} cannot be called (a JDK without it, or {@code java.nio}
     * not opened to the runtime).
     *
     * @param address page-aligned start
     * @param bytes page-aligned length, positive
     */
    void discardFallback(long address, long bytes);

    /** @return a short name for diagnostics, e.g. {@code mmap} */
    String name();
}
