package io.jkasan.runtime.alloc;

/** A point in the space's allocations ({@link VmallocSpace#mark()}). */
public final class AllocationCut {
    private final long count;
    private final long lastSequence;

    AllocationCut(long count, long lastSequence) {
        this.count = count;
        this.lastSequence = lastSequence;
    }

    /** @return how many areas had been allocated */
    public long count() {
        return count;
    }

    /**
     * @return no area allocated before the cut has a larger {@link VmallocArea#sequence()}, and every area
     *     allocated after it has one
     */
    public long lastSequence() {
        return lastSequence;
    }
}
