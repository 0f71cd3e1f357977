package io.jkasan.runtime.depot;

import io.jkasan.KasanFrame;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allocation call sites known at rewrite time. The agent registers each rewritten allocation call and
 * passes the returned id as a constant to the bridge, so an area remembers where it was made ("created by:")
 * even with {@code stack_depth=0} (docs/design.md, "Reports").
 */
public final class CallSites {
    /** The call site of an allocation no rewritten call made: the JDK's own, through the allocator prologue. */
    public static final int UNKNOWN = 0;
    private static final Object LOCK = new Object();
    private static volatile KasanFrame[] sites = new KasanFrame[64];
    private static int count = UNKNOWN + 1;
    private static final ConcurrentHashMap<String, int[][]> BCI_MAPS = new ConcurrentHashMap<>();

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
     * Records where the call instructions of a rewritten method were before rewriting. Pushing a call-site
     * id before an allocation bridge moves every later instruction; a stack walk sees the rewritten
     * offsets, and reports must show the original ones (those of the class file, whose code length they
     * print beside).
     *
     * @param className fully qualified class name (dots)
     * @param methodName method name
     * @param descriptor method descriptor
     * @param rewritten offsets of the method's invoke instructions after rewriting, ascending
     * @param original offsets of the same instructions before rewriting
     */
    public static void registerBciMap(String className, String methodName, String descriptor, int[] rewritten,
            int[] original) {
        if (rewritten.length != original.length) {
            throw new IllegalArgumentException("jkasan: bytecode index maps differ in length for " + className + "."
                    + methodName + descriptor);
        }
        BCI_MAPS.put(className + '.' + methodName + descriptor, new int[][] {rewritten.clone(), original.clone()});
    }

    /**
     * @param className fully qualified class name
     * @param methodName method name
     * @param descriptor method descriptor
     * @param bci a bytecode index seen on a stack
     * @return the index it had before rewriting
     */
    public static int originalBci(String className, String methodName, String descriptor, int bci) {
        if (BCI_MAPS.isEmpty()) {
            return bci;
        }
        int[][] map = BCI_MAPS.get(className + '.' + methodName + descriptor);
        if (map == null) {
            return bci;
        }
        int i = Arrays.binarySearch(map[0], bci);
        return i >= 0 ? map[1][i] : bci;
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
