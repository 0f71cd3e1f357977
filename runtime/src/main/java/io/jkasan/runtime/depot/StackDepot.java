package io.jkasan.runtime.depot;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Deduplicated storage of allocation and free stacks (the kernel's {@code lib/stackdepot.c}): a stack
 * captured twice from the same place is stored once.
 */
public final class StackDepot {
    private final ConcurrentHashMap<StackRecord, StackRecord> records = new ConcurrentHashMap<>();
    private final int maxDepth;

    /** @param maxDepth frames to keep per stack ({@code stack_depth}) */
    public StackDepot(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** @return the shared record of the caller's stack, or {@code null} when {@code stack_depth=0} */
    public StackRecord save() {
        if (maxDepth == 0) {
            return null;
        }
        StackRecord r = new StackRecord(Frames.capture(maxDepth));
        StackRecord prev = records.putIfAbsent(r, r);
        return prev != null ? prev : r;
    }

    /** @return the number of distinct stacks stored */
    public int size() {
        return records.size();
    }
}
