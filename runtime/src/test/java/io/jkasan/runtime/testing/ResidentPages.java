package io.jkasan.runtime.testing;

import java.io.IOException;
import java.io.RandomAccessFile;

/** Whether a page of this process is in memory, from {@code /proc/self/pagemap}. */
public final class ResidentPages {
    private ResidentPages() {
    }

    /**
     * @param address any address of the page
     * @return whether the page is present (bit 63 of its pagemap entry)
     * @throws IOException if the pagemap cannot be read
     */
    public static boolean resident(long address) throws IOException {
        byte[] entry = new byte[8];
        try (RandomAccessFile pagemap = new RandomAccessFile("/proc/self/pagemap", "r")) {
            pagemap.seek((address >>> 12) * 8);
            pagemap.readFully(entry);                       // whole entries only: JDK 17's readLong reads bytes
            return entry[7] < 0;                            // little-endian u64; bit 63 = present
        }
    }
}
