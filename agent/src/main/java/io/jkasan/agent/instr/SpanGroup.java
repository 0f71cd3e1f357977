package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnsafeMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Bridged {@code Unsafe} call sites of one basic block whose addresses are the same base plus constants
 * (docs/design.md, "Merged checks"): the span {@code [base + first, base + first + length)} covers all of
 * them and is checked once, just before the first.
 *
 * <p>{@link #base} and {@link #variable} say how to load the base again at the first call: a
 * {@code (Object base, long offset)} group names the local holding the base object ({@code -1} for
 * {@code null}); every group names the long local its offset or address adds its constants to, or none.
 */
final class SpanGroup {
    /** One call site of the group. */
    record Member(MethodInsnNode call, UnsafeMethod method, long constant) {
    }

    /** Whether the calls take {@code (Object base, long offset)}. */
    final boolean baseForm;
    /** The local holding the base object, or -1 for {@code null}; only for {@link #baseForm}. */
    final int base;
    /** The local the constants are added to, or -1 when the addresses are constants. */
    final int variable;
    /** Whether {@link #variable} is an int local widened with {@code i2l}. */
    final boolean widened;
    private final List<Member> members = new ArrayList<>();
    private long first;
    private long end;

    SpanGroup(boolean baseForm, int base, int variable, boolean widened) {
        this.baseForm = baseForm;
        this.base = base;
        this.variable = variable;
        this.widened = widened;
    }

    /** @return whether a call of the same shape belongs here: same form, base and variable */
    boolean sameShape(boolean baseForm, int base, int variable, boolean widened) {
        return this.baseForm == baseForm && this.base == base && this.variable == variable && this.widened == widened;
    }

    /**
     * @param member a call of this group's shape
     * @param maxLength the longest span allowed
     * @return whether it was added: false if the span would grow past {@code maxLength}
     */
    boolean add(Member member, long maxLength) {
        long start = member.constant();
        long stop = start + member.method().size();
        long newFirst = members.isEmpty() ? start : Math.min(first, start);
        long newEnd = members.isEmpty() ? stop : Math.max(end, stop);
        if (newEnd - newFirst > maxLength) {
            return false;
        }
        members.add(member);
        first = newFirst;
        end = newEnd;
        return true;
    }

    /** @return the calls, in code order */
    List<Member> members() {
        return Collections.unmodifiableList(members);
    }

    /** @return the constant of the span's first byte */
    long first() {
        return first;
    }

    /** @return the span's length in bytes */
    long length() {
        return end - first;
    }

    /**
     * @param local a local a store writes
     * @param slots how many slots the store writes (2 for a long or double)
     * @return whether the store overwrites a local the group re-reads at its check
     */
    boolean reads(int local, int slots) {
        return overlaps(variable, widened ? 1 : 2, local, slots) || baseForm && overlaps(base, 1, local, slots);
    }

    private static boolean overlaps(int held, int heldSlots, int local, int slots) {
        return held >= 0 && local < held + heldSlots && held < local + slots;
    }
}
