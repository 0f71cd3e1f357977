package io.jkasan.runtime.shadow;

import io.jkasan.runtime.mapping.ArenaReservation;
import io.jkasan.runtime.mapping.MemoryBackend;

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
 * when this class initialises, from the {@link ArenaReservation#installed() reservation} made at start-up.
 * {@link #PAGE_SIZE} and {@link #SHADOW_PAGE_COVERAGE} must stay compile-time constants: the reservation
 * reads them before this class may be initialised.
 */
public final class ShadowMapping {
    /** Page size of the emulated space (x86-64 {@code PAGE_SIZE}). */
    public static final long PAGE_SIZE = 4096;
    /** Arena bytes covered by one shadow page: {@code PAGE_SIZE * KASAN_GRANULE_SIZE} = 32 KiB. */
    public static final long SHADOW_PAGE_COVERAGE = PAGE_SIZE << ShadowBytes.SCALE_SHIFT;

    /** The backend that reserved the memory. */
    public static final MemoryBackend BACKEND;
    /** Start of the arena. */
    public static final long ARENA_START;
    /** Size of the arena in bytes. */
    public static final long ARENA_SIZE;
    /** Start of the shadow of the arena. */
    public static final long SHADOW_START;

    static {
        // Normally reserved already by Startup.start, where a refusal reaches the agent unwrapped.
        ArenaReservation arena = ArenaReservation.installed();
        BACKEND = arena.backend();
        ARENA_SIZE = arena.arenaSize();
        ARENA_START = arena.arenaStart();
        SHADOW_START = arena.shadowStart();
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
