package io.jkasan.runtime.check;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.state.RuntimeState;

/**
 * {@code Unsafe.allocateMemory}, {@code reallocateMemory} and {@code freeMemory} served from the emulated
 * vmalloc space, with {@code Unsafe}'s contract for zero sizes, null and negative sizes.
 *
 * <p>Memory jkasan did not allocate (outside the arena) is passed to the JDK's own {@code Unsafe}, so a
 * pointer made before the agent started, or by uninstrumented code, is still freed correctly.
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
        return RuntimeState.space().allocate(bytes, VmallocSpace.PAGE, VmallocArea.Kind.UNSAFE, callSite).start();
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
        if (address == 0) {
            return allocate(bytes, callSite);
        }
        if (!ShadowMapping.inArena(address) && Long.compareUnsigned(address, VmallocSpace.PAGE) >= 0) {
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
        if (!ShadowMapping.inArena(address)) {
            if (Long.compareUnsigned(address, VmallocSpace.PAGE) < 0) {
                RuntimeState.reports().badFree(address, VmallocSpace.FreeStatus.INVALID_FREE); // would crash in free()
            } else {
                U.freeMemory(address);                                 // not ours
            }
            return;
        }
        VmallocArea live = RuntimeState.space().liveAreaAt(address);
        if (live != null && live.kind() == VmallocArea.Kind.THREAD_STACK) {
            // A thread stack belongs to the stack cache, never to freeMemory.
            RuntimeState.reports().badFree(address, VmallocSpace.FreeStatus.INVALID_FREE);
            return;
        }
        VmallocSpace.FreeStatus status = RuntimeState.space().free(address);
        if (status != VmallocSpace.FreeStatus.FREED) {
            RuntimeState.reports().badFree(address, status);
        }
    }

    private static void checkSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("jkasan: negative allocation size " + bytes);
        }
    }
}
