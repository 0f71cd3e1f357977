package io.jkasan.agent.instr.targets;

import sun.misc.Unsafe;

/** Loops over {@code Unsafe} accesses, versioned with one hoisted check or left alone; loop-analysis target. */
@SuppressWarnings({"removal", "deprecation"})
public final class LoopTarget {
    private static final Unsafe U = theUnsafe();
    private static final long BYTE_BASE = Unsafe.ARRAY_BYTE_BASE_OFFSET;
    private static int calls;

    private static Unsafe theUnsafe() {
        try {
            java.lang.reflect.Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A pointer-bumping read loop: versioned. */
    public static long sum(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            sum += U.getLong(p);
        }
        return sum;
    }

    /** A pointer-bumping write loop: versioned. */
    public static long fill(long address, long bytes) {
        long v = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            U.putLong(p, v++);
        }
        return v;
    }

    /**
     * Packed 13-byte records {@code [int length][long id][byte flag]}, read, written and read, with a branch in
     * the body: versioned over the three fields.
     */
    public static long records(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 13) {
            int len = U.getInt(p);
            if (len > 0) {
                U.putLong(p + 4, len + sum);
            }
            sum += U.getByte(p + 12);
        }
        return sum;
    }

    /** An offset into a {@code byte[]}, from {@code BYTE_BASE} to its end, as array-backed buffers walk: versioned. */
    public static long arrayOffsets(byte[] a) {
        long sum = 0;
        for (long p = BYTE_BASE, end = BYTE_BASE + a.length; p < end; p++) {
            sum += U.getByte(a, p);
        }
        return sum;
    }

    /** An {@code int} index over a {@code byte[]} plus a constant offset, bounded by its length: versioned. */
    public static long arrayIndex(byte[] a) {
        long sum = 0;
        for (int i = 0, n = a.length - 16; i < n; i++) {
            sum += U.getByte(a, 16L + i);
        }
        return sum;
    }

    /** An {@code int} index over an absolute address, bounded by a local: versioned. */
    public static long intIndex(long address, int count) {
        long sum = 0;
        for (int i = 0; i < count; i += 4) {
            sum += U.getInt(address + i);
        }
        return sum;
    }

    /** A {@code long} index times the element size, in {@code long}: versioned with scale 8. */
    public static long scaledLong(long address, long count) {
        long sum = 0;
        for (long i = 0; i < count; i++) {
            sum += U.getLong(address + i * 8);
        }
        return sum;
    }

    /** An {@code int} index times the element size, in {@code int} (it could wrap): versioned with scale 4. */
    public static int scaledInt(long address, int count) {
        for (int i = 0; i < count; i++) {
            U.putInt(address + i * 4, i);
        }
        return count;
    }

    /**
     * An {@code int} index shifted, in {@code long}, into a {@code long[]}, bounded by its length less two:
     * versioned with scale 8.
     */
    public static long shiftedArray(long[] a) {
        long sum = 0;
        for (int i = 0; i < a.length - 2; i++) {
            sum += U.getLong(a, 16L + ((long) i << 3));
        }
        return sum;
    }

    /** The loop leaves by a {@code break}: not versioned. */
    static long withBreak(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            long v = U.getLong(p);
            if (v == 0) {
                break;
            }
            sum += v;
        }
        return sum;
    }

    /** The body calls another method, which could free the memory: not versioned. */
    static long withCall(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            sum += U.getLong(p);
            helper();
        }
        return sum;
    }

    /** The body writes the bound: not versioned. */
    static long boundWritten(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            sum += U.getLong(p);
            end -= 0;
        }
        return sum;
    }

    /** The address is not the variable plus a constant: not versioned. */
    static long indirect(long address, int[] offsets) {
        long sum = 0;
        for (int i = 0; i < offsets.length; i++) {
            sum += U.getLong(address + offsets[i]);
        }
        return sum;
    }

    /** A pointer counting down, {@code p >= address}: versioned. */
    public static long downwards(long address, long bytes) {
        long sum = 0;
        for (long p = address + bytes - 8; p >= address; p -= 8) {
            sum += U.getLong(p);
        }
        return sum;
    }

    /** An {@code int} index counting down to 0, {@code i >= 0}: versioned. */
    public static long intDownwards(long address, int count) {
        long sum = 0;
        for (int i = count - 1; i >= 0; i--) {
            sum += U.getByte(address + i);
        }
        return sum;
    }

    /** The head tests {@code i <= n}, a shape not taken: not versioned. */
    static long wrongWay(long address, int n) {
        long sum = 0;
        for (int i = 0; i <= n; i++) {
            sum += U.getByte(address + i);
        }
        return sum;
    }

    /** The inner loop is versioned; the outer one, whose body holds it, is not. */
    public static long nested(long address, int rows, int rowBytes) {
        long sum = 0;
        for (int r = 0; r < rows; r++) {
            long row = address + (long) r * rowBytes;
            for (long p = row, end = row + rowBytes; p < end; p += 8) {
                sum += U.getLong(p);
            }
        }
        return sum;
    }

    /** The {@code Unsafe} instance comes from another class's static field, as libraries keep it: versioned. */
    public static long holderUnsafe(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            sum += Holder.UNSAFE.getLong(p);
        }
        return sum;
    }

    /** Another static field of another class, whose initialiser could run here: not versioned. */
    static long otherStatic(long address, long bytes) {
        long sum = 0;
        for (long p = address, end = address + bytes; p < end; p += 8) {
            sum += U.getLong(p) + Holder.count;
        }
        return sum;
    }

    private static void helper() {
        calls++;
    }

    /** A class holding the {@code Unsafe} instance, and another static. */
    static final class Holder {
        static final Unsafe UNSAFE = theUnsafe();
        static int count;
    }
}
