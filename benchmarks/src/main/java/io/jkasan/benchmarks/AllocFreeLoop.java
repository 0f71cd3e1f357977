package io.jkasan.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The test_vmalloc loops of {@link TestVmalloc} timed by the thread's own CPU time as well as by the clock, for
 * comparisons on a machine that other work shares: a loaded machine stretches wall time far more than the
 * CPU time of the measured thread. One thread; each round prints both figures per operation.
 *
 * <p>Arguments: {@code pattern} ({@code fixSize1Page}, {@code fixSize3Pages}, {@code smallObjects},
 * {@code randomSize} or {@code longBusyList}), {@code ops} per round, {@code rounds}.
 */
public final class AllocFreeLoop {
    private AllocFreeLoop() {
    }

    /** @param args pattern, operations per round, rounds */
    public static void main(String[] args) {
        String pattern = args[0];
        int ops = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        TestVmalloc t = new TestVmalloc(7);
        long[] busy = pattern.equals("longBusyList") ? TestVmalloc.allocPages(TestVmalloc.BUSY_LIST) : null;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            long cpu = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                run(pattern, t);
            }
            wall = System.nanoTime() - wall;
            cpu = mx.getCurrentThreadCpuTime() - cpu;
            System.out.printf("%s round %d: %.0f ns/op wall, %.0f ns/op cpu%n", pattern, r, wall / (double) ops,
                    cpu / (double) ops);
        }
        if (busy != null) {
            TestVmalloc.freeAll(busy);
        }
    }

    private static void run(String pattern, TestVmalloc t) {
        switch (pattern) {
            case "fixSize1Page": TestVmalloc.fixSize(1); break;
            case "fixSize3Pages": TestVmalloc.fixSize(3); break;
            case "smallObjects": t.smallObject(); break;
            case "randomSize": t.randomSize(); break;
            case "longBusyList": TestVmalloc.busyListStep(); break;
            default: throw new IllegalArgumentException("unknown pattern " + pattern);
        }
    }
}
