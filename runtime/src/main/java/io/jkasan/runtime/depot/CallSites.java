package io.jkasan.runtime.depot;

import io.jkasan.KasanFrame;
import java.util.Arrays;

/**
 * Allocation call sites known at rewrite time. The agent registers each rewritten allocation call and
 * passes the returned id as a constant to the bridge, so an area remembers where it was made ("created by:")
 * even with {@code stack_depth=0} (design §Decisions 6).
 */
public final class CallSites {
    private static final Object LOCK = new Object();
    private static volatile KasanFrame[] sites = new KasanFrame[64];
    private static int count = 1;                     // 0 means "unknown site"

    private CallSites() {
    }

    /**
     * Registers an allocation call site.
     *
     * @param className fully qualified class name (dots)
     * @param methodName method name
     * @param bytecodeIndex index of the call instruction
     * @param codeLength length of the method's code
     * @param fileName source file, or {@code null}
     * @param lineNumber line number, or -1
     * @return the id to pass to the bridge
     */
    public static int register(String className, String methodName, int bytecodeIndex, int codeLength,
            String fileName, int lineNumber) {
        KasanFrame frame = new KasanFrame(className, methodName, bytecodeIndex, codeLength, fileName, lineNumber);
        synchronized (LOCK) {
            KasanFrame[] s = sites;
            if (count == s.length) {
                s = Arrays.copyOf(s, s.length * 2);
            }
            s[count] = frame;
            sites = s;
            return count++;
        }
    }

    /**
     * @param id an id from {@link #register}
     * @return the site, or {@code null} for 0 or an unknown id
     */
    public static KasanFrame get(int id) {
        KasanFrame[] s = sites;
        return id > 0 && id < s.length ? s[id] : null;
    }
}
