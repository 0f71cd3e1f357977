package io.jkasan.agent.instr.targets;

import jdk.internal.misc.Unsafe;

/** Calls {@code jdk.internal.misc.Unsafe}, whose bridges live in a second hook class; snapshot target. */
public final class InternalUnsafeTarget {
    private static final Unsafe U = Unsafe.getUnsafe();

    private InternalUnsafeTarget() {
    }

    static long allocateAndRead(long bytes) {
        long address = U.allocateMemory(bytes);
        long value = U.getLongUnaligned(null, address + 1);
        U.freeMemory(address);
        return value;
    }
}
