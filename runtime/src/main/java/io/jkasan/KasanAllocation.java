package io.jkasan;

import java.util.List;

/** One live allocation of the program's own memory: where it is, how big, and who made it from where. */
public final class KasanAllocation {
    private final long address;
    private final long size;
    private final String threadName;
    private final long threadId;
    private final KasanFrame createdBy;
    private final List<KasanFrame> frames;

    /**
     * @param address the address {@code allocateMemory} returned
     * @param size the requested size in bytes
     * @param threadName the allocating thread's name
     * @param threadId its id
     * @param createdBy the allocation call site, or {@code null} if unknown
     * @param frames the allocation stack, innermost first; empty with {@code stack_depth=0}
     */
    public KasanAllocation(long address, long size, String threadName, long threadId, KasanFrame createdBy,
            List<KasanFrame> frames) {
        this.address = address;
        this.size = size;
        this.threadName = threadName;
        this.threadId = threadId;
        this.createdBy = createdBy;
        this.frames = List.copyOf(frames);
    }

    /** @return the address {@code allocateMemory} returned */
    public long address() {
        return address;
    }

    /** @return the requested size in bytes */
    public long size() {
        return size;
    }

    /** @return the allocating thread's name */
    public String threadName() {
        return threadName;
    }

    /** @return the allocating thread's id */
    public long threadId() {
        return threadId;
    }

    /** @return the allocation call site, or {@code null} if unknown */
    public KasanFrame createdBy() {
        return createdBy;
    }

    /** @return the allocation stack, innermost first; empty when stacks are not recorded */
    public List<KasanFrame> frames() {
        return frames;
    }

    @Override
    public String toString() {
        return size + " bytes at " + Long.toHexString(address) + " allocated by " + threadName + "/" + threadId
                + (createdBy == null ? "" : " at " + createdBy);
    }
}
