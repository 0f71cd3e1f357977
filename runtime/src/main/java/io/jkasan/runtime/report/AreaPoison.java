package io.jkasan.runtime.report;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.shadow.ShadowBytes;
import java.util.List;

/**
 * Tells which of the vmalloc space's two poison values a poisoned granule holds for a report. A free marks only
 * the bytes the area's allocation unpoisoned, and a purge rewrites nothing (docs/design.md, "Shadow"), so
 * outside the requested bytes of live areas a stored {@link ShadowBytes#VMALLOC_FREED} or
 * {@link ShadowBytes#VMALLOC_INVALID} says only that the granule is poisoned. The areas say which: a granule in
 * the pages of a freed area still waiting in the quarantine, guard page excluded, is VMALLOC_FREED (the span the
 * kernel's {@code kasan_poison_vmalloc} poisons at {@code vfree}); any other (a live area's page tail or guard, a
 * waiting area's guard, free space) is VMALLOC_INVALID. Every other value is exact as stored.
 */
final class AreaPoison {
    private AreaPoison() {
    }

    /**
     * Replaces, in place, the area poison values of a copy of logical shadow by what they are.
     *
     * @param space the vmalloc space
     * @param first the granule-aligned address of {@code shadow[0]}
     * @param shadow the logical values of consecutive granules from {@code first}
     */
    static void resolve(VmallocSpace space, long first, byte[] shadow) {
        List<VmallocArea> freed = null;
        for (int i = 0; i < shadow.length; i++) {
            if (shadow[i] != ShadowBytes.VMALLOC_FREED && shadow[i] != ShadowBytes.VMALLOC_INVALID) {
                continue;
            }
            if (freed == null) {
                freed = space.waitingAreasOverlapping(first, first + ((long) shadow.length << ShadowBytes.SCALE_SHIFT));
            }
            shadow[i] = inFreedPages(freed, first + ((long) i << ShadowBytes.SCALE_SHIFT))
                    ? ShadowBytes.VMALLOC_FREED : ShadowBytes.VMALLOC_INVALID;
        }
    }

    private static boolean inFreedPages(List<VmallocArea> freed, long granule) {
        for (VmallocArea a : freed) {
            if (granule >= a.start() && granule < a.end() - VmallocSpace.PAGE) {
                return true;
            }
        }
        return false;
    }
}
