package io.jkasan.runtime.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The arena comes from the first backend that grants it; failures become one-line refusals of {@code arena},
 * naming the largest arena that fits.
 */
class ArenaReservationTest {
    private static final long M = 1L << 20;
    private static final long G = 1L << 30;

    /** Reserves anything up to a limit, like an address-space limit would; never maps anything. */
    private static final class LimitedBackend implements MemoryBackend {
        final String name;
        final long limit;
        int reserveCalls;

        LimitedBackend(long limit) {
            this("test", limit);
        }

        LimitedBackend(String name, long limit) {
            this.name = name;
            this.limit = limit;
        }

        @Override
        public long reserve(long bytes) throws ReservationException {
            reserveCalls++;
            if (bytes > limit) {
                throw new ReservationException(name(), bytes, "over the limit");
            }
            return 0x7f0000001000L;
        }

        @Override
        public boolean canReserve(long bytes) {
            return bytes <= limit;
        }

        @Override
        public void discardFallback(long address, long bytes) {
        }

        @Override
        public String name() {
            return name;
        }
    }

    @Test
    void explicit_arena_that_fits_is_reserved_exactly_with_its_layout() {
        ArenaReservation r = reserve(options("arena=4g"), new LimitedBackend(8 * G));
        assertEquals(4 * G, r.arenaSize());
        assertEquals(0x7f0000008000L, r.arenaStart());               // aligned up to 32 KiB
        assertEquals(0x7f0000001000L + 4 * G + 32 * 1024, r.shadowStart());
    }

    @Test
    void explicit_arena_that_does_not_fit_names_the_largest_that_would() {
        // 3g of address space holds an arena a of a + a/8 + 36k bytes: 2720m is the largest 16m step.
        LimitedBackend backend = new LimitedBackend(3 * G);
        OptionException e = assertThrows(OptionException.class,
                () -> reserve(options("arena=4g"), backend));
        assertEquals("jkasan: bad value '4g' for arena (in the agent argument): cannot reserve 4g plus 512m of "
                + "shadow with test; expected at most 2720m, the largest arena that could be reserved now",
                e.getMessage());
        assertEquals(1, backend.reserveCalls, "an explicit arena is never shrunk");
        assertEquals(2720 * M, reserve(options("arena=2720m"), backend).arenaSize());
        assertThrows(OptionException.class, () -> reserve(options("arena=2736m"), backend));
    }

    @Test
    void nothing_fits() {
        OptionException e = assertThrows(OptionException.class,
                () -> reserve(options("arena=1t"), new LimitedBackend(8 * M)));
        assertEquals("jkasan: bad value '1t' for arena (in the agent argument): cannot reserve 1t plus 128g of "
                + "shadow with test; expected a smaller one, but not even 16m could be reserved now",
                e.getMessage());
    }

    @Test
    void default_arena_is_halved_until_it_fits() {
        assertEquals(8 * G, reserve(Options.defaults(), new LimitedBackend(10 * G)).arenaSize());
    }

    @Test
    void default_arena_refused_below_1g_names_the_largest_that_would_fit() {
        OptionException e = assertThrows(OptionException.class,
                () -> reserve(Options.defaults(), new LimitedBackend(600 * M)));
        assertEquals("jkasan: cannot reserve arena=64g (default) with test, nor its halves down to 1g (each plus "
                + "1/8 of shadow); set arena to at most 528m, the largest arena that could be reserved now",
                e.getMessage());
    }

    @Test
    void default_arena_comes_from_the_first_backend_down_to_16g_and_the_next_is_never_made() {
        LimitedBackend malloc = new LimitedBackend("malloc", 20 * G);
        Made mmap = new Made(new LimitedBackend("mmap", 1L << 40));
        ArenaReservation r = ArenaReservation.reserve(Options.defaults(), List.of(() -> malloc, mmap));
        assertSame(malloc, r.backend());
        assertEquals(16 * G, r.arenaSize());
        assertEquals(3, malloc.reserveCalls, "64g, 32g, 16g");
        assertEquals(0, mmap.made, "the next backend is not even created");
    }

    @Test
    void default_arena_refused_down_to_16g_is_reserved_whole_by_the_next_backend() {
        LimitedBackend malloc = new LimitedBackend("malloc", 10 * G);
        LimitedBackend mmap = new LimitedBackend("mmap", 1L << 40);
        ArenaReservation r = ArenaReservation.reserve(Options.defaults(), List.of(() -> malloc, () -> mmap));
        assertSame(mmap, r.backend());
        assertEquals(64 * G, r.arenaSize());
        assertEquals(3, malloc.reserveCalls, "halved only down to 16g before the next backend");
    }

    @Test
    void default_arena_refused_by_both_is_halved_by_the_last_down_to_1g_and_refused_naming_it() {
        LimitedBackend malloc = new LimitedBackend("malloc", 600 * M);
        LimitedBackend mmap = new LimitedBackend("mmap", 1200 * M);
        assertEquals(G, ArenaReservation.reserve(Options.defaults(), List.of(() -> malloc, () -> mmap)).arenaSize());
        OptionException e = assertThrows(OptionException.class, () -> ArenaReservation.reserve(Options.defaults(),
                List.of(() -> malloc, () -> new LimitedBackend("mmap", 700 * M))));
        assertEquals("jkasan: cannot reserve arena=64g (default) with mmap, nor its halves down to 1g (each plus "
                + "1/8 of shadow); set arena to at most 608m, the largest arena that could be reserved now",
                e.getMessage());
    }

    @Test
    void explicit_arena_is_reserved_exactly_by_the_first_backend_that_grants_it() {
        LimitedBackend malloc = new LimitedBackend("malloc", 8 * G);
        Made mmap = new Made(new LimitedBackend("mmap", 1L << 40));
        assertSame(malloc, ArenaReservation.reserve(options("arena=4g"), List.of(() -> malloc, mmap)).backend());
        assertEquals(0, mmap.made);
        ArenaReservation big = ArenaReservation.reserve(options("arena=64g"), List.of(() -> malloc, mmap));
        assertSame(mmap.backend, big.backend());
        assertEquals(64 * G, big.arenaSize());
        assertEquals(2, malloc.reserveCalls, "4g once, 64g once: an explicit arena is never shrunk");
    }

    @Test
    void explicit_arena_refused_by_every_backend_names_the_last_and_the_largest_it_would_grant() {
        LimitedBackend malloc = new LimitedBackend("malloc", G);
        LimitedBackend mmap = new LimitedBackend("mmap", 3 * G);
        OptionException e = assertThrows(OptionException.class,
                () -> ArenaReservation.reserve(options("arena=4g"), List.of(() -> malloc, () -> mmap)));
        assertEquals("jkasan: bad value '4g' for arena (in the agent argument): cannot reserve 4g plus 512m of "
                + "shadow with mmap; expected at most 2720m, the largest arena that could be reserved now",
                e.getMessage());
        assertEquals(1, mmap.reserveCalls);
    }

    /** Counts how often the backend is asked for, as {@link MemoryBackends#inOrder()} creates each on demand. */
    private static final class Made implements Supplier<MemoryBackend> {
        final MemoryBackend backend;
        int made;

        Made(MemoryBackend backend) {
            this.backend = backend;
        }

        @Override
        public MemoryBackend get() {
            made++;
            return backend;
        }
    }

    /** One backend, as on JDK 17 and 21. */
    private static ArenaReservation reserve(Options options, MemoryBackend backend) {
        return ArenaReservation.reserve(options, List.of(() -> backend));
    }

    private static Options options(String agentArgument) {
        return Options.fromSources(agentArgument, new Properties(), Map.of());
    }
}
