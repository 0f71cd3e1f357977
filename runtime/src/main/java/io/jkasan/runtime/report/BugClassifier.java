package io.jkasan.runtime.report;

import io.jkasan.runtime.report.model.BugType;
import io.jkasan.runtime.report.model.ShadowDump;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMemory;

/**
 * Chooses the bug type from shadow, as the kernel's {@code find_first_bad_addr} and
 * {@code get_shadow_bug_type} do ({@code mm/kasan/report_generic.c}).
 */
public final class BugClassifier {
    private BugClassifier() {
    }

    /**
     * Walks granules from {@code address} while the shadow is 0 ({@code find_first_bad_addr}).
     *
     * @param address the access address
     * @param size the access size
     * @return the first address whose granule is not fully accessible; like the kernel, the walk may stop
     *     at {@code address + size} (an unaligned access whose last granule is the bad one)
     */
    public static long firstBadAddress(long address, long size) {
        long p = address;
        long end = address + size;
        while (p < end && ShadowMemory.get(p) == ShadowBytes.ACCESSIBLE) {
            p += ShadowBytes.GRANULE;
        }
        return p;
    }

    /**
     * Judges from the report's own copy of the shadow, so that the type and the rows printed under it come from
     * one reading (its area poisons already told apart, {@link AreaPoison}).
     *
     * @param shadow the rows around the first bad address
     * @return the bug type for the first bad address's shadow value; a partial granule (1..7) is judged by the
     *     next granule
     */
    static BugType classify(ShadowDump shadow) {
        int at = shadow.guiltyRow() * ShadowDump.PER_ROW + shadow.guiltyIndex();
        byte v = (byte) shadow.value(at / ShadowDump.PER_ROW, at % ShadowDump.PER_ROW);
        if (v > 0 && v <= ShadowBytes.GRANULE_MASK) {
            at++;                                    // the guilty row is the middle one: the next granule is held
            v = (byte) shadow.value(at / ShadowDump.PER_ROW, at % ShadowDump.PER_ROW);
        }
        return typeOf(v);
    }

    /**
     * @param v a logical shadow value
     * @return its bug type
     */
    static BugType typeOf(byte v) {
        if (v >= 0 && v <= ShadowBytes.GRANULE_MASK) {
            return BugType.OUT_OF_BOUNDS;
        }
        switch (v) {
            case ShadowBytes.VMALLOC_INVALID: return BugType.VMALLOC_OUT_OF_BOUNDS;
            case ShadowBytes.VMALLOC_FREED: return BugType.USE_AFTER_FREE;
            case ShadowBytes.STACK_LEFT:
            case ShadowBytes.STACK_MID:
            case ShadowBytes.STACK_RIGHT:
            case ShadowBytes.STACK_PARTIAL: return BugType.STACK_OUT_OF_BOUNDS;
            case ShadowBytes.STACK_AFTER_RETURN: return BugType.STACK_USE_AFTER_RETURN;
            case ShadowBytes.USER_POISONED: return BugType.USE_AFTER_POISON;
            default: return BugType.UNKNOWN_CRASH;
        }
    }
}
