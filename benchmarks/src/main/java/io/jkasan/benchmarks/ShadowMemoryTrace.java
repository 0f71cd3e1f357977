package io.jkasan.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the {@code test_vmalloc} sequence ({@link TestVmalloc}) on one thread and prints a CSV of the
 * KASAN_VMALLOC shadow-page count (the series' {@code vmalloc_shadow_pages}) and the process RSS every
 * {@code N} operations, then frees everything, calls {@code Jkasan.purge()} and prints a last row.
 *
 * <pre>
 * java -javaagent:agent/target/jkasan-agent.jar --sun-misc-unsafe-memory-access=allow \
 *      -cp benchmarks/target/jkasan-benchmarks.jar io.jkasan.benchmarks.ShadowMemoryTrace [every] [loops] [repeats]
 * </pre>
 *
 * Without the agent the jkasan columns are -1 and only RSS is sampled. {@code io.jkasan.Jkasan} is reached
 * only when the boot loader has it (the agent puts the runtime there), so the benchmarks jar does not
 * contain the runtime.
 */
public final class ShadowMemoryTrace {
    private static final boolean JKASAN = jkasanPresent();

    private final int every;
    private long ops;
    private String phase = "boot";

    private ShadowMemoryTrace(int every) {
        this.every = every;
    }

    /**
     * @param args sampling period in operations (1000), loop count per test (50000), repeats (2)
     */
    public static void main(String[] args) {
        int every = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 50000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        ShadowMemoryTrace t = new ShadowMemoryTrace(every);
        System.out.println("op,run,phase,shadow_pages,live_areas,lazy_bytes,purges,vmrss_kb");
        t.sample(0);
        TestVmalloc rnd = new TestVmalloc(1);
        for (int run = 1; run <= repeats; run++) {
            t.phase("fix_size_1");
            for (int i = 0; i < loops; i++) {
                TestVmalloc.fixSize(1);
                t.op(run);
            }
            t.phase("fix_size_3");
            for (int i = 0; i < loops; i++) {
                TestVmalloc.fixSize(3);
                t.op(run);
            }
            t.phase("full_fit");
            int junk = TestVmalloc.junkLength();
            long[] keep = new long[junk];
            long[] holes = new long[junk];
            for (int i = 0; i < junk; i++) {
                keep[i] = TestVmalloc.U.allocateMemory(TestVmalloc.PAGE);
                holes[i] = TestVmalloc.U.allocateMemory(TestVmalloc.PAGE);
                t.op(run);
            }
            for (int i = 0; i < junk; i++) {
                TestVmalloc.U.freeMemory(holes[i]);
                t.op(run);
            }
            for (int i = 0; i < loops; i++) {
                TestVmalloc.fullFitStep();
                t.op(run);
            }
            for (int i = 0; i < junk; i++) {
                TestVmalloc.U.freeMemory(keep[i]);
                t.op(run);
            }
            t.phase("long_busy_list");
            long[] live = new long[TestVmalloc.BUSY_LIST];
            for (int i = 0; i < live.length; i++) {
                live[i] = TestVmalloc.U.allocateMemory(TestVmalloc.PAGE);
                t.op(run);
            }
            for (int i = 0; i < loops; i++) {
                TestVmalloc.busyListStep();
                t.op(run);
            }
            for (int i = 0; i < live.length; i++) {
                TestVmalloc.U.freeMemory(live[i]);
                t.op(run);
            }
            t.phase("random_size");
            for (int i = 0; i < loops; i++) {
                rnd.randomSize();
                t.op(run);
            }
            t.phase("fix_align");
            for (int i = 0; i < loops; i++) {
                TestVmalloc.fixAlign();
                t.op(run);
            }
            t.phase("random_size_align");
            for (int i = 0; i < loops; i++) {
                rnd.randomSizeAlign();
                t.op(run);
            }
            t.phase("done");
            t.sample(run);
            if (JKASAN) {
                Stats.purge();
            }
            t.phase("after_purge");
            t.sample(run);
        }
    }

    private void phase(String p) {
        phase = p;
    }

    private void op(int run) {
        if (++ops % every == 0) {
            sample(run);
        }
    }

    private void sample(int run) {
        String s = JKASAN ? Stats.row() : "-1,-1,-1,-1";
        System.out.println(ops + "," + run + "," + phase + "," + s + "," + vmRssKb());
    }

    static long vmRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static boolean jkasanPresent() {
        try {
            Class.forName("io.jkasan.Jkasan", false, null);          // the agent's runtime, on the boot path
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The only place that links against the runtime; loaded only when the agent is present. */
    private static final class Stats {
        static String row() {
            io.jkasan.KasanStatistics s = io.jkasan.Jkasan.statistics();
            return s.shadowPages() + "," + s.liveAreas() + "," + s.lazyBytes() + "," + s.purges();
        }

        static void purge() {
            io.jkasan.Jkasan.purge();
        }
    }
}
