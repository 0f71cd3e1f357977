package io.jkasan.runtime.report.model;

import io.jkasan.KasanFrame;
import java.util.List;
import java.util.Optional;

/**
 * An address in an open or popped frame of a guarded thread stack: the owner, the offset in the frame,
 * where the frame was pushed and its objects (the kernel's "belongs to stack of task" and "This frame has N
 * object(s)", {@code print_address_stack_frame} in {@code mm/kasan/report_generic.c}).
 */
public final class StackFrameDescription implements AddressDescription {
    private final Optional<Task> owner;
    private final long offset;
    private final int depth;
    private final boolean popped;
    private final Optional<KasanFrame> pushedAt;
    private final List<StackObject> objects;

    /**
     * @param owner the thread that owns the stack; empty once it has ended
     * @param offset the address's offset from the frame's lowest address
     * @param depth the frame's nesting depth, 0 for the outermost
     * @param popped whether the frame was closed
     * @param pushedAt where {@code ThreadStack.push()} was called, if recorded
     * @param objects the frame's objects, in allocation order
     */
    public StackFrameDescription(Optional<Task> owner, long offset, int depth, boolean popped,
            Optional<KasanFrame> pushedAt, List<StackObject> objects) {
        this.owner = owner;
        this.offset = offset;
        this.depth = depth;
        this.popped = popped;
        this.pushedAt = pushedAt;
        this.objects = List.copyOf(objects);
    }

    /** @return the thread that owns the stack; empty once it has ended */
    public Optional<Task> owner() {
        return owner;
    }

    /** @return the address's offset from the frame's lowest address */
    public long offset() {
        return offset;
    }

    /** @return the frame's nesting depth, 0 for the outermost */
    public int depth() {
        return depth;
    }

    /** @return whether the frame was closed */
    public boolean popped() {
        return popped;
    }

    /** @return where the frame was pushed, if recorded */
    public Optional<KasanFrame> pushedAt() {
        return pushedAt;
    }

    /** @return the frame's objects, in allocation order */
    public List<StackObject> objects() {
        return objects;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.stackFrame(this);
    }
}
