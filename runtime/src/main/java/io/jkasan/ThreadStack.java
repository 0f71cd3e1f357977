package io.jkasan;

import io.jkasan.runtime.check.StackFrames;
import io.jkasan.runtime.stack.GuardedStack;
import io.jkasan.runtime.stack.StackFrameRecord;
import io.jkasan.runtime.stack.ThreadStacks;
import io.jkasan.runtime.state.RuntimeState;

/**
 * A per-thread off-heap stack in the emulated vmalloc space, checked as the kernel checks VMAP_STACK stacks
 * (docs/usage.md, "Public API"): guard pages below and above, poisoned redzones between allocations, popped frames poisoned.
 *
 * <pre>
 * try (ThreadStack.Frame frame = ThreadStack.push()) {   // push a frame on this thread's stack
 *     long p = frame.alloc(64);                          // 8-byte aligned, not zeroed
 *     long q = frame.calloc(24);                         // zeroed
 *     ...
 * }                                                      // pop: the frame's memory is poisoned
 * </pre>
 *
 * <p>A thread's stack ({@code thread_stack_size}, 32 KiB by default, THREAD_SIZE-aligned) is taken on its
 * first {@link #push()}, so idle threads cost nothing. An access into a redzone reports
 * {@code stack-out-of-bounds}, into a popped frame {@code stack-use-after-return}; an allocation that does
 * not fit reports {@code BUG: stack guard page was hit} and throws {@link StackOverflowError}.
 */
public final class ThreadStack {
    private ThreadStack() {
    }

    /**
     * Pushes a frame on the calling thread's stack.
     *
     * @return the frame, to be closed (try-with-resources) on this thread, innermost first
     * @throws StackOverflowError if even the frame's redzone does not fit
     */
    public static Frame push() {
        ThreadStacks stacks = RuntimeState.threadStacks();
        return new Frame(stacks, StackFrames.push(stacks));
    }

    /** @return the lowest address of the calling thread's stack (taking the stack if it has none) */
    public static long low() {
        return RuntimeState.threadStacks().current().base();
    }

    /** @return one past the highest address of the calling thread's stack */
    public static long high() {
        return RuntimeState.threadStacks().current().top();
    }

    /** @return bytes of the calling thread's stack in use now (0 if it has none) */
    public static long used() {
        GuardedStack s = RuntimeState.threadStacks().currentIfAny();
        return s == null ? 0 : s.top() - s.sp();
    }

    /** @return the most bytes the calling thread's stack has held (0 if it has none) */
    public static long peakUsed() {
        GuardedStack s = RuntimeState.threadStacks().currentIfAny();
        return s == null ? 0 : s.top() - s.lowWater();
    }

    /** @return the size of every thread stack ({@code thread_stack_size}) */
    public static long size() {
        return RuntimeState.threadStacks().stackSize();
    }

    /**
     * @return {@code {created, reused, inUse, cached}}: stacks created from vmalloc space, stacks handed out
     *     again from the cache, stacks owned by live threads, stacks in the cache
     */
    public static long[] statistics() {
        return RuntimeState.threadStacks().counters();
    }

    /** One pushed frame. Not thread-safe: it belongs to the thread that pushed it. */
    public static final class Frame implements AutoCloseable {
        private final ThreadStacks stacks;
        private final StackFrameRecord record;

        private Frame(ThreadStacks stacks, StackFrameRecord record) {
            this.stacks = stacks;
            this.record = record;
        }

        /**
         * Allocates {@code size} bytes in this frame, 8-byte aligned and not zeroed, below a poisoned redzone.
         *
         * @param size bytes, not negative
         * @return the address
         * @throws StackOverflowError if the allocation would reach the guard page
         * @throws IllegalStateException if this is not the thread's innermost open frame
         */
        public long alloc(long size) {
            return StackFrames.alloc(stacks, record, size, false);
        }

        /**
         * As {@link #alloc(long)}, but the bytes are zeroed.
         *
         * @param size bytes, not negative
         * @return the address
         */
        public long calloc(long size) {
            return StackFrames.alloc(stacks, record, size, true);
        }

        /**
         * Pops the frame: its memory is poisoned, and an access reports {@code stack-use-after-return}.
         *
         * @throws IllegalStateException naming both frames if an inner frame is still open
         */
        @Override
        public void close() {
            StackFrames.pop(stacks, record);
        }

        @Override
        public String toString() {
            return record.describe();
        }
    }
}
