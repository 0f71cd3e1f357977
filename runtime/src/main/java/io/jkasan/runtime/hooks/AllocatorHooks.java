package io.jkasan.runtime.hooks;

import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.jdk.InterceptionGuard;

/**
 * The allocator interception at the callee, as ASan intercepts {@code malloc}: the agent injects calls to these
 * methods at the entry of {@code jdk.internal.misc.Unsafe.allocateMemory}, {@code reallocateMemory} and
 * {@code freeMemory}, which {@code sun.misc.Unsafe}, {@code ByteBuffer.allocateDirect} and its cleaner, FFM
 * arenas and every reflective or {@code MethodHandle} caller reach (docs/design.md, "Allocator interception").
 * Each injected prologue asks whether jkasan takes the call and, if so, returns what jkasan returns instead of
 * running the original body:
 *
 * <pre>
 *   if (AllocatorHooks.interceptsAllocate(bytes)) return AllocatorHooks.allocateMemory(bytes);
 *   if (AllocatorHooks.interceptsReallocate(address, bytes)) return AllocatorHooks.reallocateMemory(address, bytes);
 *   if (AllocatorHooks.freeMemory(address)) return;
 * </pre>
 *
 * <p>What jkasan leaves to the original body keeps {@code Unsafe}'s contract exactly
 * ({@code jdk/internal/misc/Unsafe.java}): a negative size throws the JDK's own
 * {@code IllegalArgumentException}, a zero size returns 0 (a zero-size reallocation frees through the hooked
 * {@code freeMemory}), freeing 0 does nothing, and a pointer outside the arena (made before the hooks were
 * installed, or on a path that bypasses jkasan) is reallocated or freed by the JDK's {@code realloc} and
 * {@code free}. Every arena address, however it arrives, goes back to the arena: none reaches {@code free()}.
 *
 * <p>Public, and called from {@code java.base}: the agent makes {@code java.base} read the runtime's module.
 */
public final class AllocatorHooks {
    private AllocatorHooks() {
    }

    /**
     * @param bytes the size passed to {@code allocateMemory}
     * @return whether jkasan serves it: a positive size, on a thread that is not inside jkasan's allocator
     */
    public static boolean interceptsAllocate(long bytes) {
        return bytes > 0 && !InterceptionGuard.isInside();
    }

    /**
     * Serves {@code Unsafe.allocateMemory} from the vmalloc space: an area of exactly {@code bytes} (the JDK's
     * rounding to 8 is not applied, so an overflow into the rounding is caught; the area is page-aligned).
     *
     * @param bytes a positive size
     * @return the area's address
     * @throws OutOfMemoryError naming the arena if the vmalloc space is exhausted
     */
    public static long allocateMemory(long bytes) {
        return OffHeapAllocator.allocate(bytes, CallSites.UNKNOWN);
    }

    /**
     * @param address the pointer passed to {@code reallocateMemory}
     * @param bytes the new size
     * @return whether jkasan serves it: a positive size, and either an arena pointer (or one in the first
     *     page) or 0 on a thread that is not inside jkasan's allocator
     */
    public static boolean interceptsReallocate(long address, long bytes) {
        if (bytes <= 0) {
            return false;
        }
        return address == 0 ? !InterceptionGuard.isInside() : OffHeapAllocator.isArenaOrNull(address);
    }

    /**
     * Serves {@code Unsafe.reallocateMemory}: a new area, the old one's bytes copied, the old one freed.
     *
     * @param address 0 or a pointer {@link #interceptsReallocate} accepted
     * @param bytes a positive size
     * @return the new area's address, or 0 if the old pointer was reported as a bad free
     */
    public static long reallocateMemory(long address, long bytes) {
        return OffHeapAllocator.reallocate(address, bytes, CallSites.UNKNOWN);
    }

    /**
     * Frees an arena pointer (or reports a bad one), whatever the calling thread is doing.
     *
     * @param address the pointer passed to {@code freeMemory}
     * @return {@code true} if jkasan took the free; {@code false} for 0 and for pointers outside the arena,
     *     which the original body passes to the JDK's {@code free}
     */
    public static boolean freeMemory(long address) {
        if (address == 0 || !OffHeapAllocator.isArenaOrNull(address)) {
            return false;
        }
        OffHeapAllocator.free(address);
        return true;
    }
}
