package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * An application shutdown hook that writes past its buffer while the JVM exits: the report is made during
 * shutdown and still counted by the exit summary, which runs after every application hook. The twin's hook
 * writes inside the buffer.
 */
final class BugInShutdownHook implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(16);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            unsafe.putByte(p + (bug ? 16 : 15), (byte) 1);
            unsafe.freeMemory(p);
        }, "flusher"));
        return "hook installed";
    }
}
