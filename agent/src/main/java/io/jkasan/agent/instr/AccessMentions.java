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
    /**
     * The names searched for. Each is anchored at its first capital letter ({@code U}, {@code M}, {@code B}):
     * one pass looks every byte up in {@link #ANCHORED} and compares a name only where its anchor is, so each
     * byte is read once, not once per name (four passes, each stopping at every {@code s} or {@code j}, took a
     * fifth of the transformer's time over a jar of 1,770 classes, docs/performance.md, section 4).
     */
    private static final byte[][] NAMES = {
        ascii("sun/misc/Unsafe"), ascii("jdk/internal/misc/Unsafe"), ascii(SegmentLoops.SEGMENT),
        // Part of both java/nio/ByteBuffer and java/nio/MappedByteBuffer: one name for the two.
        ascii("ByteBuffer"),
    };
    /**
     * For each byte value, the names anchored at it as a bit set ({@code 1 << k} for {@code NAMES[k]}); zero for
     * every byte but three capitals. The last name is left out unless buffer loops are bracketed.
     */
    private static final int[] ANCHORED = new int[256];
    private static final int[] ANCHORS = new int[NAMES.length];

    static {
        int searched = SegmentLoops.BUFFER_LOOPS ? NAMES.length : NAMES.length - 1;
        for (int k = 0; k < searched; k++) {
            int a = 0;
            while (NAMES[k][a] < 'A' || NAMES[k][a] > 'Z') {
                a++;
            }
            ANCHORS[k] = a;
            ANCHORED[NAMES[k][a]] |= 1 << k;
        }
    }

    private AccessMentions() {
    }

    /**
     * @param classfile the class file bytes
     * @return whether they mention either {@code Unsafe} class or {@code MemorySegment} by internal name, or
     *     a byte buffer where buffer loops are bracketed
     */
    public static boolean in(byte[] classfile) {
        for (int i = 0; i < classfile.length; i++) {
            int names = ANCHORED[classfile[i] & 0xFF];
            while (names != 0) {
                int k = Integer.numberOfTrailingZeros(names);
                if (at(classfile, i - ANCHORS[k], NAMES[k])) {
                    return true;
                }
                names &= names - 1;
            }
        }
        return false;
    }

    /** @return whether {@code name} lies in {@code classfile} at {@code start} */
    private static boolean at(byte[] classfile, int start, byte[] name) {
        if (start < 0 || start > classfile.length - name.length) {
            return false;
        }
        for (int j = 0; j < name.length; j++) {
            if (classfile[start + j] != name[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
