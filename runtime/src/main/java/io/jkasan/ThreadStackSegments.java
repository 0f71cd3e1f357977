package io.jkasan;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * A {@link SegmentAllocator} view of a {@link ThreadStack.Frame}, for code written against the FFM API
 * (JDK 22+; this class is compiled at release 22 and is only usable there).
 *
 * <pre>
 * try (ThreadStack.Frame frame = ThreadStack.push()) {
 *     SegmentAllocator stack = ThreadStackSegments.allocator(frame);
 *     MemorySegment point = stack.allocate(ValueLayout.JAVA_INT, 2);
 *     ...
 * }
 * </pre>
 *
 * <p>Segments are native segments over the frame's memory: they stay valid after the frame is closed, as
 * a C pointer to a dead stack frame does, and jkasan reports accesses through rewritten {@code Unsafe}
 * calls to them as {@code stack-use-after-return}.
 */
public final class ThreadStackSegments {
    private ThreadStackSegments() {
    }

    /**
     * @param frame an open frame of the calling thread
     * @return an allocator that carves segments out of {@code frame}, redzone-separated
     */
    public static SegmentAllocator allocator(ThreadStack.Frame frame) {
        return (byteSize, byteAlignment) -> {
            if (byteSize < 0 || byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1) {
                throw new IllegalArgumentException("jkasan: bad size " + byteSize + " or alignment " + byteAlignment);
            }
            if (byteAlignment <= 8) {
                return MemorySegment.ofAddress(frame.alloc(byteSize)).reinterpret(byteSize);
            }
            // Frame allocations are 8-byte aligned; over-allocate and align up for stricter layouts.
            long raw = frame.alloc(byteSize + byteAlignment - 8);
            long aligned = (raw + byteAlignment - 1) & -byteAlignment;
            return MemorySegment.ofAddress(aligned).reinterpret(byteSize);
        };
    }
}
