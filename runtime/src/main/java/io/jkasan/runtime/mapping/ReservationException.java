package io.jkasan.runtime.mapping;

/**
 * The operating system refused to reserve a range of address space. Checked, so that every caller decides
 * what a refusal means; {@link ArenaReservation} turns it into a one-line refusal of the {@code arena}
 * option.
 */
public final class ReservationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long bytes;

    /**
     * @param backend the backend's name, e.g. {@code mmap}
     * @param bytes the size that was refused
     * @param detail why, as the backend knows it
     */
    public ReservationException(String backend, long bytes, String detail) {
        super(backend + " could not reserve " + bytes + " bytes: " + detail, null, false, false);
        this.bytes = bytes;
    }

    /** @return the size that was refused */
    public long bytes() {
        return bytes;
    }
}
