package io.jkasan.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A port of Linux 5.5 {@code lib/test_vmalloc.c} (see {@link TestVmalloc}): one benchmark operation is one
 * iteration of the test's loop. Every test runs on one thread and, in the {@code *_2t} variants, on two
 * threads at once (the kernel's one kthread per CPU). Without the agent the calls are the JDK's malloc and
 * free; with it they go to jkasan's emulated vmalloc space (guard pages, lazy purge, KASAN_VMALLOC shadow).
 *
 * <p>{@code smallObjects} adds what the kernel test lacks and user code does most: objects of 16..256 bytes
 * (see {@link TestVmalloc#smallObject}).
 *
 * <p>Per-thread state, as the kernel's per-CPU kthreads: full_fit and long_busy_list keep their live areas
 * per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class VmallocBenchmark {

    /** Per-thread random tables. */
    @State(Scope.Thread)
    public static class Rnd {
        TestVmalloc t;

        @Setup(Level.Trial)
        public void setUp() {
            t = new TestVmalloc(Thread.currentThread().getId() * 31 + 7);
        }
    }

    /** full_fit_alloc_test: 2 * junk_length pages allocated, every other one freed. */
    @State(Scope.Thread)
    public static class FullFit {
        long[] keep;

        @Setup(Level.Trial)
        public void setUp() {
            keep = TestVmalloc.fullFitSetUp(TestVmalloc.junkLength());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            TestVmalloc.freeAll(keep);
        }
    }

    /** long_busy_list_alloc_test: 15000 live 1-page areas. */
    @State(Scope.Thread)
    public static class BusyList {
        long[] live;

        @Setup(Level.Trial)
        public void setUp() {
            live = TestVmalloc.allocPages(TestVmalloc.BUSY_LIST);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            TestVmalloc.freeAll(live);
        }
    }

    @Benchmark
    public void fixSize1Page() {
        TestVmalloc.fixSize(1);
    }

    @Benchmark
    @Threads(2)
    public void fixSize1Page_2t() {
        TestVmalloc.fixSize(1);
    }

    @Benchmark
    public void fixSize3Pages() {
        TestVmalloc.fixSize(3);
    }

    @Benchmark
    @Threads(2)
    public void fixSize3Pages_2t() {
        TestVmalloc.fixSize(3);
    }

    @Benchmark
    public void fullFit(FullFit s) {
        TestVmalloc.fullFitStep();
    }

    @Benchmark
    @Threads(2)
    public void fullFit_2t(FullFit s) {
        TestVmalloc.fullFitStep();
    }

    @Benchmark
    public void longBusyList(BusyList s) {
        TestVmalloc.busyListStep();
    }

    @Benchmark
    @Threads(2)
    public void longBusyList_2t(BusyList s) {
        TestVmalloc.busyListStep();
    }

    @Benchmark
    public void randomSize(Rnd r) {
        r.t.randomSize();
    }

    @Benchmark
    @Threads(2)
    public void randomSize_2t(Rnd r) {
        r.t.randomSize();
    }

    @Benchmark
    public void fixAlign() {
        TestVmalloc.fixAlign();
    }

    @Benchmark
    @Threads(2)
    public void fixAlign_2t() {
        TestVmalloc.fixAlign();
    }

    @Benchmark
    public long randomSizeAlign(Rnd r) {
        return r.t.randomSizeAlign();
    }

    @Benchmark
    @Threads(2)
    public long randomSizeAlign_2t(Rnd r) {
        return r.t.randomSizeAlign();
    }

    @Benchmark
    public void smallObjects(Rnd r) {
        r.t.smallObject();
    }

    @Benchmark
    @Threads(2)
    public void smallObjects_2t(Rnd r) {
        r.t.smallObject();
    }
}
