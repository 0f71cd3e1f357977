package io.jkasan.runtime.depot;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Deduplicated storage of allocation and free stacks (the kernel's {@code lib/stackdepot.c}): a stack
 * captured twice from the same place is stored once.
 *
 * <p>The lookup key is the JVM's own backtrace of the whole stack ({@link Backtraces}), which identifies
 * every method exactly and costs one native walk; only a stack seen for the first time is walked again with
 * {@link StackWalker} to keep the frames a report prints. Where backtraces cannot be read, the frames
 * themselves are the key ({@link StackRecord}).
 */
public final class StackDepot {
    private final ConcurrentHashMap<StackKey, StackRecord> byBacktrace = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StackRecord, StackRecord> byFrames = new ConcurrentHashMap<>();
    private final int maxDepth;
    private final boolean backtraces;

    /** @param maxDepth frames to keep per stack ({@code stack_depth}) */
    public StackDepot(int maxDepth) {
        this.maxDepth = maxDepth;
        this.backtraces = maxDepth > 0 && Backtraces.available();
    }

    /** @return whether stacks are recorded: {@code stack_depth} is above 0 */
    public boolean records() {
        return maxDepth > 0;
    }

    /** @return the shared record of the caller's stack, or {@code null} when {@code stack_depth=0} */
    public StackRecord save() {
        return maxDepth == 0 ? null : save(new StackCapture());
    }

    /**
     * Saves a stack captured by the caller. Only jkasan's own frames may lie between the capture and this call,
     * on the same thread: a stack seen for the first time is walked again from here for the frames a report
     * prints, which leave jkasan's out.
     *
     * @param capture the stack of the event, captured at the allocator's entry, or {@code null} when
     *     {@link #records()} is false
     * @return its shared record, or {@code null} when {@code stack_depth=0}
     */
    public StackRecord save(StackCapture capture) {
        if (maxDepth == 0 || capture == null) {
            return null;
        }
        // The probe is new at every capture, as the capture is: both are young, so the JVM's stores into them are
        // filtered, where refilling a long-lived one would take G1's cross-region post-write barrier at every
        // capture (docs/performance.md, section 2, "No shadow rewritten at purge, and a fresh throwable per
        // stack").
        Backtrace trace = backtraces ? Backtraces.of(capture) : null;
        if (trace == null) {
            StackRecord r = new StackRecord(Frames.capture(maxDepth));
            StackRecord prev = byFrames.putIfAbsent(r, r);
            return prev != null ? prev : r;
        }
        StackRecord known = byBacktrace.get(trace);                   // the probe equals the stored key
        if (known != null) {
            return known;
        }
        StackRecord r = new StackRecord(Frames.capture(maxDepth));   // the same stack, seen for the first time
        StackRecord prev = byBacktrace.putIfAbsent(trace.toKey(), r);
        return prev != null ? prev : r;
    }

    /** @return the number of distinct stacks stored */
    public int size() {
        return byBacktrace.size() + byFrames.size();
    }
}
