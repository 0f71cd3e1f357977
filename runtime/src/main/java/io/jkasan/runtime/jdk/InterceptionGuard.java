package io.jkasan.runtime.jdk;

/**
 * Marks the threads that are inside jkasan's allocator, so that an allocation they make through
 * {@code jdk.internal.misc.Unsafe} while they are there is served by the JDK's own {@code malloc} instead of
 * re-entering jkasan (ASan's interceptors keep the same per-thread flag, and the kernel's
 * {@code kasan_disable_current} does the same for reports).
 *
 * <p>The allocator hooks injected into {@code Unsafe} consult it for allocations only: a free of an arena
 * address always returns to the arena, whoever makes it, because no arena address may reach {@code free()}.
 * A nesting depth rather than a flag, so that a nested entry does not clear an outer one.
 */
public final class InterceptionGuard {
    /** One mutable counter per thread: after the first use, entering and leaving allocate nothing. */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    private InterceptionGuard() {
    }

    /**
     * Enters jkasan's allocator on this thread; pair with {@link #exit(int[])} in a {@code finally}.
     *
     * @return this thread's counter, to hand to {@link #exit(int[])} without a second lookup
     */
    public static int[] enter() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return depth;
    }

    /**
     * Leaves jkasan's allocator.
     *
     * @param depth the counter {@link #enter()} returned on this thread
     */
    public static void exit(int[] depth) {
        depth[0]--;
    }

    /** @return whether this thread is inside jkasan's allocator, so its allocations must bypass it */
    public static boolean isInside() {
        return DEPTH.get()[0] != 0;
    }
}
