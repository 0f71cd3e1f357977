package io.jkasan;

import java.util.List;

/**
 * The program's memory allocated after an {@link AllocationMark} and not freed: the allocations, and the
 * leak report jkasan prints for them (docs/report-format.md, "Leak report"), grouped by allocation stack.
 */
public final class KasanLeaks {
    private final List<KasanAllocation> allocations;
    private final long bytes;
    private final String text;

    /**
     * @param allocations the live allocations, oldest first
     * @param text the leak report, or the empty string if nothing leaked
     */
    public KasanLeaks(List<KasanAllocation> allocations, String text) {
        this.allocations = List.copyOf(allocations);
        long b = 0;
        for (KasanAllocation a : allocations) {
            b += a.size();
        }
        this.bytes = b;
        this.text = text;
    }

    /** @return whether nothing leaked */
    public boolean isEmpty() {
        return allocations.isEmpty();
    }

    /** @return the live allocations, oldest first */
    public List<KasanAllocation> allocations() {
        return allocations;
    }

    /** @return their requested bytes together */
    public long bytes() {
        return bytes;
    }

    /** @return the leak report as printed at exit, grouped by allocation stack; empty if nothing leaked */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return isEmpty() ? "no leaks" : bytes + " byte(s) leaked in " + allocations.size() + " allocation(s)";
    }
}
