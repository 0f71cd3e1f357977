package io.jkasan.agent.instr;

import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;

/**
 * A counted loop whose bridged {@code Unsafe} calls all address its induction variable (scaled, and plus one
 * invariant local or not) plus constants, so that one check before the loop covers every access it will
 * make (docs/design.md, "Hoisted loop checks").
 * javac compiles {@code for (long p = start; p < end; p += step)} and its {@code int} twin as
 *
 * <pre>
 *   head:  LLOAD p; LLOAD end; LCMP; IFGE exit      ILOAD i; bound; IF_ICMPGE exit
 *                                                     (bound: ILOAD n | constant | ALOAD a; ARRAYLENGTH)
 *          body                                       body
 *          LLOAD p; LDC step; LADD; LSTORE p          IINC i step
 *          GOTO head                                  GOTO head
 *   exit:
 * </pre>
 *
 * @param first the first node of the loop: the head's label, with the labels, line numbers and frame at the
 *     same offset before it
 * @param backEdge the {@code GOTO head} that closes the loop
 * @param variable the induction variable's local
 * @param wide whether the variable is a {@code long} (else an {@code int}, widened for addresses)
 * @param descending whether it counts down ({@code for (p = last; p >= first; p -= step)}: the head leaves
 *     with {@code IFLT} or {@code IF_ICMPLT}, and the variable stays at or above the bound)
 * @param step the positive constant it changes by
 * @param bound the instructions that push the bound at the head (loads of locals the loop never writes, or a
 *     constant), to be copied before the loop
 * @param baseForm whether the calls take {@code (Object base, long offset)}
 * @param base the local holding the base object of such calls, or -1 for {@code null}
 * @param invariant the local every call adds to the variable ({@code address + i}; the loop never writes it),
 *     or {@code null}
 * @param scale the positive constant every call multiplies the variable by ({@code address + i * 8}), or 1
 * @param intProduct whether that product is taken in {@code int}, before the widening (so it could wrap)
 * @param members the calls, each at the scaled variable plus a constant (and the invariant, if any)
 * @param low the lowest byte any call accesses, relative to the scaled variable (and the invariant)
 * @param high one past the highest byte any call accesses, relative to the same
 */
record CountedLoop(AbstractInsnNode first, JumpInsnNode backEdge, int variable, boolean wide, boolean descending,
        long step, List<AbstractInsnNode> bound, boolean baseForm, int base, SpanValue.Term invariant, long scale,
        boolean intProduct, List<SpanGroup.Member> members, long low, long high) {
    CountedLoop {
        bound = List.copyOf(bound);
        members = List.copyOf(members);
    }

    /**
     * @return the bound past which the variable could wrap: the largest, {@code MAX_VALUE - step + 1} of its
     *     type, counting up; the smallest, {@code MIN_VALUE + step}, counting down
     */
    long limit() {
        return descending ? (wide ? Long.MIN_VALUE : Integer.MIN_VALUE) + step
                : (wide ? Long.MAX_VALUE : Integer.MAX_VALUE) - step + 1;
    }

    /** @return the largest magnitude the product of the variable and {@link #scale} may reach without wrapping */
    long productLimit() {
        return intProduct ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }
}
