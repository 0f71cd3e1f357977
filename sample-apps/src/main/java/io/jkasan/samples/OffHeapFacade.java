package io.jkasan.samples;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * A library's off-heap facade, written the way Netty's {@code PlatformDependent0} and Agrona's
 * {@code UnsafeApi} are: a direct buffer's raw address read from {@code Buffer.address} through
 * {@code Unsafe}, its memory freed with {@code Unsafe.invokeCleaner}, and raw accessors that callers use with
 * addresses they computed. On JDK 24+ {@code objectFieldOffset} and {@code invokeCleaner} warn unless
 * {@code --sun-misc-unsafe-memory-access=allow} is given, as for those libraries.
 */
final class OffHeapFacade {
    private static final Unsafe UNSAFE = Unsafes.unsafe();
    private static final long ADDRESS_OFFSET = addressOffset();

    private OffHeapFacade() {
        // no instances
    }

    private static long addressOffset() {
        try {
            final Field address = Buffer.class.getDeclaredField("address");
            return UNSAFE.objectFieldOffset(address);
        } catch (final NoSuchFieldException e) {
            throw new IllegalStateException("java.nio.Buffer has no address field", e);
        }
    }

    /**
     * @param buffer a direct buffer
     * @return the address of its first byte
     */
    static long address(final ByteBuffer buffer) {
        return UNSAFE.getLong(buffer, ADDRESS_OFFSET);
    }

    /**
     * Frees a direct buffer's memory now, as Netty's {@code CleanerJava9} does.
     *
     * @param buffer a direct buffer no one uses any more
     */
    static void free(final ByteBuffer buffer) {
        UNSAFE.invokeCleaner(buffer);
    }

    /**
     * @param address where to write
     * @param value the byte
     */
    static void putByte(final long address, final byte value) {
        UNSAFE.putByte(address, value);
    }

    /**
     * @param address where to read
     * @return the byte
     */
    static byte getByte(final long address) {
        return UNSAFE.getByte(address);
    }
}
