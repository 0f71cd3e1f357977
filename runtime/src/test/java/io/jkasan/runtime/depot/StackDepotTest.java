package io.jkasan.runtime.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The stack depot stores each distinct stack once. */
class StackDepotTest {
    private final StackDepot depot = new StackDepot(8);

    StackRecord first() {
        return depot.save();
    }

    StackRecord second() {
        return depot.save();
    }

    StackRecord overload(int x) {
        return depot.save();
    }

    StackRecord overload(long x) {
        return depot.save();
    }

    /** Same code as {@link TwinB}: its frame differs from TwinB's only in its class. */
    static final class TwinA {
        static StackRecord save(StackDepot d) {
            return d.save();
        }
    }

    /** Same code as {@link TwinA}. */
    static final class TwinB {
        static StackRecord save(StackDepot d) {
            return d.save();
        }
    }

    private StackRecord viaReflection(String name) throws Exception {
        Method m = StackDepotTest.class.getDeclaredMethod(name);
        return (StackRecord) m.invoke(this);           // one call site for both methods
    }

    @Test
    void the_same_stack_is_stored_once() throws Exception {
        StackRecord[] saved = new StackRecord[2];
        for (int i = 0; i < 2; i++) {
            saved[i] = viaReflection("first");            // one call path, twice
        }
        assertSame(saved[0], saved[1]);
        assertEquals(1, depot.size());
    }

    @Test
    void methods_with_equal_bytecode_indices_on_one_path_stay_apart() throws Exception {
        StackRecord a = viaReflection("first");
        StackRecord b = viaReflection("second");
        assertNotSame(a, b);
        assertEquals("first", a.resolve().get(0).methodName());
        assertEquals("second", b.resolve().get(0).methodName());
    }

    @Test
    void depth_zero_records_nothing() {
        assertNull(new StackDepot(0).save());
    }

    @Test
    void depth_is_capped_and_jkasan_frames_are_left_out() {
        StackRecord r = first();
        assertEquals(8, r.depth());
        assertEquals(StackDepotTest.class.getName(), r.resolve().get(0).className());
    }

    @Test
    void overloads_with_equal_bytecode_indices_on_one_path_stay_apart() throws Exception {
        StackRecord[] saved = new StackRecord[2];
        Class<?>[] parameters = {int.class, long.class};
        Object[] arguments = {1, 1L};
        for (int i = 0; i < 2; i++) {
            Method m = StackDepotTest.class.getDeclaredMethod("overload", parameters[i]);
            saved[i] = (StackRecord) m.invoke(this, arguments[i]);   // one call site for both overloads
        }
        assertNotSame(saved[0], saved[1]);
        assertEquals(2, depot.size());
        assertEquals("overload", saved[0].resolve().get(0).methodName());
    }

    @Test
    void the_jvm_backtrace_is_the_key_on_this_jvm() {
        assertTrue(Backtraces.available(), "HotSpot's backtrace layout was not recognised");
        StackRecord[] saved = new StackRecord[2];
        for (int i = 0; i < 2; i++) {
            saved[i] = first();                                       // one call site, twice
        }
        assertSame(saved[0], saved[1]);
        assertNotSame(saved[0], first(), "another call site is another stack");
    }

    @Test
    void classes_with_equal_methods_and_bytecode_indices_on_one_path_stay_apart() throws Exception {
        StackRecord[] saved = new StackRecord[2];
        Class<?>[] twins = {TwinA.class, TwinB.class};
        for (int i = 0; i < 2; i++) {
            Method m = twins[i].getDeclaredMethod("save", StackDepot.class);
            saved[i] = (StackRecord) m.invoke(null, depot);           // one call site for both classes
        }
        assertNotSame(saved[0], saved[1]);
        assertEquals(2, depot.size());
        assertEquals(TwinA.class.getName(), saved[0].resolve().get(0).className());
        assertEquals(TwinB.class.getName(), saved[1].resolve().get(0).className());
    }

    @Test
    void a_capture_made_by_the_caller_keys_the_stack_it_saves() {
        StackRecord[] saved = new StackRecord[2];
        for (int i = 0; i < 2; i++) {
            StackCapture capture = new StackCapture();                // one line, twice
            saved[i] = depot.save(capture);
        }
        assertSame(saved[0], saved[1]);
        assertEquals("a_capture_made_by_the_caller_keys_the_stack_it_saves", saved[0].resolve().get(0).methodName());
        assertNotSame(saved[0], depot.save(new StackCapture()), "a capture on another line is another stack");
    }

    @Test
    void no_capture_is_no_record() {
        assertNull(depot.save(null));
        assertNull(new StackDepot(0).save(new StackCapture()));
    }
}
