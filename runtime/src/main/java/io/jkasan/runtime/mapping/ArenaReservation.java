package io.jkasan.runtime.mapping;

import io.jkasan.runtime.options.InstalledOptions;
import io.jkasan.runtime.options.Option;
import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.options.Sizes;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import java.util.List;
import java.util.function.Supplier;

/**
 * The arena and its shadow, reserved as one range at start-up, and where each lies in it:
 *
 * <pre>
 *   base ─ slack up to 32 KiB ─ arenaStart ─ arena (arenaSize) ─ shadowStart ─ shadow (arenaSize / 8) ─ spare page
 * </pre>
 *
 * <p>Reserving is the one step of start-up that depends on the machine rather than on the options alone,
 * so its failure is turned here into the same kind of one-line refusal as a malformed option: an
 * {@link OptionException} naming {@code arena} and the largest arena that could be reserved instead.
 *
 * <p>Only compile-time constants of {@link ShadowMapping} are read here, which does not initialise that
 * class: its initialiser takes its layout from this reservation.
 */
public final class ArenaReservation {
    /** The default arena is halved down to this before start-up is refused. */
    private static final long MIN_DEFAULT_ARENA = 1L << 30;
    /**
     * A backend followed by another halves the default arena down to this only: below it, a reservation
     * without commit at the full size is worth the next backend's start-up cost.
     */
    private static final long MIN_ARENA_BEFORE_NEXT_BACKEND = 16L << 30;
    /** Smallest arena, and the step of the search for the largest one that fits. */
    private static final long SEARCH_STEP = 16L << 20;

    private static volatile ArenaReservation installed;

    private final MemoryBackend backend;
    private final long base;
    private final long arenaSize;

    private ArenaReservation(MemoryBackend backend, long base, long arenaSize) {
        this.backend = backend;
        this.base = base;
        this.arenaSize = arenaSize;
    }

    /**
     * The process's one reservation, made on first use from the options in force ({@link InstalledOptions}).
     * {@code Startup.start} makes it first, outside any class initialiser, so that a refusal reaches the agent
     * as the {@link OptionException} itself rather than wrapped in an {@code ExceptionInInitializerError}.
     *
     * @return the reservation
     * @throws OptionException if the arena cannot be reserved
     */
    public static ArenaReservation installed() {
        ArenaReservation a = installed;
        if (a == null) {
            synchronized (ArenaReservation.class) {
                if (installed == null) {
                    installed = reserve(InstalledOptions.get());
                }
                a = installed;
            }
        }
        return a;
    }

    /**
     * Reserves the arena the options ask for, with the first backend that grants it
     * ({@link MemoryBackends#inOrder()}). An {@code arena} the user set is reserved exactly or refused. The
     * default (64 GiB) is halved while the kernel refuses it: with {@code malloc}, whose reservation counts
     * against the overcommit heuristic, down to 16 GiB (four nodes of the space) when {@code mmap(MAP_NORESERVE)}
     * can be tried next, else down to 1 GiB; the last backend halves it down to 1 GiB.
     *
     * @param options the options in force
     * @return the reservation
     * @throws OptionException one line naming {@code arena}, the last backend tried and the largest arena it
     *     could reserve now, if no backend can reserve the range
     */
    public static ArenaReservation reserve(Options options) {
        return reserve(options, MemoryBackends.inOrder());
    }

    /** {@link #reserve(Options)} with given backends (tests use ones that refuse above a size). */
    static ArenaReservation reserve(Options options, List<Supplier<MemoryBackend>> backends) {
        boolean mayShrink = !options.isSet(Option.ARENA);
        long requested = options.arenaSize();
        int last = backends.size() - 1;
        for (int i = 0; i < last; i++) {
            ArenaReservation r = tryHalves(backends.get(i).get(), requested,
                    mayShrink ? Math.min(requested, MIN_ARENA_BEFORE_NEXT_BACKEND) : requested);
            if (r != null) {
                return r;
            }
        }
        MemoryBackend backend = backends.get(last).get();
        long floor = mayShrink ? Math.min(requested, MIN_DEFAULT_ARENA) : requested;
        ArenaReservation r = tryHalves(backend, requested, floor);
        if (r == null) {
            throw refusal(options, backend, floor, largestBelow(backend, floor));
        }
        return r;
    }

    /**
     * @return the reservation of {@code size} or of its largest half not below {@code floor} that
     *     {@code backend} grants, or {@code null} if it grants none
     */
    private static ArenaReservation tryHalves(MemoryBackend backend, long size, long floor) {
        for (long s = size; s >= floor; s >>>= 1) {
            try {
                return new ArenaReservation(backend, backend.reserve(bytesFor(s)), s);
            } catch (ReservationException e) {
                // refused: the next half, or the next backend
            }
        }
        return null;
    }

    private static OptionException refusal(Options options, MemoryBackend backend, long failed, long largest) {
        String instead = largest > 0
                ? "at most " + Sizes.format(largest) + ", the largest arena that could be reserved now"
                : "a smaller one, but not even " + Sizes.format(SEARCH_STEP) + " could be reserved now";
        if (options.isSet(Option.ARENA)) {
            return options.refusal(Option.ARENA, "cannot reserve " + Sizes.format(failed) + " plus "
                    + Sizes.format(failed >>> ShadowBytes.SCALE_SHIFT) + " of shadow with " + backend.name()
                    + "; expected " + instead);
        }
        return new OptionException("jkasan: cannot reserve " + options.describe(Option.ARENA) + " with "
                + backend.name() + ", nor its halves down to " + Sizes.format(failed)
                + " (each plus 1/8 of shadow); set arena to " + instead);
    }

    /**
     * Finds the largest arena below {@code failed}, in steps of 16 MiB, that could be reserved now: first
     * the largest power of two, then a binary search up to the next one. Each probe reserves and releases
     * at once, so nothing stays mapped.
     *
     * @return the size, or -1 if not even 16 MiB could be reserved
     */
    private static long largestBelow(MemoryBackend backend, long failed) {
        long fits = -1;
        for (long p = Long.highestOneBit(failed - 1); p >= SEARCH_STEP; p >>>= 1) {
            if (backend.canReserve(bytesFor(p))) {
                fits = p;
                break;
            }
        }
        if (fits < 0) {
            return -1;
        }
        // Counted in steps: lo * SEARCH_STEP fits; hi * SEARCH_STEP does not, or is not below failed.
        long lo = fits / SEARCH_STEP;
        long hi = Math.floorDiv(Math.min(2 * fits, failed) + SEARCH_STEP - 1, SEARCH_STEP);
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (backend.canReserve(bytesFor(mid * SEARCH_STEP))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo * SEARCH_STEP;
    }

    /** Arena, alignment slack and shadow (plus a spare page for accesses at the very end), reserved at once. */
    private static long bytesFor(long arenaSize) {
        return arenaSize + ShadowMapping.SHADOW_PAGE_COVERAGE + (arenaSize >>> ShadowBytes.SCALE_SHIFT)
                + ShadowMapping.PAGE_SIZE;
    }

    /** @return the backend that made the reservation, which also discards pages in it */
    public MemoryBackend backend() {
        return backend;
    }

    /** @return the size of the arena, which is smaller than requested when the default had to be halved */
    public long arenaSize() {
        return arenaSize;
    }

    /**
     * @return the start of the arena, aligned to 32 KiB so that shadow pages line up with 32 KiB windows of
     *     it, as in the kernel
     */
    public long arenaStart() {
        return (base + ShadowMapping.SHADOW_PAGE_COVERAGE - 1) & -ShadowMapping.SHADOW_PAGE_COVERAGE;
    }

    /** @return the start of the arena's shadow, after the arena and the alignment slack */
    public long shadowStart() {
        return base + arenaSize + ShadowMapping.SHADOW_PAGE_COVERAGE;
    }
}
