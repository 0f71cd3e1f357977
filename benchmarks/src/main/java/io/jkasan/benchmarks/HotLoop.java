package io.jkasan.benchmarks;

import sun.misc.Unsafe;

/**
 * A hot streaming loop over off-heap memory, for looking at what the JIT makes of the inlined check
 * ({@code docs/jit.md}): run it with {@code -XX:+UnlockDiagnosticVMOptions -XX:+PrintInlining}.
 */
public final class HotLoop {
    private static final Unsafe U = Unsafes.UNSAFE;

    private HotLoop() {
    }

    static long sum(long p, int n) {
        long s = 0;
        for (int i = 0; i < n; i += 8) {
            s += U.getLong(p + i);
        }
        return s;
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        int n = 1 << 20;
        long p = U.allocateMemory(n);
        U.setMemory(p, n, (byte) 1);
        long total = 0;
        for (int r = 0; r < 3000; r++) {
            total += sum(p, n);
        }
        U.freeMemory(p);
        System.out.println(total);
    }
}
