package io.jkasan.runtime.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkasan.runtime.testing.KasanExpectations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import jdk.internal.misc.Unsafe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * A rewritten call behaves as the original wherever no bug is reported: the original {@code Unsafe} method
 * is the oracle. A {@code null} receiver throws {@code NullPointerException} before any check (every bridge),
 * {@code Unsafe}'s own argument checks throw the same exception before any check (each family that has them),
 * and correct accesses return what the original returns (each family). Any report fails the test
 * ({@link KasanExpectations}).
 */
@ExtendWith(KasanExpectations.class)
class BridgeSemanticsTest {
    private static final Unsafe U = Unsafe.getUnsafe();

    @Test
    void every_bridge_throws_NullPointerException_for_a_null_receiver_before_checking() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (UnsafeMethod row : UnsafeMethods.all()) {
            Method bridge = bridge(row);
            Class<?>[] types = bridge.getParameterTypes();
            Object[] args = new Object[types.length];
            for (int i = 1; i < types.length; i++) {
                // Address 16 is in the null page: a check that ran first would report null-ptr-deref.
                args[i] = types[i] == long.class ? 16L : zero(types[i]);
            }
            try {
                bridge.invoke(null, args);
                wrong.add(row + ": returned");
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof NullPointerException)) {
                    wrong.add(row + ": threw " + e.getCause());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void argument_checks_of_unsafe_come_first_and_throw_the_same() {
        byte[] bytes = new byte[16];
        Object[] refs = new Object[2];
        sameThrow(() -> U.copyMemory(refs, 16, bytes, 16, 1),
                () -> InternalUnsafeHooks.copyMemory(U, refs, 16, bytes, 16, 1));
        sameThrow(() -> U.copyMemory(bytes, -1, bytes, 16, 1),
                () -> InternalUnsafeHooks.copyMemory(U, bytes, -1, bytes, 16, 1));
        sameThrow(() -> U.copyMemory(bytes, 16, bytes, 17, -1),
                () -> InternalUnsafeHooks.copyMemory(U, bytes, 16, bytes, 17, -1));
        sameThrow(() -> U.copyMemory(16, 32, -1), () -> InternalUnsafeHooks.copyMemory(U, 16, 32, -1));
        sameThrow(() -> U.setMemory(refs, 16, 1, (byte) 0), () -> InternalUnsafeHooks.setMemory(U, refs, 16, 1, (byte) 0));
        sameThrow(() -> U.setMemory(16, -1, (byte) 0), () -> InternalUnsafeHooks.setMemory(U, 16, -1, (byte) 0));
        sameThrow(() -> U.copySwapMemory(bytes, 16, bytes, 16, 6, 3),
                () -> InternalUnsafeHooks.copySwapMemory(U, bytes, 16, bytes, 16, 6, 3));
        sameThrow(() -> U.copySwapMemory(16, 32, 6, 4), () -> InternalUnsafeHooks.copySwapMemory(U, 16, 32, 6, 4));
        sameThrow(() -> U.allocateMemory(-1), () -> InternalUnsafeHooks.allocateMemory(U, -1, 0));
        sameThrow(() -> U.reallocateMemory(0, -1), () -> InternalUnsafeHooks.reallocateMemory(U, 0, -1, 0));
        Object sun = SunMisc.UNSAFE;
        sameThrow(() -> SunMisc.copyMemory(refs, 16, bytes, 16, 1),
                () -> SunMiscUnsafeHooks.copyMemory(sun, refs, 16, bytes, 16, 1));
        sameThrow(() -> SunMisc.setMemory(16, -1, (byte) 0), () -> SunMiscUnsafeHooks.setMemory(sun, 16, -1, (byte) 0));
        sameThrow(() -> SunMisc.allocateMemory(-1), () -> SunMiscUnsafeHooks.allocateMemory(sun, -1, 0));
    }

    @Test
    void correct_accesses_return_what_the_original_returns() {
        long[] original = {1, 2, 3, 4};
        long[] bridged = original.clone();
        long at = Unsafe.ARRAY_LONG_BASE_OFFSET + Unsafe.ARRAY_LONG_INDEX_SCALE;     // element 1
        // plain, volatile and unaligned reads and writes
        U.putLong(original, at, 42);
        InternalUnsafeHooks.putLong(U, bridged, at, 42);
        assertEquals(U.getLongVolatile(original, at), InternalUnsafeHooks.getLongVolatile(U, bridged, at));
        assertEquals(U.getIntUnaligned(original, at + 1), InternalUnsafeHooks.getIntUnaligned(U, bridged, at + 1));
        // compare-and-set, compare-and-exchange, get-and-add
        assertEquals(U.compareAndSetLong(original, at, 42, 7), InternalUnsafeHooks.compareAndSetLong(U, bridged, at, 42, 7));
        assertEquals(U.compareAndExchangeLong(original, at, 0, 9), InternalUnsafeHooks.compareAndExchangeLong(U, bridged, at, 0, 9));
        assertEquals(U.getAndAddLong(original, at, 5), InternalUnsafeHooks.getAndAddLong(U, bridged, at, 5));
        assertArrayEquals(original, bridged);
        // off-heap: allocate, set, copy, byte-swapping copy, reallocate, free
        long a = InternalUnsafeHooks.allocateMemory(U, 32, 0);
        InternalUnsafeHooks.setMemory(U, a, 32, (byte) 0x5a);
        InternalUnsafeHooks.putLong(U, a + 8, 0x0102030405060708L);
        InternalUnsafeHooks.copyMemory(U, null, a + 8, bridged, at, 8);
        assertEquals(0x0102030405060708L, bridged[1]);
        InternalUnsafeHooks.copySwapMemory(U, a + 8, a + 16, 8, 8);
        assertEquals(Long.reverseBytes(0x0102030405060708L), InternalUnsafeHooks.getLong(U, a + 16));
        assertEquals((byte) 0x5a, InternalUnsafeHooks.getByte(U, a + 31));
        long b = InternalUnsafeHooks.reallocateMemory(U, a, 64, 0);
        assertEquals(0x0102030405060708L, InternalUnsafeHooks.getLong(U, b + 8));
        InternalUnsafeHooks.freeMemory(U, b);
        assertEquals(0, InternalUnsafeHooks.allocateMemory(U, 0, 0));
        InternalUnsafeHooks.freeMemory(U, 0);
        // sun.misc.Unsafe: its CAS and ordered-put names map onto the internal methods
        Object sun = SunMisc.UNSAFE;
        assertEquals(true, SunMiscUnsafeHooks.compareAndSwapLong(sun, bridged, at, 0x0102030405060708L, 3));
        SunMiscUnsafeHooks.putOrderedLong(sun, bridged, at, 11);
        assertEquals(11, SunMiscUnsafeHooks.getLongVolatile(sun, bridged, at));
    }

    private static void sameThrow(Executable original, Executable bridged) {
        Throwable expected = assertThrows(Throwable.class, original);
        Throwable actual = assertThrows(Throwable.class, bridged);
        assertInstanceOf(expected.getClass(), actual);
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    private static Method bridge(UnsafeMethod row) throws ClassNotFoundException {
        for (Method m : Class.forName(row.hookClass().replace('/', '.')).getMethods()) {
            if (m.getName().equals(row.name()) && m.getParameterCount() == parameterCount(row)) {
                StringBuilder d = new StringBuilder("(");
                for (Class<?> p : m.getParameterTypes()) {
                    d.append(p.descriptorString());
                }
                if (d.append(')').append(m.getReturnType().descriptorString()).toString().equals(row.bridgeDescriptor())) {
                    return m;
                }
            }
        }
        throw new AssertionError("no bridge for " + row);
    }

    private static int parameterCount(UnsafeMethod row) {
        return HookSourceGenerator.parameterTypes(row.descriptor()).size() + 1 + (row.takesCallSite() ? 1 : 0);
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == char.class) {
            return (char) 0;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        return null;
    }

    /** The original {@code sun.misc.Unsafe}, through reflection: the runtime's tests do not compile against it. */
    private static final class SunMisc {
        static final Object UNSAFE = theUnsafe();

        static void copyMemory(Object src, long srcOffset, Object dst, long dstOffset, long bytes) throws Throwable {
            call("copyMemory", new Class<?>[] {Object.class, long.class, Object.class, long.class, long.class},
                    src, srcOffset, dst, dstOffset, bytes);
        }

        static void setMemory(long address, long bytes, byte value) throws Throwable {
            call("setMemory", new Class<?>[] {long.class, long.class, byte.class}, address, bytes, value);
        }

        static void allocateMemory(long bytes) throws Throwable {
            call("allocateMemory", new Class<?>[] {long.class}, bytes);
        }

        private static void call(String name, Class<?>[] types, Object... args) throws Throwable {
            try {
                UNSAFE.getClass().getMethod(name, types).invoke(UNSAFE, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static Object theUnsafe() {
            try {
                java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                f.setAccessible(true);
                Object unsafe = f.get(null);
                assertNotNull(unsafe);
                return unsafe;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
