package io.jkasan.runtime.shadow;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

/**
 * Reads and writes logical shadow values (≈ the kernel's {@code kasan_poison_shadow} and
 * {@code kasan_unpoison_shadow}); the XOR storage of {@link ShadowBytes#STORAGE_XOR} stays inside this class.
 */
public final class ShadowMemory {
    private ShadowMemory() {
    }

    /**
     * @param address an address; outside the arena the answer is {@link ShadowBytes#VMALLOC_INVALID}
     * @return the logical shadow value of its granule
     */
    public static byte get(long address) {
        if (!ShadowMapping.inArena(address)) {
            return ShadowBytes.VMALLOC_INVALID;
        }
        return (byte) (U.getByte(ShadowMapping.memToShadow(address)) ^ ShadowBytes.STORAGE_XOR);
    }

    /**
     * Sets the shadow of the granules of {@code [address, address + size)} to {@code value}; {@code address}
     * must be granule aligned, {@code size} is rounded up to a granule ({@code kasan_poison_shadow}). The
     * {@link CleanSpan}, if the range overlaps it, is withdrawn first.
     *
     * @param address granule-aligned arena address
     * @param size bytes to cover
     * @param value logical shadow value
     */
    public static void fill(long address, long size, byte value) {
        CleanSpan.withdrawOverlapping(address, size);
        long granules = (size + ShadowBytes.GRANULE_MASK) >>> ShadowBytes.SCALE_SHIFT;
        U.setMemory(ShadowMapping.memToShadow(address), granules, (byte) (value ^ ShadowBytes.STORAGE_XOR));
    }

    /**
     * Marks exactly {@code size} bytes at {@code address} accessible: whole granules become 0 and a partial
     * last granule gets {@code size & 7} ({@code kasan_unpoison_shadow}).
     *
     * @param address granule-aligned arena address
     * @param size accessible bytes
     */
    public static void unpoison(long address, long size) {
        fill(address, size & ~(long) ShadowBytes.GRANULE_MASK, ShadowBytes.ACCESSIBLE);
        int tail = (int) (size & ShadowBytes.GRANULE_MASK);
        if (tail != 0) {
            U.putByte(ShadowMapping.memToShadow(address + size),
                    (byte) (tail ^ ShadowBytes.STORAGE_XOR));
        }
    }

    /**
     * Copies the logical shadow of {@code count} granules starting at the granule of {@code address}.
     *
     * @param address any address
     * @param out destination, at least {@code count} long
     * @param count granules to copy
     */
    public static void copy(long address, byte[] out, int count) {
        for (int i = 0; i < count; i++) {
            out[i] = get(address + ((long) i << ShadowBytes.SCALE_SHIFT));
        }
    }
}
