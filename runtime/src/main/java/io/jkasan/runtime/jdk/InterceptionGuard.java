package io.jkasan.runtime.jdk;

import jdk.internal.vm.annotation.Contended;

/**
 * Marks the threads that are inside jkasan's allocator, so that an allocation they make through
 * {@code jdk.internal.misc.Unsafe} while they are there is served by the JDK's own {@code malloc} instead of
 * re-entering jkasan (ASan's interceptors keep the same per-thread flag, and the kernel's
 * {@code kasan_disable_current} does the same for reports).
 *
 * <p>The allocator hooks injected into {@code Unsafe} consult it for allocations only: a free of an arena
 * address always returns to the arena, whoever makes it, because no arena address may reach {@code free()}.
 * A nesting depth rather than a flag, so that a nested entry does not clear an outer one.
 *
 * <p>Each thread's guard is written twice per allocation and twice per free. A garbage collection that
 * copies two threads' guards next to each other would have both cores write one cache line on every call, so
 * the guard is padded ({@link Contended}; docs/design.md, "Padded allocator state").
 */
@Contended
public final class InterceptionGuard {
    /** One guard per thread: after the first use, entering and leaving allocate nothing. */
    private static final ThreadLocal<InterceptionGuard> GUARD = new ThreadLocal<InterceptionGuard>() {
        @Override
        protected InterceptionGuard initialValue() {
            return new InterceptionGuard();
        }
    };

    private int depth;

    private InterceptionGuard() {
    }

    /**
     * Enters jkasan's allocator on this thread; pair with {@link #exit()} in a {@code finally}.
     *
     * @return this thread's guard, to leave through without a second lookup
     */
    public static InterceptionGuard enter() {
        InterceptionGuard guard = GUARD.get();
        guard.depth++;
        return guard;
    }

    /** Leaves jkasan's allocator; called on the guard {@link #enter()} returned, on the same thread. */
    public void exit() {
        depth--;
    }

    /** @return whether this thread is inside jkasan's allocator, so its allocations must bypass it */
    public static boolean isInside() {
        return GUARD.get().depth != 0;
    }
}
