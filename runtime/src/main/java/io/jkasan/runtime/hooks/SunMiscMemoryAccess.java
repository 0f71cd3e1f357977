package io.jkasan.runtime.hooks;

import jdk.internal.misc.VM;

/**
 * {@code --sun-misc-unsafe-memory-access=deny} (JDK 23+, JEP 471/498) for rewritten calls: the original
 * {@code sun.misc.Unsafe} memory method throws {@code UnsupportedOperationException} naming itself before
 * it does anything else ({@code beforeMemoryAccess} in {@code jdk.unsupported/sun/misc/Unsafe.java}), and so
 * does its bridge. The option is read once; on a JDK without it, or with {@code allow}, {@code warn} or
 * {@code debug}, nothing is ever thrown, and the JIT folds the test away.
 */
public final class SunMiscMemoryAccess {
    private static final boolean DENIED = "deny".equals(VM.getSavedProperty("sun.misc.unsafe.memory.access"));

    private SunMiscMemoryAccess() {
    }

    /**
     * @param method the {@code sun.misc.Unsafe} method being called
     * @throws UnsupportedOperationException if memory access through {@code sun.misc.Unsafe} is denied
     */
    public static void beforeMemoryAccess(String method) {
        if (DENIED) {
            throw new UnsupportedOperationException(method);
        }
    }
}
