package io.jkasan.runtime.depot;

/**
 * One capture's stack, read in place from the JVM's backtrace chunks ({@link Backtraces}): the probe of a depot
 * lookup. Reading it costs one pass over the chunks' {@code short[]} and {@code int[]} to hash, and one more to
 * compare with a stored {@link StackKey}; nothing is copied unless the stack is new ({@link #toKey}).
 *
 * <p>The hash covers the method id numbers and bytecode indices only; the classes are compared, by identity,
 * in {@link #sameFrames}. A probe is made per capture and never stored.
 */
final class Backtrace {
    private final Object[] firstChunk;
    private final int depth;
    private final int hash;

    private Backtrace(Object[] firstChunk, int depth, int hash) {
        this.firstChunk = firstChunk;
        this.depth = depth;
        this.hash = hash;
    }

    /**
     * @param chunk the throwable's first backtrace chunk
     * @param depth the frames it recorded
     * @return the probe, or {@code null} if the chunks do not hold {@code depth} frames in the expected layout
     */
    static Backtrace of(Object chunk, int depth) {
        if (!(chunk instanceof Object[]) || depth <= 0) {
            return null;
        }
        int hash = 1;
        int i = 0;
        Object c = chunk;
        while (i < depth && c instanceof Object[]) {
            Object[] frames = (Object[]) c;
            if (!(frames[Backtraces.METHODS] instanceof short[]) || !(frames[Backtraces.BCIS] instanceof int[])
                    || !(frames[Backtraces.MIRRORS] instanceof Object[])) {
                return null;
            }
            short[] methods = (short[]) frames[Backtraces.METHODS];
            int[] bcis = (int[]) frames[Backtraces.BCIS];
            int n = Math.min(methods.length, depth - i);
            for (int j = 0; j < n; j++) {
                hash = StackKey.mix(hash, StackKey.frame(methods[j], bcis[j]));
            }
            i += n;
            c = frames[frames.length - 2];                             // trace_next_offset
        }
        return i == depth ? new Backtrace((Object[]) chunk, depth, hash) : null;
    }

    /** @return whether {@code key} holds exactly these frames */
    boolean sameFrames(StackKey key) {
        return key.hashCode() == hash && key.depth() == depth && walk(new Comparison(key));
    }

    /** @return a stored key of these frames */
    StackKey toKey() {
        Copy copy = new Copy(depth);
        walk(copy);
        return new StackKey(copy.classes, copy.frames, hash);
    }

    /** Hands each frame, innermost first, to {@code visitor} until it answers {@code false}. */
    private boolean walk(FrameVisitor visitor) {
        int i = 0;
        for (Object[] c = firstChunk; i < depth; c = (Object[]) c[c.length - 2]) {
            short[] methods = (short[]) c[Backtraces.METHODS];
            int[] bcis = (int[]) c[Backtraces.BCIS];
            Object[] mirrors = (Object[]) c[Backtraces.MIRRORS];
            int n = Math.min(methods.length, depth - i);
            for (int j = 0; j < n; j++, i++) {
                if (!visitor.frame(i, (Class<?>) mirrors[j], StackKey.frame(methods[j], bcis[j]))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What a walk does with one frame; {@code false} stops it. */
    private interface FrameVisitor {
        boolean frame(int i, Class<?> type, long frame);
    }

    /** Compares each frame with a stored key's. */
    private static final class Comparison implements FrameVisitor {
        private final StackKey key;

        Comparison(StackKey key) {
            this.key = key;
        }

        @Override
        public boolean frame(int i, Class<?> type, long frame) {
            return key.frameIs(i, type, frame);
        }
    }

    /** Copies each frame into the arrays of a new key. */
    private static final class Copy implements FrameVisitor {
        private final Class<?>[] classes;
        private final long[] frames;

        Copy(int depth) {
            classes = new Class<?>[depth];
            frames = new long[depth];
        }

        @Override
        public boolean frame(int i, Class<?> type, long frame) {
            classes[i] = type;
            frames[i] = frame;
            return true;
        }
    }

    /** Equal to the stored key of the same stack ({@link StackKey#equals} answers the same way). */
    @Override
    public boolean equals(Object o) {
        return o instanceof StackKey && sameFrames((StackKey) o);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
