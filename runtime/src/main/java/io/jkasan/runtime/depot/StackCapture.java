package io.jkasan.runtime.depot;

/**
 * The stack of one allocation or free, walked once by the JVM when this is made: the throwable's own backtrace
 * ({@link Backtraces}). The allocator's entry points make one first thing, because the JVM walks every frame
 * between the caller and the throwable, each some tens of nanoseconds (docs/performance.md, section 2,
 * "Stacks read in place, captured at the allocator's entry"); the depot then looks it up
 * ({@link StackDepot#save(StackCapture)}). Its constructors are left out of the walk by the JVM, which skips
 * the {@code <init>} frames of the throwable's own classes ({@code java_lang_Throwable::fill_in_stack_trace}).
 *
 * <p>It is never thrown, and makes no suppression list.
 */
public final class StackCapture extends Throwable {
    private static final long serialVersionUID = 1L;

    /** Captures the calling thread's stack. */
    public StackCapture() {
        super(null, null, false, true);
    }
}
