package io.jkasan.runtime.depot;

/**
 * A whole stack as the JVM identifies it, stored in the depot: per frame the declaring class, the method's id
 * number in that class and the bytecode index (with the class's constant pool version). Equal keys are the same
 * methods at the same indices in the same order, so they yield the same captured frames; two different stacks
 * never share a key, whatever their overloads, reflection or method handle frames.
 *
 * <p>A lookup probes with a {@link Backtrace}, which reads the capture in place; a key is made only for a stack
 * seen for the first time ({@link Backtrace#toKey}).
 */
final class StackKey {
    private final Class<?>[] classes;
    private final long[] frames;
    private final int hash;

    StackKey(Class<?>[] classes, long[] frames, int hash) {
        this.classes = classes;
        this.frames = frames;
        this.hash = hash;
    }

    /**
     * @param method the method's id number in its class
     * @param bciAndVersion {@code bci << 16 | version}
     * @return one frame's method and bytecode index as one number
     */
    static long frame(short method, int bciAndVersion) {
        return ((long) method << 32) | (bciAndVersion & 0xFFFFFFFFL);
    }

    /** @return {@code hash} extended by one frame; the classes are left to the comparison */
    static int mix(int hash, long frame) {
        return 31 * hash + Long.hashCode(frame);
    }

    int depth() {
        return frames.length;
    }

    boolean frameIs(int i, Class<?> type, long frame) {
        return frames[i] == frame && classes[i] == type;
    }

    Class<?> innermostClass() {
        return classes.length > 0 ? classes[0] : null;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Backtrace) {
            return ((Backtrace) o).sameFrames(this);
        }
        if (!(o instanceof StackKey)) {
            return false;
        }
        StackKey other = (StackKey) o;
        if (other.hash != hash || other.frames.length != frames.length) {
            return false;
        }
        for (int i = 0; i < frames.length; i++) {
            if (!other.frameIs(i, classes[i], frames[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
