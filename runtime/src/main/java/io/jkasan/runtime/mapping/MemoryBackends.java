package io.jkasan.runtime.mapping;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link MemoryBackend}s that may reserve the arena on the running JDK, in the order
 * {@link ArenaReservation} tries them.
 *
 * <p>{@code malloc} comes first everywhere: it costs nothing to set up. The FFM {@code Linker} that calls
 * {@code mmap(MAP_NORESERVE)} on JDK 22+ costs about 100 ms of start-up for its first link (docs/performance.md,
 * section 4), so it is linked only when the kernel refuses {@code malloc} the arena: an arena larger than its
 * overcommit heuristic grants in one piece (memory plus swap).
 */
public final class MemoryBackends {
    /** Binary name of the FFM backend, compiled at release 22 and loaded only on JDK 22+. */
    static final String MMAP_BACKEND = "io.jkasan.runtime.mapping.ffm.MmapBackend";
    /** The first release with the final FFM API. */
    private static final int FIRST_FFM_RELEASE = 22;

    private MemoryBackends() {
    }

    /**
     * @return the backends to try in order: {@code malloc}, then on JDK 22+ {@code mmap}; each is created only
     *     when it is tried
     */
    public static List<Supplier<MemoryBackend>> inOrder() {
        return Runtime.version().feature() >= FIRST_FFM_RELEASE
                ? List.of(Candidate.MALLOC, Candidate.MMAP)
                : List.of(Candidate.MALLOC);
    }

    /** A backend created on demand (constants rather than lambdas: no class is spun at start-up for them). */
    private enum Candidate implements Supplier<MemoryBackend> {
        MALLOC {
            @Override
            public MemoryBackend get() {
                return new MallocBackend();
            }
        },
        MMAP {
            @Override
            public MemoryBackend get() {
                try {
                    Class<?> c = Class.forName(MMAP_BACKEND, true, MemoryBackends.class.getClassLoader());
                    return (MemoryBackend) c.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new IllegalStateException("jkasan: cannot load the mmap memory backend: " + e, e);
                }
            }
        }
    }
}
