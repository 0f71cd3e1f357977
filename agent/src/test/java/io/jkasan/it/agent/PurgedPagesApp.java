package io.jkasan.it.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * A program run under the real agent jar by {@code PageReleaseIT}: touches every page of a 4 MiB allocation,
 * frees it, asks jkasan to purge ({@code Jkasan.purge()}, which gives the pages of all free space back) and
 * prints how many of those pages are still in memory, from {@code /proc/self/pagemap}.
 */
@SuppressWarnings("removal")
public final class PurgedPagesApp {
    private static final long PAGE = 4096;
    private static final long SIZE = 4L << 20;

    private PurgedPagesApp() {
    }

    /**
     * @param args ignored
     * @throws ReflectiveOperationException without the agent, which puts {@code io.jkasan.Jkasan} on the boot path
     * @throws IOException if the pagemap cannot be read
     */
    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe u = (Unsafe) f.get(null);
        long address = u.allocateMemory(SIZE);
        for (long offset = 0; offset < SIZE; offset += PAGE) {
            u.putByte(address + offset, (byte) 1);
        }
        int before = resident(address);
        u.freeMemory(address);
        Class.forName("io.jkasan.Jkasan").getMethod("purge").invoke(null);
        System.out.println("resident pages: " + before + " touched, " + resident(address) + " after purge, of "
                + SIZE / PAGE);
    }

    private static int resident(long address) throws IOException {
        int pages = 0;
        byte[] entry = new byte[8];
        try (RandomAccessFile pagemap = new RandomAccessFile("/proc/self/pagemap", "r")) {
            for (long offset = 0; offset < SIZE; offset += PAGE) {
                pagemap.seek(((address + offset) >>> 12) * 8);
                pagemap.readFully(entry);                   // whole entries only: JDK 17's readLong reads bytes
                if (entry[7] < 0) {                         // little-endian u64; bit 63 = present
                    pages++;
                }
            }
        }
        return pages;
    }
}
