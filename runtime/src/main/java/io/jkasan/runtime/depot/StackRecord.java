package io.jkasan.runtime.depot;

import io.jkasan.KasanFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable captured stack, shared by every allocation or free made from the same place (the
 * kernel's {@code depot_stack_handle_t}). Frames are resolved to {@link KasanFrame}s only when printed.
 *
 * <p>The depot finds a record by the JVM's backtrace of the whole stack ({@link StackKey}), which is exact.
 * Only where backtraces cannot be read are records themselves the key: two stacks are then the same when
 * every frame has the same declaring class, method name and bytecode index. Descriptors are not compared
 * there, since resolving them costs almost as much as the walk itself, so two overloads on otherwise equal
 * paths would share a record on such a JVM.
 */
public final class StackRecord {
    private final StackWalker.StackFrame[] frames;
    private final int hash;

    StackRecord(StackWalker.StackFrame[] frames) {
        this.frames = frames;
        int h = 1;
        for (StackWalker.StackFrame f : frames) {
            h = 31 * h + f.getDeclaringClass().hashCode();
            h = 31 * h + f.getMethodName().hashCode();
            h = 31 * h + f.getByteCodeIndex();
        }
        this.hash = h;
    }

    /** @return the number of frames */
    public int depth() {
        return frames.length;
    }

    /** @return the frames, innermost first, resolved for printing */
    public List<KasanFrame> resolve() {
        List<KasanFrame> out = new ArrayList<>(frames.length);
        for (StackWalker.StackFrame f : frames) {
            out.add(Frames.toKasanFrame(f));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StackRecord)) {
            return false;
        }
        StackRecord other = (StackRecord) o;
        if (other.hash != hash || other.frames.length != frames.length) {
            return false;
        }
        for (int i = 0; i < frames.length; i++) {
            StackWalker.StackFrame a = frames[i];
            StackWalker.StackFrame b = other.frames[i];
            if (a.getDeclaringClass() != b.getDeclaringClass() || a.getByteCodeIndex() != b.getByteCodeIndex()
                    || !a.getMethodName().equals(b.getMethodName())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(frames);
    }
}
