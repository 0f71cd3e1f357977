package io.jkasan.runtime.report.model;

/**
 * Who allocated or freed memory, and from where: the kernel's {@code struct kasan_track} (a pid and a
 * stack depot handle), printed as "Allocated by task ..." and "Freed by task ...".
 */
public final class Track {
    private final Task task;
    private final Trace trace;

    /**
     * @param task the allocating or freeing thread
     * @param trace its stack; empty when stacks are not recorded ({@code stack_depth=0})
     */
    public Track(Task task, Trace trace) {
        this.task = task;
        this.trace = trace;
    }

    /** @return the allocating or freeing thread */
    public Task task() {
        return task;
    }

    /** @return its stack, empty if not recorded */
    public Trace trace() {
        return trace;
    }
}
