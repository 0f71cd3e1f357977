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
 * {@link #capture} returns {@code null} and the depot keys on the frames themselves.
 */
final class Backtraces {
    private static final int METHODS = 0;
    private static final int BCIS = 1;
    private static final int MIRRORS = 2;
    private static final long BACKTRACE = fieldOffset("backtrace");
    private static final long DEPTH = fieldOffset("depth");
    /**
     * Per thread: the key each capture refills. The throwable is new at every capture: refilling one long-lived
     * throwable stores the young backtrace into an old object, which takes G1's cross-region post-write barrier
     * (a card marked and refined) at every capture; a new one is young, so the JVM's stores into it are filtered
     * (docs/performance.md, section 2, "No shadow rewritten at purge, and a fresh throwable per stack").
     */
    private static final ThreadLocal<StackKey> KEYS = new ThreadLocal<StackKey>() {
        @Override
        protected StackKey initialValue() {
            return new StackKey(64);
        }
    };
    private static final boolean AVAILABLE = probe();

    private Backtraces() {
    }

    /** @return whether {@link #capture} gives keys on this JVM */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * @return the exact key of the calling thread's whole stack (as far as the JVM records it), or
     *     {@code null} if backtraces cannot be read; the key is the thread's own and is overwritten by its next
     *     capture ({@link StackKey#copy} keeps it)
     */
    static StackKey capture() {
        if (!AVAILABLE) {
            return null;
        }
        StackKey key = KEYS.get();
        return read(new Throwable(), key) ? key : null;
    }

    private static boolean read(Throwable t, StackKey key) {
        Object chunk = U.getReference(t, BACKTRACE);
        int depth = U.getInt(t, DEPTH);
        if (!(chunk instanceof Object[]) || depth <= 0) {
            return false;
        }
        key.refill(depth);
        int i = 0;
        while (i < depth && chunk instanceof Object[]) {
            Object[] c = (Object[]) chunk;
            short[] methods = (short[]) c[METHODS];
            int[] bcis = (int[]) c[BCIS];
            Object[] mirrors = (Object[]) c[MIRRORS];
            for (int j = 0; j < methods.length && i < depth; j++, i++) {
                key.set(i, (Class<?>) mirrors[j], ((long) methods[j] << 32) | (bcis[j] & 0xFFFFFFFFL));
            }
            chunk = c[c.length - 2];                                   // trace_next_offset
        }
        return i == depth;
    }

    /** Reads the backtrace of a throwable made here and checks its innermost frame is this class's. */
    private static boolean probe() {
        try {
            if (BACKTRACE < 0 || DEPTH < 0) {
                return false;
            }
            Throwable t = new Throwable();
            Object chunk = U.getReference(t, BACKTRACE);
            if (!(chunk instanceof Object[])) {
                return false;
            }
            Object[] c = (Object[]) chunk;
            if (c.length < 6 || !(c[METHODS] instanceof short[]) || !(c[BCIS] instanceof int[])
                    || !(c[MIRRORS] instanceof Object[])) {
                return false;
            }
            StackKey k = new StackKey(8);
            return read(t, k) && k.innermostClass() == Backtraces.class;
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
