package io.jkasan.benchmarks;

import sun.misc.Unsafe;

/**
 * The record loop of {@code serializationMix} in a class of its own, for looking at what the JIT makes of a
 * merged group's one span check ({@code docs/jit.md}): run it with
 * {@code -XX:+UnlockDiagnosticVMOptions -XX:+PrintInlining}.
 */
public final class RecordCodec {
    private static final Unsafe U = Unsafes.UNSAFE;

    private RecordCodec() {
    }

    static long run(long base, long bytes) {
        long sum = 0;
        for (long p = base, end = base + bytes - 13; p < end; p += 13) {
            int len = U.getInt(p);
            U.putLong(p + 4, len + sum);
            sum += U.getByte(p + 12);
        }
        return sum;
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        int bytes = 64 << 10;
        long base = U.allocateMemory(bytes);
        U.setMemory(base, bytes, (byte) 1);
        long total = 0;
        for (int r = 0; r < 2000; r++) {
            total += run(base, bytes);
        }
        U.freeMemory(base);
        System.out.println(total);
    }
}
