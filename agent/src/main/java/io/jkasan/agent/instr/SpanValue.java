package io.jkasan.agent.instr;

import java.util.Objects;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.Value;

/**
 * What the grouping analysis knows about one operand-stack or local slot: either nothing, or one of the
 * shapes an {@code Unsafe} address or base takes in a codec, tied to the instruction that loaded its local.
 *
 * <pre>
 *   OFFSET           a long: [local, or (long) int local] + constant, or a constant alone; or, as a loop
 *                    indexes its memory, the sum of two such locals (the second is the {@link #addend})
 *   REFERENCE_LOCAL  the reference held by a local
 *   NULL             aconst_null
 *   INT_LOCAL        an int local, before i2l
 *   INT_CONSTANT     an int constant, before i2l
 * </pre>
 *
 * <p>Two values are equal only if they come from the same load instruction, so a data-flow merge of two
 * different loads yields {@link Kind#OTHER}.
 */
final class SpanValue implements Value {
    /** The shapes a value can have. */
    enum Kind { OTHER, NULL, REFERENCE_LOCAL, INT_LOCAL, INT_CONSTANT, OFFSET }

    /** A second local added to an {@link Kind#OFFSET}'s: its slot, whether widened from an int, its load. */
    record Term(int local, boolean widened, AbstractInsnNode load) {
    }

    private static final SpanValue OTHER_1 = new SpanValue(1, Kind.OTHER, -1, false, 0, null, null);
    private static final SpanValue OTHER_2 = new SpanValue(2, Kind.OTHER, -1, false, 0, null, null);
    static final SpanValue NULL = new SpanValue(1, Kind.NULL, -1, false, 0, null, null);

    final int size;
    final Kind kind;
    /** The local the value was loaded from, or -1. */
    final int local;
    /** For {@link Kind#OFFSET}: the local is an int, widened with {@code i2l}. */
    final boolean widened;
    final long constant;
    /** The instruction that loaded {@link #local}, or {@code null}. */
    final AbstractInsnNode load;
    /** For {@link Kind#OFFSET}: a second local added to {@link #local}, or {@code null}. */
    final Term addend;

    private SpanValue(int size, Kind kind, int local, boolean widened, long constant, AbstractInsnNode load,
            Term addend) {
        this.size = size;
        this.kind = kind;
        this.local = local;
        this.widened = widened;
        this.constant = constant;
        this.load = load;
        this.addend = addend;
    }

    /** @return a value nothing is known about, of 1 or 2 slots */
    static SpanValue other(int size) {
        return size == 2 ? OTHER_2 : OTHER_1;
    }

    static SpanValue referenceLocal(int local, AbstractInsnNode load) {
        return new SpanValue(1, Kind.REFERENCE_LOCAL, local, false, 0, load, null);
    }

    static SpanValue intLocal(int local, AbstractInsnNode load) {
        return new SpanValue(1, Kind.INT_LOCAL, local, false, 0, load, null);
    }

    static SpanValue intConstant(long value) {
        return new SpanValue(1, Kind.INT_CONSTANT, -1, false, value, null, null);
    }

    /** @return a long: {@code local} (or {@code (long) local} if widened, or nothing if -1) plus {@code constant} */
    static SpanValue offset(int local, boolean widened, long constant, AbstractInsnNode load) {
        return new SpanValue(2, Kind.OFFSET, local, widened, constant, load, null);
    }

    /** @return this offset plus {@code delta} */
    SpanValue plus(long delta) {
        return new SpanValue(2, Kind.OFFSET, local, widened, constant + delta, load, addend);
    }

    /**
     * @param other an offset on one local, without an addend
     * @return this offset (on one local, without an addend) plus {@code other}: its local becomes the addend
     */
    SpanValue plus(SpanValue other) {
        return new SpanValue(2, Kind.OFFSET, local, widened, constant + other.constant, load,
                new Term(other.local, other.widened, other.load));
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpanValue v && v.size == size && v.kind == kind && v.local == local
                && v.widened == widened && v.constant == constant && v.load == load
                && Objects.equals(v.addend, addend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, kind, local, widened, constant, System.identityHashCode(load),
                addend == null ? 0 : System.identityHashCode(addend.load()));
    }
}
