package io.jkasan.runtime.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A capture read in place is the probe of the depot's lookup: equal to the stored key of its stack only. */
class BacktraceTest {
    private static Backtrace here() {
        Backtrace b = Backtraces.of(new Throwable());
        assertNotNull(b, "HotSpot's backtrace layout was not recognised");
        return b;
    }

    private static Backtrace[] twoFromOneLine() {
        Backtrace[] b = new Backtrace[2];
        for (int i = 0; i < 2; i++) {
            b[i] = here();
        }
        return b;
    }

    @Test
    void a_probe_and_the_key_of_the_same_stack_are_equal_both_ways() {
        Backtrace[] b = twoFromOneLine();
        StackKey key = b[0].toKey();
        assertEquals(key, b[1]);
        assertEquals(b[1], key);
        assertEquals(key.hashCode(), b[1].hashCode());
        assertEquals(key, b[1].toKey());
    }

    @Test
    void a_probe_and_the_key_of_another_stack_differ_both_ways() {
        StackKey key = here().toKey();
        Backtrace other = here();                                     // another line of this method
        assertNotEquals(key, other);
        assertNotEquals(other, key);
        assertNotEquals(key, other.toKey());
    }

    @Test
    void a_probe_finds_the_stored_key_of_its_stack() {
        Backtrace[] b = twoFromOneLine();
        ConcurrentHashMap<StackKey, String> depot = new ConcurrentHashMap<>();
        depot.put(b[0].toKey(), "stored");
        assertSame("stored", depot.get(b[1]));
    }

    @Test
    void the_key_holds_every_frame_innermost_first() {
        Throwable t = new Throwable();
        StackKey key = Backtraces.of(t).toKey();
        assertSame(BacktraceTest.class, key.innermostClass());
        assertEquals(t.getStackTrace().length, key.depth());
    }
}
