package io.jkasan.benchmarks;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * A direct-buffer-heavy program for docs/performance.md ("Allocator interception"): allocates {@code count}
 * direct buffers of 64 B, 1 KiB and 16 KiB in turn, writes one byte per 64, keeps the last {@code window}
 * alive, and lets every buffer that leaves the window go half through {@code Unsafe.invokeCleaner} (as
 * Netty and Agrona free) and half to the garbage collector's cleaner. Prints the elapsed time; run it under
 * {@code /usr/bin/time} for the peak RSS.
 *
 * <p>Arguments: {@code count} (default 1,000,000), {@code window} (default 1024).
 */
public final class DirectBufferChurn {
    private static final int[] SIZES = {64, 1024, 16 * 1024};

    private DirectBufferChurn() {
    }

    /**
     * @param args count and window
     * @throws ReflectiveOperationException if {@code theUnsafe} cannot be read
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        ByteBuffer[] live = new ByteBuffer[window];
        long sum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int slot = i % window;
            ByteBuffer old = live[slot];
            if (old != null && (i & 1) == 0) {
                unsafe.invokeCleaner(old);
            }
            ByteBuffer b = ByteBuffer.allocateDirect(SIZES[i % SIZES.length]);
            for (int p = 0; p < b.capacity(); p += 64) {
                b.put(p, (byte) i);
            }
            sum += b.get(0);
            live[slot] = b;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(count + " direct buffers in " + ms + " ms (" + (count * 1000L / Math.max(1, ms))
                + " per s), checksum " + sum);
    }
}
