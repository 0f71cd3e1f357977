package io.jkasan.runtime.stack;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.depot.Frames;
import java.util.ArrayList;
import java.util.List;

/**
 * One pushed frame of a guarded stack: where it was pushed, the range it covers and the objects it holds
 * (what the kernel prints as "this frame has N objects").
 */
public final class StackFrameRecord {
    private final StackFrameRecord parent;
    private final StackWalker.StackFrame pushedAt;
    private final long high;
    private final int depth;
    private long low;
    private final List<long[]> objects = new ArrayList<>();
    private volatile boolean popped;

    /**
     * @param parent the enclosing frame, or {@code null}
     * @param pushedAt where {@code push()} was called, or {@code null}
     * @param high the stack pointer at push
     */
    public StackFrameRecord(StackFrameRecord parent, StackWalker.StackFrame pushedAt, long high) {
        this.parent = parent;
        this.pushedAt = pushedAt;
        this.high = high;
        this.low = high;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** @return the enclosing frame, or {@code null} */
    public StackFrameRecord parent() {
        return parent;
    }

    /**
     * @return where {@code push()} was called, or {@code null} if unknown ({@code stack_depth=0}); resolved
     *     only now, on the report path, so that a push costs one short stack walk and no name lookups
     */
    public KasanFrame pushedAt() {
        return pushedAt == null ? null : Frames.toKasanFrame(pushedAt);
    }

    /** @return the frame's top (exclusive): the stack pointer at push */
    public long high() {
        return high;
    }

    /** @return the frame's lowest address so far */
    public long low() {
        return low;
    }

    /** @param low the frame's new lowest address */
    public void setLow(long low) {
        this.low = low;
    }

    /** @return nesting depth, 0 for the outermost frame */
    public int depth() {
        return depth;
    }

    /**
     * @param address an object allocated in this frame
     * @param size its size in bytes
     */
    public void addObject(long address, long size) {
        objects.add(new long[] {address, size});
    }

    /** @return the objects as {@code {address, size}} pairs, in allocation order */
    public List<long[]> objects() {
        return objects;
    }

    /** @return whether the frame was closed */
    public boolean isPopped() {
        return popped;
    }

    /** Marks the frame closed. */
    public void markPopped() {
        popped = true;
    }

    /** @return e.g. {@code frame #1 pushed at com.example.Parser.parse+0x12/0x80 (Parser.java:40)} */
    public String describe() {
        KasanFrame at = pushedAt();
        return "frame #" + depth + " pushed at " + (at == null ? "(unknown)" : at.toString());
    }
}
