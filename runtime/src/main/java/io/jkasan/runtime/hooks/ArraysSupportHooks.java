package io.jkasan.runtime.hooks;

import io.jkasan.runtime.check.AccessChecker;
import jdk.internal.util.ArraysSupport;

/**
 * The bridge of the one memory access in {@code jdk.internal.misc.ScopedMemoryAccess} that is not an
 * {@code Unsafe} call: {@code vectorizedMismatchInternal} compares two ranges with
 * {@code jdk.internal.util.ArraysSupport.vectorizedMismatch}. {@code MemorySegment.mismatch} of 64 bytes or more
 * reaches it ({@code SegmentBulkOperations.mismatch} on JDK 25), and so do the buffers' {@code mismatch},
 * {@code equals} and {@code compareTo} ({@code java.nio.BufferMismatch}). The agent rewrites that call there,
 * and nowhere else, into this one (docs/segments.md).
 *
 * <p>Public, and called from {@code java.base}: the agent makes {@code java.base} read the runtime's module.
 */
public final class ArraysSupportHooks {
    private ArraysSupportHooks() {
    }

    /**
     * Checked {@code ArraysSupport.vectorizedMismatch}: both ranges of {@code length << log2ArrayIndexScale}
     * bytes are checked as reads, {@code a} first, before the comparison runs, as ASan's {@code memcmp}
     * interceptor checks both whole ranges ({@code strict_memcmp}) even where the comparison would stop early;
     * the caller has already bounds-checked both against their segments. A {@code null} base is an absolute
     * address, an array base is the JDK's heap segment and always inside its array.
     *
     * @param a the first base, or {@code null}
     * @param aOffset its offset, or its address
     * @param b the second base, or {@code null}
     * @param bOffset its offset, or its address
     * @param length the number of elements
     * @param log2ArrayIndexScale log2 of the element size
     * @return what {@code vectorizedMismatch} returns; 0 (the first elements differ) if a range may not be read
     */
    public static int vectorizedMismatch(Object a, long aOffset, Object b, long bOffset, int length,
            int log2ArrayIndexScale) {
        long bytes = (long) length << log2ArrayIndexScale;
        if (!AccessChecker.checkCompare(a, aOffset, b, bOffset, bytes)) {
            return 0;
        }
        return ArraysSupport.vectorizedMismatch(a, aOffset, b, bOffset, length, log2ArrayIndexScale);
    }
}
