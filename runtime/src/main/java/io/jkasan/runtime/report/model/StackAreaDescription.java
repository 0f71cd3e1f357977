package io.jkasan.runtime.report.model;

import java.util.Optional;

/** An address on a guarded thread stack that no open or remembered frame covers. */
public final class StackAreaDescription implements AddressDescription {
    private final Optional<Task> owner;
    private final long offset;
    private final long stackStart;
    private final long stackSize;

    /**
     * @param owner the thread that owns the stack; empty once it has ended
     * @param offset the address's offset from the stack's lowest address
     * @param stackStart the stack's lowest address
     * @param stackSize its size in bytes
     */
    public StackAreaDescription(Optional<Task> owner, long offset, long stackStart, long stackSize) {
        this.owner = owner;
        this.offset = offset;
        this.stackStart = stackStart;
        this.stackSize = stackSize;
    }

    /** @return the thread that owns the stack; empty once it has ended */
    public Optional<Task> owner() {
        return owner;
    }

    /** @return the address's offset from the stack's lowest address */
    public long offset() {
        return offset;
    }

    /** @return the stack's lowest address */
    public long stackStart() {
        return stackStart;
    }

    /** @return the stack's size in bytes */
    public long stackSize() {
        return stackSize;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.stackArea(this);
    }
}
