package io.jkasan.runtime.jdk;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import java.nio.Buffer;

/**
 * The memory address of a direct buffer, for the buffer loops the agent brackets (docs/design.md, "Segment
 * loops"). {@code java.nio.Buffer} keeps it in its {@code address} field (for a direct buffer, the address of
 * element 0; {@code DirectBuffer.address()} is not exported), read here with the JDK's {@code Unsafe} as one
 * plain load; JDK 22's {@code MemorySegment.ofBuffer(b).address()} would make a segment per loop entry.
 */
public final class BufferAddresses {
    /** Offset of {@code Buffer.address}, the same field on every supported JDK. */
    private static final long ADDRESS = U.objectFieldOffset(Buffer.class, "address");

    private BufferAddresses() {
    }

    /**
     * @param direct a direct buffer
     * @return the address of its element 0
     */
    public static long of(Buffer direct) {
        return U.getLong(direct, ADDRESS);
    }
}
