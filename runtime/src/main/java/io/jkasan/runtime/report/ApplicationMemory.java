package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.depot.StackRecord;

/**
 * Which areas are the program's own memory, whose owner must free it: the ones leak checks report.
 *
 * <p>An area counts if it was made by {@code Unsafe.allocateMemory} (kind {@code UNSAFE}) at a call site of
 * the application. Thread stacks belong to the stack cache, and memory whose owner the garbage collector
 * frees is no leak while that owner lives: direct buffers and automatic arenas, which the JDK allocates
 * through its own {@code Unsafe} calls and frees from a {@code Cleaner}. Such an allocation reaches jkasan
 * either at a rewritten call site in a JDK class ({@code include_jdk=true}) or through the intercepted
 * {@code Unsafe.allocateMemory} itself, with no call site; then the allocation stack tells: its first frame
 * past the two {@code Unsafe} classes is the caller, and a caller in the JDK is taken for such an owner
 * ({@code DirectByteBuffer.<init>}, the FFM arenas). An area with neither a call site nor a recorded stack
 * ({@code stack_depth=0}) counts. This class is the one place that decides.
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
        if (site != null) {
            return !isJdk(site.className());
        }
        StackRecord stack = area.allocStack();
        if (stack != null) {
            for (KasanFrame f : stack.resolve()) {
                if (!f.className().equals("jdk.internal.misc.Unsafe") && !f.className().equals("sun.misc.Unsafe")) {
                    return !isJdk(f.className());
                }
            }
        }
        return true;
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
