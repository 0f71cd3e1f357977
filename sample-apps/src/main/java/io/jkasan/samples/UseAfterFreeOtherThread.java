package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * A buffer allocated by {@code main} is released by one worker thread and then read by another. The threads
 * are joined one after the other, so the interleaving is deterministic; the twin reads before releasing.
 */
final class UseAfterFreeOtherThread implements Scenario {
    private static final long SIZE = 64;

    @Override
    public String run(final boolean bug) throws InterruptedException {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.putLong(p, 0x1122334455667788L);
        final Releaser releaser = new Releaser(unsafe, p);
        final Reader reader = new Reader(unsafe, p);
        final Thread first = new Thread(bug ? releaser : reader, bug ? "releaser" : "reader");
        final Thread second = new Thread(bug ? reader : releaser, bug ? "reader" : "releaser");
        first.start();
        first.join();
        second.start();
        second.join();
        return "reader saw " + Long.toHexString(reader.value);
    }

    /** Frees the shared buffer. */
    private static final class Releaser implements Runnable {
        private final Unsafe unsafe;
        private final long address;

        Releaser(final Unsafe unsafe, final long address) {
            this.unsafe = unsafe;
            this.address = address;
        }

        @Override
        public void run() {
            unsafe.freeMemory(address); // @FREE
        }
    }

    /** Reads the first word of the shared buffer. */
    private static final class Reader implements Runnable {
        private final Unsafe unsafe;
        private final long address;
        private volatile long value;

        Reader(final Unsafe unsafe, final long address) {
            this.unsafe = unsafe;
            this.address = address;
        }

        @Override
        public void run() {
            value = unsafe.getLong(address); // @ACCESS
            // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.UseAfterFreeOtherThread$Reader.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task reader/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: io.jkasan.samples.UseAfterFreeOtherThread$Reader.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (UseAfterFreeOtherThread.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.UseAfterFreeOtherThread.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (UseAfterFreeOtherThread.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes inside of
            // CHECK-NEXT: freed 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
            // CHECK: Allocated by task main/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.UseAfterFreeOtherThread.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (UseAfterFreeOtherThread.java:[[@ALLOC]])
            // CHECK: Freed by task releaser/{{[0-9]+}}:
            // CHECK-NEXT: io.jkasan.samples.UseAfterFreeOtherThread$Releaser.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (UseAfterFreeOtherThread.java:[[@FREE]])
            // CHECK: Memory state around the buggy address:
        }
    }
}
