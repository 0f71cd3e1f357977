package io.jkasan.runtime.hooks;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the {@code Unsafe} call sites the agent left as they were because no bridge serves them on the
 * running JDK: a method jkasan does not know to be free of memory accesses and that has no row in the
 * bridge table, or a row the running JDK does not declare (the original call then fails as it would without
 * jkasan). Such a site is never rewritten into a call that cannot link; it is counted so that
 * {@code Jkasan.statistics()} shows what went unchecked.
 */
public final class UnbridgedCallSites {
    private static final LongAdder COUNT = new LongAdder();

    private UnbridgedCallSites() {
    }

    /** Counts one call site left unchecked. */
    public static void add() {
        COUNT.increment();
    }

    /** @return call sites left unchecked so far */
    public static long count() {
        return COUNT.sum();
    }
}
