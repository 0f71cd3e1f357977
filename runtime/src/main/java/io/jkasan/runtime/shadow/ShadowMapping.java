package io.jkasan.runtime.shadow;

import io.jkasan.runtime.mapping.MemoryBackend;
import io.jkasan.runtime.mapping.MemoryBackends;
import io.jkasan.runtime.options.InstalledOptions;

/**
 * The geometry of the emulated vmalloc space and its shadow (≈ ASan's {@code asan_mapping.h}).
 *
 * <pre>
 *   real process address space
 *   ┌────────────────────────────────────────────┐ ARENA_START (page aligned, from mmap MAP_NORESERVE)
 *   │ emulated vmalloc space ("arena")            │  areas: [requested][page tail][guard page] ...
 *   │ ARENA_SIZE bytes (option arena, 64 GiB)     │  first fit, lowest address, free neighbours merged
 *   └────────────────────────────────────────────┘ ARENA_START + ARENA_SIZE
 *   ┌────────────────────────────────────────────┐ SHADOW_START
 *   │ shadow: one byte per 8-byte granule         │  shadow(a) = SHADOW_START + ((a - ARENA_START) >>> 3)
 *   │ ARENA_SIZE / 8 bytes (+ one spare page)     │  one 4 KiB shadow page covers 32 KiB of arena
 *   └────────────────────────────────────────────┘
 * </pre>
 *
 * <p>The values are {@code static final} so the JIT folds them into every inlined check. They are fixed
 * when this class initialises, from the options the agent installed in {@link InstalledOptions}.
 */
public final class ShadowMapping {
    /** Page size of the emulated space (x86-64 {@code PAGE_SIZE}). */
    public static final long PAGE_SIZE = 4096;
    /** Arena bytes covered by one shadow page: {@code PAGE_SIZE * KASAN_GRANULE_SIZE} = 32 KiB. */
    public static final long SHADOW_PAGE_COVERAGE = PAGE_SIZE << ShadowBytes.SCALE_SHIFT;

    /** Smallest arena the default falls back to. */
    private static final long MIN_DEFAULT_ARENA = 1L << 30;

    /** The backend that reserved the memory. */
    public static final MemoryBackend BACKEND;
    /** Start of the arena. */
    public static final long ARENA_START;
    /** Size of the arena in bytes. */
    public static final long ARENA_SIZE;
    /** Start of the shadow of the arena. */
    public static final long SHADOW_START;

    static {
        io.jkasan.runtime.options.Options options = InstalledOptions.get();
        boolean explicit = options.explicitValue(io.jkasan.runtime.options.Option.ARENA) != null;
        MemoryBackend backend = MemoryBackends.select();
        long size = options.arenaSize();
        long raw;
        while (true) {
            try {
                raw = backend.reserve(reservation(size));
                break;
            } catch (OutOfMemoryError e) {
                // The malloc fallback (JDK < 22) cannot use MAP_NORESERVE, so the kernel's overcommit
                // heuristic may refuse 64 GiB; when the user did not ask for a size, take the largest
                // power-of-two arena it grants.
                if (explicit || size <= MIN_DEFAULT_ARENA) {
                    throw new OutOfMemoryError("jkasan: cannot reserve a " + size + "-byte arena with "
                            + backend.name() + "; choose a smaller one, e.g. arena=4g");
                }
                size >>>= 1;
            }
        }
        BACKEND = backend;
        ARENA_SIZE = size;
        // Align the arena to 32 KiB so that shadow pages line up with 32 KiB windows of it, as in the kernel.
        ARENA_START = (raw + SHADOW_PAGE_COVERAGE - 1) & -SHADOW_PAGE_COVERAGE;
        SHADOW_START = raw + size + SHADOW_PAGE_COVERAGE;
    }

    /** Arena, alignment slack and shadow (plus a spare page for accesses at the very end), reserved at once. */
    private static long reservation(long arenaSize) {
        return arenaSize + SHADOW_PAGE_COVERAGE + (arenaSize >>> ShadowBytes.SCALE_SHIFT) + PAGE_SIZE;
    }

    private ShadowMapping() {
    }

    /**
     * @param address any address
     * @return whether it lies in the arena
     */
    public static boolean inArena(long address) {
        return Long.compareUnsigned(address - ARENA_START, ARENA_SIZE) < 0;
    }

    /**
     * @param address an arena address
     * @return the address of its shadow byte ({@code kasan_mem_to_shadow})
     */
    public static long memToShadow(long address) {
        return SHADOW_START + ((address - ARENA_START) >>> ShadowBytes.SCALE_SHIFT);
    }
}
