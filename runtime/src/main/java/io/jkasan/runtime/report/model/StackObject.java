package io.jkasan.runtime.report.model;

/** One object of a thread-stack frame, as offsets from the frame's lowest address. */
public final class StackObject {
    private final long from;
    private final long to;

    /**
     * @param from offset of its first byte
     * @param to offset one past its last byte
     */
    public StackObject(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** @return offset of the object's first byte from the frame's lowest address */
    public long from() {
        return from;
    }

    /** @return offset one past its last byte */
    public long to() {
        return to;
    }
}
