package io.jkasan.runtime.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Reservation failures become one-line refusals of {@code arena}, naming the largest arena that fits. */
class ArenaReservationTest {
    private static final long M = 1L << 20;
    private static final long G = 1L << 30;

    /** Reserves anything up to a limit, like an address-space limit would; never maps anything. */
    private static final class LimitedBackend implements MemoryBackend {
        final long limit;
        int reserveCalls;

        LimitedBackend(long limit) {
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
            return "test";
        }
    }

    @Test
    void explicit_arena_that_fits_is_reserved_exactly_with_its_layout() {
        ArenaReservation r = ArenaReservation.reserve(options("arena=4g"), new LimitedBackend(8 * G));
        assertEquals(4 * G, r.arenaSize());
        assertEquals(0x7f0000008000L, r.arenaStart());               // aligned up to 32 KiB
        assertEquals(0x7f0000001000L + 4 * G + 32 * 1024, r.shadowStart());
    }

    @Test
    void explicit_arena_that_does_not_fit_names_the_largest_that_would() {
        // 3g of address space holds an arena a of a + a/8 + 36k bytes: 2720m is the largest 16m step.
        LimitedBackend backend = new LimitedBackend(3 * G);
        OptionException e = assertThrows(OptionException.class,
                () -> ArenaReservation.reserve(options("arena=4g"), backend));
        assertEquals("jkasan: bad value '4g' for arena (in the agent argument): cannot reserve 4g plus 512m of "
                + "shadow with test; expected at most 2720m, the largest arena that could be reserved now",
                e.getMessage());
        assertEquals(1, backend.reserveCalls, "an explicit arena is never shrunk");
        assertEquals(2720 * M, ArenaReservation.reserve(options("arena=2720m"), backend).arenaSize());
        assertThrows(OptionException.class, () -> ArenaReservation.reserve(options("arena=2736m"), backend));
    }

    @Test
    void nothing_fits() {
        OptionException e = assertThrows(OptionException.class,
                () -> ArenaReservation.reserve(options("arena=1t"), new LimitedBackend(8 * M)));
        assertEquals("jkasan: bad value '1t' for arena (in the agent argument): cannot reserve 1t plus 128g of "
                + "shadow with test; expected a smaller one, but not even 16m could be reserved now",
                e.getMessage());
    }

    @Test
    void default_arena_is_halved_until_it_fits() {
        assertEquals(8 * G, ArenaReservation.reserve(Options.defaults(), new LimitedBackend(10 * G)).arenaSize());
    }

    @Test
    void default_arena_refused_below_1g_names_the_largest_that_would_fit() {
        OptionException e = assertThrows(OptionException.class,
                () -> ArenaReservation.reserve(Options.defaults(), new LimitedBackend(600 * M)));
        assertEquals("jkasan: cannot reserve arena=64g (default) with test, nor its halves down to 1g (each plus "
                + "1/8 of shadow); set arena to at most 528m, the largest arena that could be reserved now",
                e.getMessage());
    }

    private static Options options(String agentArgument) {
        return Options.fromSources(agentArgument, new Properties(), Map.of());
    }
}
