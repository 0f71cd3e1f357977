package io.jkasan.runtime.depot;

import java.util.Arrays;

/**
 * A whole stack as the JVM identifies it: per frame the declaring class, the method's id number in that class
 * and the bytecode index (with the class's constant pool version). Equal keys are the same methods at the
 * same indices in the same order, so they yield the same captured frames; two different stacks never share a
 * key, whatever their overloads, reflection or method handle frames.
 *
 * <p>A thread reads each capture into its own reusable key ({@link #refill}), which serves as the probe of the
 * depot's lookup; only a stack seen for the first time is copied into a key of its own ({@link #copy}).
 */
final class StackKey {
    private Class<?>[] classes;
    private long[] frames;
    private int depth;
    private int hash;

    /** @param capacity frames the key holds before it grows */
    StackKey(int capacity) {
        classes = new Class<?>[capacity];
        frames = new long[capacity];
    }

    /**
     * Empties the key for {@code newDepth} frames, growing it if needed.
     *
     * @param newDepth the frames that {@link #set} will fill
     */
    void refill(int newDepth) {
        if (newDepth > frames.length) {
            classes = new Class<?>[newDepth];
            frames = new long[newDepth];
        }
        depth = newDepth;
        hash = 1;
    }

    /**
     * @param i frame index, innermost first
     * @param type the frame's class
     * @param methodAndBci the method's id number in the high half, {@code bci << 16 | version} in the low half
     */
    void set(int i, Class<?> type, long methodAndBci) {
        classes[i] = type;
        frames[i] = methodAndBci;
        hash = 31 * (31 * hash + System.identityHashCode(type)) + Long.hashCode(methodAndBci);
    }

    /** @return a key of exactly this stack's frames, not shared with the capturing thread */
    StackKey copy() {
        StackKey k = new StackKey(0);
        k.classes = Arrays.copyOf(classes, depth);
        k.frames = Arrays.copyOf(frames, depth);
        k.depth = depth;
        k.hash = hash;
        return k;
    }

    Class<?> innermostClass() {
        return depth > 0 ? classes[0] : null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StackKey)) {
            return false;
        }
        StackKey other = (StackKey) o;
        if (other.hash != hash || other.depth != depth) {
            return false;
        }
        for (int i = 0; i < depth; i++) {
            if (frames[i] != other.frames[i] || classes[i] != other.classes[i]) {
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
