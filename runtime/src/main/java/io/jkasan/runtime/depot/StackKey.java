package io.jkasan.runtime.depot;

import java.util.Arrays;

/**
 * A whole stack as the JVM identifies it: per frame the declaring class, the method's id number in that class
 * and the bytecode index (with the class's constant pool version). Equal keys are the same methods at the
 * same indices in the same order, so they yield the same captured frames; two different stacks never share a
 * key, whatever their overloads, reflection or method handle frames.
 */
final class StackKey {
    private final Class<?>[] classes;
    private final long[] frames;
    private final int hash;

    StackKey(Class<?>[] classes, long[] frames) {
        this.classes = classes;
        this.frames = frames;
        int h = Arrays.hashCode(frames);
        for (Class<?> c : classes) {
            h = 31 * h + System.identityHashCode(c);
        }
        this.hash = h;
    }

    Class<?> innermostClass() {
        return classes[0];
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StackKey)) {
            return false;
        }
        StackKey other = (StackKey) o;
        if (other.hash != hash || !Arrays.equals(other.frames, frames)) {
            return false;
        }
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] != other.classes[i]) {
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
