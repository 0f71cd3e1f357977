package io.jkasan.runtime.report;

import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.report.model.ShadowDump;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMemory;

/**
 * Copies the shadow around the first bad address when a report is captured, so that rendering never reads
 * live shadow: 5 rows of 16 bytes, the first bad address in the middle row (the kernel's
 * {@code print_shadow_for_address}).
 */
final class ShadowCapture {
    private ShadowCapture() {
    }

    /**
     * @param space the vmalloc space, which tells a freed area's poison from free space's ({@link AreaPoison})
     * @param firstBad the first bad address
     * @return the rows around it
     */
    static ShadowDump around(VmallocSpace space, long firstBad) {
        long guilty = firstBad & -ShadowDump.ROW_SPAN;
        long first = guilty - 2L * ShadowDump.ROW_SPAN;
        byte[] b = new byte[ShadowDump.ROWS * ShadowDump.PER_ROW];
        // The rows as eager unpoisoning would have left them: the pages of a large live area that no access
        // reached still hold a poison value (LazyShadow).
        space.materialize(first, (long) b.length << ShadowBytes.SCALE_SHIFT);
        ShadowMemory.copy(first, b, b.length);
        AreaPoison.resolve(space, first, b);
        return new ShadowDump(first, 2, (int) ((firstBad - guilty) >>> 3), b);
    }
}
