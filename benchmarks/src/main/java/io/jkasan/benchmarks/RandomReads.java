package io.jkasan.benchmarks;

import java.util.SplittableRandom;
import sun.misc.Unsafe;

/**
 * Random reads over one 64 MiB area, after another loop has read two areas in turn, so that its call sites
 * missed the clean span about every other access: what one call site's misses do to another's compiled
 * code (docs/design.md, "Per-site verdicts"; docs/jit.md). Prints the time of one pass of 4096 reads, the
 * best of each round; {@code alone} skips the other loop.
 */
public final class RandomReads {
    private static final Unsafe U = Unsafes.UNSAFE;
    private static final int AREA = 64 << 20;
    private static final int OTHER = 1 << 20;
    private static long sink;

    private RandomReads() {
    }

    static long reads(long base, int[] offsets) {
        long sum = 0;
        for (int i = 0; i < offsets.length; i++) {
            sum += U.getLong(base + offsets[i]);
        }
        return sum;
    }

    static long alternate(long a, long b) {
        long sum = 0;
        for (int i = 0; i < 4096; i++) {
            sum += U.getLong(a + 8L * i);
            sum += U.getLong(b + 8L * i);
        }
        return sum;
    }

    /**
     * @param args {@code alone} to skip the loop over two areas
     */
    public static void main(String[] args) {
        long area = U.allocateMemory(AREA);
        U.setMemory(area, AREA, (byte) 2);
        long other = U.allocateMemory(OTHER);
        U.setMemory(other, OTHER, (byte) 1);
        if (args.length == 0 || !args[0].equals("alone")) {
            for (int k = 0; k < 3000; k++) {
                sink += alternate(area, other);
            }
        }
        int[] offsets = new int[4096];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = random.nextInt(AREA / 8) * 8;
        }
        for (int round = 0; round < 6; round++) {
            long best = Long.MAX_VALUE;
            for (int k = 0; k < 20; k++) {
                long t0 = System.nanoTime();
                for (int j = 0; j < 1000; j++) {
                    sink += reads(area, offsets);
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%.0f ns a pass%n", best / 1000.0);
        }
        U.freeMemory(other);
        U.freeMemory(area);
        System.out.println(sink == 42 ? "" : "done");
    }
}
