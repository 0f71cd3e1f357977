package io.jkasan.runtime.exit;

import java.util.Iterator;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The exit status the program asked for, so that jkasan can tell a run that would succeed from one that
 * already fails (docs/usage.md, "Exit status").
 *
 * <p>{@code Runtime.exit(n)} (and the JDK's signal handlers) end in {@code java.lang.Shutdown.exit(int)},
 * which runs the shutdown hooks on the exiting thread and then halts with {@code n}; no API tells a hook
 * what {@code n} is. The agent therefore rewrites {@code Shutdown.exit} to call {@link #exiting} first,
 * and jkasan's exit handler, which runs as a system shutdown hook on that same thread, reads it back. When
 * the last non-daemon thread ends instead, the hooks run from {@code Shutdown.shutdown()} (JNI
 * {@code DestroyJavaVM}): the program returned from {@code main}, and the launcher exits with 0 (or 1 after
 * an uncaught exception in {@code main}, which a hook cannot tell apart).
 */
public final class ProgramExit {
    private static final String SHUTDOWN = "java.lang.Shutdown";
    private static final ThreadLocal<Integer> STATUS = new ThreadLocal<Integer>();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private ProgramExit() {
    }

    /**
     * Called by the rewritten {@code java.lang.Shutdown.exit(int)} with the status the JVM will halt with.
     * Never throws: an exception here would come out of {@code System.exit}.
     *
     * @param status the exit status
     */
    public static void exiting(int status) {
        try {
            STATUS.set(Integer.valueOf(status));
        } catch (Throwable ignored) {
            // The status stays unknown; jkasan then leaves it alone.
        }
    }

    /**
     * @return the status the program exits with, known on the thread that runs the shutdown hooks: the one
     *     given to {@code Shutdown.exit}, or 0 when {@code main} returned; empty when it cannot be known
     */
    static OptionalInt status() {
        String entry = WALKER.walk(new ShutdownEntry());
        if ("exit".equals(entry)) {
            Integer s = STATUS.get();
            return s == null ? OptionalInt.empty() : OptionalInt.of(s);
        }
        return "shutdown".equals(entry) ? OptionalInt.of(0) : OptionalInt.empty();
    }

    /** The method of {@code java.lang.Shutdown} that runs the hooks on this thread, or {@code null}. */
    private static final class ShutdownEntry implements Function<Stream<StackWalker.StackFrame>, String> {
        @Override
        public String apply(Stream<StackWalker.StackFrame> frames) {
            String entry = null;
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext();) {
                StackWalker.StackFrame f = it.next();
                if (f.getClassName().equals(SHUTDOWN)
                        && (f.getMethodName().equals("exit") || f.getMethodName().equals("shutdown"))) {
                    entry = f.getMethodName();
                }
            }
            return entry;
        }
    }
}
