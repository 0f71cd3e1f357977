package io.jkasan.agent.instr;

import java.util.Objects;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.Value;

/**
 * What the grouping analysis knows about one operand-stack or local slot: either nothing, or one of the
 * shapes an {@code Unsafe} address or base takes in a codec or a loop, tied to the instruction that loaded its
 * local.
 *
 * <pre>
 *   OFFSET           a long: term + constant, or a constant alone; or, as a loop indexes its memory, the sum
 *                    of two terms (the second is the {@link #addend}) and a constant. A term is a local, or an
 *                    int local widened with i2l, times a positive constant scale (1, or an index times an
 *                    element size: i * 8, i &lt;&lt; 3, the product taken in int or in long)
 *   REFERENCE_LOCAL  the reference held by a local
 *   NULL             aconst_null
 *   INT_LOCAL        an int local, before i2l
 *   INT_PRODUCT      an int local times a positive int constant, in int, before i2l
 *   INT_CONSTANT     an int constant, before i2l
 * </pre>
 *
 * <p>Two values are equal only if they come from the same load instruction, so a data-flow merge of two
 * different loads yields {@link Kind#OTHER}.
 */
final class SpanValue implements Value {
    /** The shapes a value can have. */
    enum Kind { OTHER, NULL, REFERENCE_LOCAL, INT_LOCAL, INT_PRODUCT, INT_CONSTANT, OFFSET }

    /**
     * A local in an address: its slot, whether it is an int widened with {@code i2l}, the constant it is
     * multiplied by, whether that product was taken in {@code int} (before the widening, so it may wrap), and
     * the instruction that loaded it.
     */
    record Term(int local, boolean widened, long scale, boolean intProduct, AbstractInsnNode load) {
        /** @return the term of a local used as it is */
        static Term of(int local, boolean widened, AbstractInsnNode load) {
            return new Term(local, widened, 1, false, load);
        }

        /** @return this term times {@code factor}, the product taken in {@code int} or not */
        Term times(long factor, boolean inInt) {
            return new Term(local, widened, scale * factor, inInt, load);
        }

        // equals and hashCode are written out because a record's own are an invokedynamic of
        // java.lang.runtime.ObjectMethods, whose first bootstrap spins about ten method-handle classes (some 25 ms of
        // the first class the agent rewrites, docs/performance.md, section 4). The load is compared by identity, as
        // the record's would (AbstractInsnNode keeps Object's equals).

        @Override
        public boolean equals(Object o) {
            return o instanceof Term t && t.local == local && t.widened == widened && t.scale == scale
                    && t.intProduct == intProduct && t.load == load;
        }

        @Override
        public int hashCode() {
            return ((local * 31 + Boolean.hashCode(widened)) * 31 + Long.hashCode(scale)) * 31
                    + Boolean.hashCode(intProduct) + System.identityHashCode(load) * 961;
        }
    }

    private static final SpanValue OTHER_1 = new SpanValue(1, Kind.OTHER, null, 0, null);
    private static final SpanValue OTHER_2 = new SpanValue(2, Kind.OTHER, null, 0, null);
    static final SpanValue NULL = new SpanValue(1, Kind.NULL, null, 0, null);

    final int size;
    final Kind kind;
    /** The local the value was loaded from, or -1. */
    final int local;
    /** For {@link Kind#OFFSET}: the local is an int, widened with {@code i2l}. */
    final boolean widened;
    /** For {@link Kind#OFFSET} and {@link Kind#INT_PRODUCT}: the factor {@link #local} is multiplied by. */
    final long scale;
    /** For {@link Kind#OFFSET}: that product was taken in {@code int}, before the widening. */
    final boolean intProduct;
    final long constant;
    /** The instruction that loaded {@link #local}, or {@code null}. */
    final AbstractInsnNode load;
    /** For {@link Kind#OFFSET}: a second term added to the first, or {@code null}. */
    final Term addend;

    private SpanValue(int size, Kind kind, Term term, long constant, Term addend) {
        this.size = size;
        this.kind = kind;
        this.local = term == null ? -1 : term.local();
        this.widened = term != null && term.widened();
        this.scale = term == null ? 1 : term.scale();
        this.intProduct = term != null && term.intProduct();
        this.load = term == null ? null : term.load();
        this.constant = constant;
        this.addend = addend;
    }

    /** @return a value nothing is known about, of 1 or 2 slots */
    static SpanValue other(int size) {
        return size == 2 ? OTHER_2 : OTHER_1;
    }

    static SpanValue referenceLocal(int local, AbstractInsnNode load) {
        return new SpanValue(1, Kind.REFERENCE_LOCAL, Term.of(local, false, load), 0, null);
    }

    static SpanValue intLocal(int local, AbstractInsnNode load) {
        return new SpanValue(1, Kind.INT_LOCAL, Term.of(local, false, load), 0, null);
    }

    static SpanValue intConstant(long value) {
        return new SpanValue(1, Kind.INT_CONSTANT, null, value, null);
    }

    /** @return a long: {@code local} (or {@code (long) local} if widened, or nothing if -1) plus {@code constant} */
    static SpanValue offset(int local, boolean widened, long constant, AbstractInsnNode load) {
        return new SpanValue(2, Kind.OFFSET, local < 0 ? null : Term.of(local, widened, load), constant, null);
    }

    /** @return the first term of an {@link Kind#OFFSET}, {@link Kind#INT_LOCAL} or {@link Kind#INT_PRODUCT} */
    Term term() {
        return local < 0 ? null : new Term(local, widened, scale, intProduct, load);
    }

    /** @return this int local times a positive {@code factor}, in {@code int} */
    SpanValue intTimes(long factor) {
        return new SpanValue(1, Kind.INT_PRODUCT, term().times(factor, true), 0, null);
    }

    /** @return this int product widened: an offset whose term keeps the product's scale, taken in int */
    SpanValue widenedProduct() {
        return new SpanValue(2, Kind.OFFSET, new Term(local, true, scale, true, load), 0, null);
    }

    /** @return this offset (one term of scale 1, constant 0, no addend) times a positive {@code factor}, in long */
    SpanValue times(long factor) {
        return new SpanValue(2, Kind.OFFSET, term().times(factor, false), 0, null);
    }

    /** @return this offset plus {@code delta} */
    SpanValue plus(long delta) {
        return new SpanValue(2, Kind.OFFSET, term(), constant + delta, addend);
    }

    /**
     * @param other an offset on one term, without an addend
     * @return this offset (on one term, without an addend) plus {@code other}: its term becomes the addend
     */
    SpanValue plus(SpanValue other) {
        return new SpanValue(2, Kind.OFFSET, term(), constant + other.constant, other.term());
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpanValue v && v.size == size && v.kind == kind && v.local == local
                && v.widened == widened && v.scale == scale && v.intProduct == intProduct
                && v.constant == constant && v.load == load && Objects.equals(v.addend, addend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, kind, local, widened, scale, constant, System.identityHashCode(load),
                addend == null ? 0 : System.identityHashCode(addend.load()));
    }
}
