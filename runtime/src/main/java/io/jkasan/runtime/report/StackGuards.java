package io.jkasan.runtime.report;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.report.model.GuardPageDescription;

/**
 * Recognises an address in a thread stack's guard pages: the area's own guard above the stack, or the
 * page just below its base (as {@code arch/x86/mm/fault.c} treats a fault within a page of either end).
 */
final class StackGuards {
    private StackGuards() {
    }

    /**
     * @param space the vmalloc space
     * @param address a bad address
     * @return the stack whose guard page holds it, or {@code null}
     */
    static GuardPageDescription stackOfGuardPage(VmallocSpace space, long address) {
        VmallocArea area = space.areaContaining(address);
        if (area != null && area.kind() == VmallocArea.Kind.THREAD_STACK && !area.isFreed()
                && address >= area.start() + area.size()) {
            return new GuardPageDescription(area.start(), area.start() + area.size() - 1);
        }
        VmallocArea above = space.areaAbove(address, VmallocSpace.PAGE);
        if (above != null && above.kind() == VmallocArea.Kind.THREAD_STACK && !above.isFreed()
                && address < above.start() && above.start() - address <= VmallocSpace.PAGE) {
            return new GuardPageDescription(above.start(), above.start() + above.size() - 1);
        }
        return null;
    }
}
