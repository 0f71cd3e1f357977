package io.jkasan.agent.instr.targets;

import sun.misc.Unsafe;

/** Straight runs of {@code Unsafe} calls, merged into one span check or not; grouping-analysis target. */
@SuppressWarnings({"removal", "deprecation"})
public final class SpanTarget {
    private static final Unsafe U = theUnsafe();

    private static Unsafe theUnsafe() {
        try {
            java.lang.reflect.Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A record {@code [int length][long id][byte flag]} at {@code p}: one group of three. */
    public static long codec(long p) {
        int len = U.getInt(p);
        U.putLong(p + 4, len);
        return U.getByte(p + 12) + len;
    }

    /** The address local is stored between the calls: no group. */
    static int storeBetween(long p, long q) {
        int a = U.getInt(p);
        p = q;
        return a + U.getInt(p + 4);
    }

    /** Another call between the two: no group. */
    static int callBetween(long p) {
        int a = U.getInt(p);
        helper();
        return a + U.getInt(p + 4);
    }

    /** A branch target between the two: no group. */
    static int branchBetween(long p, boolean c) {
        int a = U.getInt(p);
        if (c) {
            a++;
        }
        return a + U.getInt(p + 4);
    }

    /** {@code (byte[] base, (long) int index + constant)}: one group over the array. */
    public static int arrayWidened(byte[] a, int i) {
        int x = U.getInt(a, 16L + i);
        U.putInt(a, 20L + i, x);
        return x;
    }

    /** Two calls further apart than one span may reach: no group. */
    static long tooFar(long p) {
        return U.getLong(p) + U.getLong(p + 4096);
    }

    /** Two interleaved groups, one per address local. */
    static int interleaved(long p, long q) {
        return U.getInt(p) + U.getInt(q) + U.getInt(p + 4) + U.getInt(q + 4);
    }

    /** A {@code null} base is an absolute address: one group. */
    static int nullBase(long p) {
        return U.getInt(null, p) + U.getInt(null, p + 4);
    }

    /** A static field of a class not used before in the run may initialise it: no group. */
    static int otherClassField(long p) {
        int a = U.getInt(p);
        a += Holder.value;
        return a + U.getInt(p + 4);
    }

    /** The second call's address is loaded before the first call runs: one group. */
    static void nested(long p) {
        U.putLong(p + 8, U.getLong(p));
    }

    private static void helper() {
    }

    /** A class whose static field is read between two calls. */
    static final class Holder {
        static int value = 1;
    }
}
