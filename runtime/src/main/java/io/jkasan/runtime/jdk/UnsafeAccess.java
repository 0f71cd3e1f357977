package io.jkasan.runtime.jdk;

import jdk.internal.misc.Unsafe;

/**
 * The runtime's one handle on raw memory: {@code jdk.internal.misc.Unsafe}.
 *
 * <p>The internal class, not {@code sun.misc.Unsafe}: on JDK 24+ the latter prints a deprecation warning
 * the first time its memory methods run (JEP 498), and jkasan must add no warning of its own. The agent
 * exports {@code jdk.internal.misc} to the runtime with {@code Instrumentation.redefineModule}; tests and
 * benchmarks pass {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}.
 */
public final class UnsafeAccess {
    /** The JDK's internal Unsafe. */
    public static final Unsafe U = Unsafe.getUnsafe();

    private UnsafeAccess() {
    }
}
