package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.depot.CallSites;

/**
 * Which areas are the program's own memory, whose owner must free it: the ones leak checks report.
 *
 * <p>An area counts if it was made by {@code Unsafe.allocateMemory} (kind {@code UNSAFE}) at a call site of
 * the application. Thread stacks belong to the stack cache, and memory whose owner the garbage collector
 * frees is no leak while that owner lives: direct buffers and automatic arenas, which the JDK allocates
 * through its own {@code Unsafe} calls and frees from a {@code Cleaner}. Today those calls are rewritten only
 * with {@code include_jdk=true}, so a call site in a JDK class is taken for such an owner. This method is the
 * one place that decides; an allocator that tags its areas with their owner extends it here.
 */
public final class ApplicationMemory {
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private ApplicationMemory() {
    }

    /**
     * @param area a live area
     * @return whether a leak check reports it if it is never freed
     */
    public static boolean isApplicationMemory(VmallocArea area) {
        if (area.kind() != VmallocArea.Kind.UNSAFE) {
            return false;
        }
        KasanFrame site = CallSites.get(area.callSite());
        return site == null || !isJdk(site.className());
    }

    private static boolean isJdk(String className) {
        for (String p : JDK) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
