package io.jkasan.agent.instr;

import java.nio.charset.StandardCharsets;

/**
 * The cheap pre-filter: a class whose bytes contain neither {@code sun/misc/Unsafe}, {@code jdk/internal/misc/Unsafe}
 * nor {@code java/lang/foreign/MemorySegment} (nor, where buffer loops are bracketed, {@code ByteBuffer}) can
 * neither call {@code Unsafe} nor hold a segment loop ({@link SegmentLoops}), so it is left alone without being
 * parsed.
 *
 * <p>Any call site names its owner in a {@code CONSTANT_Utf8} entry, stored as plain bytes for these ASCII
 * names, so a byte search is exact in the direction that matters: it never misses a candidate. It may
 * accept a class that only mentions a name (a field type, a string); the rewriter then finds nothing.
 */
public final class AccessMentions {
    private static final byte[] SUN_MISC = "sun/misc/Unsafe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTERNAL = "jdk/internal/misc/Unsafe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEGMENT = SegmentLoops.SEGMENT.getBytes(StandardCharsets.US_ASCII);
    /** Part of both {@code java/nio/ByteBuffer} and {@code java/nio/MappedByteBuffer}: one search for the two. */
    private static final byte[] BUFFER = "ByteBuffer".getBytes(StandardCharsets.US_ASCII);

    private AccessMentions() {
    }

    /**
     * @param classfile the class file bytes
     * @return whether they mention either {@code Unsafe} class or {@code MemorySegment} by internal name, or
     *     a byte buffer where buffer loops are bracketed
     */
    public static boolean in(byte[] classfile) {
        return indexOf(classfile, SUN_MISC) >= 0 || indexOf(classfile, INTERNAL) >= 0
                || indexOf(classfile, SEGMENT) >= 0
                || SegmentLoops.BUFFER_LOOPS && indexOf(classfile, BUFFER) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
