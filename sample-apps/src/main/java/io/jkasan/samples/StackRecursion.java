package io.jkasan.samples;

import io.jkasan.ThreadStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import sun.misc.Unsafe;

/**
 * Eight threads recurse at once, each level pushing a frame on its thread's guarded stack and keeping a
 * 256-byte buffer there. In the buggy variant the recursion has no bound: every thread runs into the guard
 * page below its 32 KiB stack, jkasan prints {@code BUG: stack guard page was hit}, the allocation throws
 * {@link StackOverflowError}, and the thread catches it while every frame is closed on the way out. The twin
 * stops at a depth that fits. Uses {@code io.jkasan.ThreadStack}, so it runs only under the agent.
 */
final class StackRecursion implements Scenario {
    private static final int THREADS = 8;
    private static final long BUFFER = 256;
    private static final int BOUNDED_DEPTH = 50;

    @Override
    public String run(final boolean bug) throws InterruptedException {
        final Unsafe unsafe = Unsafes.unsafe();
        final CountDownLatch start = new CountDownLatch(1);
        final Worker[] workers = new Worker[THREADS];
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            workers[i] = new Worker(unsafe, bug ? Integer.MAX_VALUE : BOUNDED_DEPTH, start);
            final Thread t = new Thread(workers[i], "recurse-" + i);
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (final Thread t : threads) {
            t.join();
        }
        final Set<String> outcomes = new TreeSet<>();
        for (final Worker w : workers) {
            outcomes.add((w.overflowed ? "overflowed at depth " : "returned from depth ") + w.depth
                    + (w.checksumOk ? "" : ", bad checksum") + ", " + w.usedAfter + " bytes in use after");
        }
        return THREADS + " threads: " + String.join("; ", outcomes);
    }

    /** One recursing thread. */
    private static final class Worker implements Runnable {
        private final Unsafe unsafe;
        private final int limit;
        private final CountDownLatch start;
        private int depth;
        private boolean overflowed;
        private boolean checksumOk = true;
        private long usedAfter = -1;

        Worker(final Unsafe unsafe, final int limit, final CountDownLatch start) {
            this.unsafe = unsafe;
            this.limit = limit;
            this.start = start;
        }

        @Override
        public void run() {
            try {
                start.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                recurse(1);
            } catch (final StackOverflowError e) {
                overflowed = e.getMessage() != null && e.getMessage().startsWith("BUG: stack guard page was hit");
            }
            usedAfter = ThreadStack.used();
        }

        private void recurse(final int level) {
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                final long buffer = frame.alloc(BUFFER); // @ALLOC
                // CHECK: {{^={66}$}}
                // CHECK-NEXT: {{^}}BUG: stack guard page was hit at [[ADDR:[0-9a-f]{16}]] (stack is [[LOW:[0-9a-f]{16}]]..[[HIGH:[0-9a-f]{16}]]){{$}}
                // CHECK-EMPTY:
                // CHECK-NEXT: {{^}}Call Trace:{{$}}
                // CHECK-NEXT: {{^}} io.jkasan.samples.StackRecursion$Worker.recurse+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRecursion.java:[[@ALLOC]]){{$}}
                // CHECK-NEXT: {{^}} io.jkasan.samples.StackRecursion$Worker.recurse+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRecursion.java:[[@RECURSE]]){{$}}
                // CHECK-NOT: BUG: KASAN
                // CHECK: {{^={66}$}}
                // CHECK-NOT: BUG: KASAN
                unsafe.setMemory(buffer, BUFFER, (byte) level);
                depth = level;
                if (level < limit) {
                    recurse(level + 1); // @RECURSE
                }
                long sum = 0;
                for (long off = 0; off < BUFFER; off += 8) {
                    sum += unsafe.getLong(buffer + off) & 0xff;
                }
                checksumOk &= sum == (BUFFER / 8) * (level & 0xff);
            }
        }
    }
}
