package io.jkasan.samples;

import io.jkasan.ThreadStack;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Unsafe;

/**
 * Hundreds of short-lived threads each push a frame, keep a few small buffers in it and use them correctly. In
 * the "bug" variant they end with the frame still pushed, so their stacks go back to jkasan's stack cache with
 * the frame's redzones still poisoned; in the twin they close it. Then as many new threads take those cached
 * stacks and do correct work laid out differently (one large buffer across where the old redzones were). The
 * stack cache unpoisons and zeroes a stack before its next owner sees it (the KASAN_VMALLOC series' fork.c
 * change), so neither variant may print any report. Uses {@code io.jkasan.ThreadStack}, so it runs only under
 * the agent.
 */
final class StackReuse implements Scenario {
    private static final int THREADS = 500;
    /** Threads alive at once. */
    private static final int BATCH = 4;
    private static final long SMALL = 12;
    private static final long LARGE = 640;
    // CHECK-NOT: {{.}}

    @Override
    public String run(final boolean bug) throws InterruptedException {
        final Unsafe unsafe = Unsafes.unsafe();
        final long[] before = ThreadStack.statistics();
        final AtomicLong checked = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        runThreads("dying-", failure, () -> {
            final ThreadStack.Frame frame = ThreadStack.push();
            for (int i = 0; i < 8; i++) {
                final long p = frame.alloc(SMALL);
                unsafe.setMemory(p, SMALL, (byte) i);
                unsafe.putInt(p + SMALL - 4, i);
                if (unsafe.getByte(p) != i || unsafe.getInt(p + SMALL - 4) != i) {
                    throw new IllegalStateException("lost a write");
                }
            }
            if (!bug) {
                frame.close();
            }
            // bug variant: the thread ends with the frame still pushed
        });
        runThreads("reusing-", failure, () -> {
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                final long p = frame.alloc(LARGE);
                for (long off = 0; off < LARGE; off += 8) {
                    unsafe.putLong(p + off, off);
                }
                long sum = 0;
                for (long off = 0; off < LARGE; off += 8) {
                    sum += unsafe.getLong(p + off);
                }
                if (sum != (LARGE / 8) * (LARGE - 8) / 2) {
                    throw new IllegalStateException("bad sum " + sum);
                }
                checked.incrementAndGet();
            }
        });
        if (failure.get() != null) {
            throw new IllegalStateException("a worker failed", failure.get());
        }
        final long[] after = ThreadStack.statistics();
        final long created = after[0] - before[0];
        final long reused = after[1] - before[1];
        // With at most BATCH threads alive at once, nearly every stack comes back from the cache.
        return 2 * THREADS + " threads, " + checked.get() + " checked buffers, "
                + (created <= 4 * BATCH && reused >= 2 * THREADS - 4 * BATCH ? "stacks reused" : "stacks NOT reused"
                        + " (created " + created + ", reused " + reused + ")");
    }

    private static void runThreads(final String prefix, final AtomicReference<Throwable> failure,
            final Runnable body) throws InterruptedException {
        for (int i = 0; i < THREADS; i += BATCH) {
            final Thread[] batch = new Thread[BATCH];
            for (int j = 0; j < BATCH; j++) {
                final String name = prefix + (i + j);
                batch[j] = new Thread(() -> {
                    try {
                        body.run();
                    } catch (final Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, name);
                batch[j].start();
            }
            for (final Thread t : batch) {
                t.join();
            }
        }
    }
}
