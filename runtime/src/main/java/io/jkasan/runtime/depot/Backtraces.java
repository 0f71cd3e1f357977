package io.jkasan.runtime.depot;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

/**
 * Cheap exact stack keys from HotSpot's own backtrace: {@code Throwable.fillInStackTrace} records, per frame,
 * the method's class mirror, its id number in that class ({@code Method::orig_method_idnum}) and its bytecode
 * index with the constant pool version, in chunks of 32 frames ({@code BacktraceBuilder},
 * {@code src/hotspot/share/classfile/javaClasses.cpp}). That is one native walk without a Java object per
 * frame and without resolving any method, several times cheaper than a {@link StackWalker} walk that asks
 * every frame for its method name (docs/performance.md, "Cheaper allocation and free").
 *
 * <p>The chunk is an {@code Object[]}: {@code short[]} method id numbers at 0, {@code int[]} of
 * {@code bci << 16 | version} at 1, the {@code Class} mirrors at 2, and the next chunk second to last (JDK 17:
 * six slots; JDK 19 and later add the continuation names: seven). The layout is checked once at class
 * initialisation on a frame whose class is known; on any other JVM, or with {@code -XX:-StackTraceInThrowable},
 * {@link #of} returns {@code null} and the depot keys on the frames themselves.
 */
final class Backtraces {
    /** Slot of the chunk's {@code short[]} of method id numbers. */
    static final int METHODS = 0;
    /** Slot of the chunk's {@code int[]} of {@code bci << 16 | version}. */
    static final int BCIS = 1;
    /** Slot of the chunk's {@code Object[]} of class mirrors. */
    static final int MIRRORS = 2;
    private static final long BACKTRACE = fieldOffset("backtrace");
    private static final long DEPTH = fieldOffset("depth");
    private static final boolean AVAILABLE = probe();

    private Backtraces() {
    }

    /** @return whether {@link #of} reads backtraces on this JVM */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * @param t a throwable just made by the capturing code, with its stack trace filled in
     * @return the stack the JVM recorded in it (the whole stack, as far as the JVM records it), or {@code null}
     *     if backtraces cannot be read on this JVM
     */
    static Backtrace of(Throwable t) {
        return AVAILABLE ? read(t) : null;
    }

    private static Backtrace read(Throwable t) {
        return Backtrace.of(U.getReference(t, BACKTRACE), U.getInt(t, DEPTH));
    }

    /** Reads the backtrace of a throwable made here and checks its innermost frame is this class's. */
    private static boolean probe() {
        try {
            if (BACKTRACE < 0 || DEPTH < 0) {
                return false;
            }
            Throwable t = new Throwable();
            Object chunk = U.getReference(t, BACKTRACE);
            if (!(chunk instanceof Object[]) || ((Object[]) chunk).length < 6) {
                return false;
            }
            Backtrace b = read(t);
            return b != null && b.toKey().innermostClass() == Backtraces.class;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static long fieldOffset(String name) {
        try {
            return U.objectFieldOffset(Throwable.class, name);
        } catch (RuntimeException | InternalError e) {
            return -1;
        }
    }
}
