package io.jkasan;

/**
 * A point in the program's allocations, taken by {@link Jkasan#allocationMark()}: the allocations made after
 * it are the ones {@link Jkasan#liveAllocationsSince} and {@link Jkasan#leaksSince} look at. A test harness
 * takes one before a test and checks for leaks after it (docs/usage.md, "Leaks").
 */
public final class AllocationMark {
    private final long allocations;
    private final long lastSequence;

    /**
     * @param allocations how many areas had been allocated when the mark was taken
     * @param lastSequence the allocation order's number at the mark: areas allocated after it number above it
     */
    AllocationMark(long allocations, long lastSequence) {
        this.allocations = allocations;
        this.lastSequence = lastSequence;
    }

    /** @return how many areas had been allocated when the mark was taken */
    public long allocations() {
        return allocations;
    }

    /** @return the allocation order's number at the mark: areas allocated after it number above it */
    long lastSequence() {
        return lastSequence;
    }

    @Override
    public String toString() {
        return "AllocationMark[" + allocations + "]";
    }
}
