package io.jkasan.runtime.check;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.StackCapture;
import io.jkasan.runtime.jdk.InterceptionGuard;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.state.RuntimeState;

/**
 * {@code Unsafe.allocateMemory}, {@code reallocateMemory} and {@code freeMemory} served from the emulated
 * vmalloc space, with {@code Unsafe}'s contract for zero sizes, null and negative sizes.
 *
 * <p>Memory jkasan did not allocate (outside the arena) is passed to the JDK's own {@code Unsafe}, so a
 * pointer made before the agent started, or before the allocator hooks were installed, is still freed
 * correctly.
 *
 * <p>Both the rewritten call sites' bridges and the hooks injected into {@code Unsafe} itself end here. While a
 * thread is in here it is marked ({@link InterceptionGuard}): an {@code Unsafe.allocateMemory} it makes on
 * the way (the stack walk, a report written through NIO) goes to the JDK's {@code malloc} instead of
 * re-entering the vmalloc space.
 */
public final class OffHeapAllocator {
    private OffHeapAllocator() {
    }

    /**
     * @param bytes requested size
     * @param callSite allocation call-site id, 0 if unknown
     * @return the address, 0 for a zero size (as {@code Unsafe})
     * @throws IllegalArgumentException for a negative size (as {@code Unsafe})
     */
    public static long allocate(long bytes, int callSite) {
        checkSize(bytes);
        if (bytes == 0) {
            return 0;
        }
        InterceptionGuard guard = InterceptionGuard.enter();
        try {
            // The stack is captured here, at the allocator's entry, and not in a helper: the JVM walks every frame
            // between the caller and the capture, and this leaves the vmalloc space's and the depot's frames out of
            // it, two of an allocation's and four of a free's (docs/performance.md, section 2, "Stacks read in
            // place, captured at the allocator's entry").
            StackCapture capture = RuntimeState.depot().records() ? new StackCapture() : null;
            return RuntimeState.space().allocate(bytes, VmallocSpace.PAGE, VmallocArea.Kind.UNSAFE, callSite, capture)
                    .start();
        } finally {
            guard.exit();
        }
    }

    /**
     * Moves an allocation to a new area of {@code bytes}: copies {@code min(old, new)} requested bytes and
     * frees the old area, so a stale pointer to it is a use-after-free.
     *
     * @param address the old address, 0 to allocate
     * @param bytes the new size, 0 to free
     * @param callSite allocation call-site id
     * @return the new address, 0 if {@code bytes} is 0 or the old pointer was reported invalid
     */
    public static long reallocate(long address, long bytes, int callSite) {
        checkSize(bytes);
        InterceptionGuard guard = InterceptionGuard.enter();
        try {
            return reallocateGuarded(address, bytes, callSite);
        } finally {
            guard.exit();
        }
    }

    private static long reallocateGuarded(long address, long bytes, int callSite) {
        if (address == 0) {
            return allocate(bytes, callSite);
        }
        if (!isArenaOrNull(address)) {
            return U.reallocateMemory(address, bytes);               // not ours
        }
        VmallocArea old = ShadowMapping.inArena(address) ? RuntimeState.space().liveAreaAt(address) : null;
        if (old == null || old.kind() == VmallocArea.Kind.THREAD_STACK) {
            free(address);                                           // reports double-free or invalid-free
            return 0;
        }
        if (bytes == 0) {
            free(address);
            return 0;
        }
        long fresh = allocate(bytes, callSite);
        U.copyMemory(address, fresh, Math.min(old.size(), bytes));
        free(address);
        return fresh;
    }

    /**
     * @param address an address returned by {@link #allocate}, or 0
     */
    public static void free(long address) {
        if (address == 0) {
            return;
        }
        InterceptionGuard guard = InterceptionGuard.enter();
        try {
            // Captured here for the reason allocate gives; only an arena address is ours to free.
            StackCapture capture = ShadowMapping.inArena(address) && RuntimeState.depot().records()
                    ? new StackCapture() : null;
            freeGuarded(address, capture);
        } finally {
            guard.exit();
        }
    }

    private static void freeGuarded(long address, StackCapture capture) {
        if (!ShadowMapping.inArena(address)) {
            if (Long.compareUnsigned(address, VmallocSpace.PAGE) < 0) {
                RuntimeState.reports().badFree(address, VmallocSpace.FreeStatus.INVALID_FREE); // would crash in free()
            } else {
                U.freeMemory(address);                                 // not ours
            }
            return;
        }
        // A thread stack belongs to the stack cache, never to freeMemory: refused as an invalid free.
        VmallocSpace.FreeStatus status = RuntimeState.space().freeAllocation(address, capture);
        if (status != VmallocSpace.FreeStatus.FREED) {
            RuntimeState.reports().badFree(address, status);
        }
    }

    /**
     * Whether a pointer is jkasan's to free or reallocate: an arena address, or one in the first page, which
     * the JDK's {@code free()} would crash on and jkasan reports as an invalid free instead. Any other
     * pointer came from the JDK's {@code malloc} (before the hooks, or on a guarded path) and goes back to it.
     *
     * @param address a non-zero pointer
     * @return whether {@link #free} and {@link #reallocate} handle it rather than the JDK
     */
    public static boolean isArenaOrNull(long address) {
        return ShadowMapping.inArena(address) || Long.compareUnsigned(address, VmallocSpace.PAGE) < 0;
    }

    private static void checkSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("jkasan: negative allocation size " + bytes);
        }
    }
}
