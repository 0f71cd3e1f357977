package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnsafeMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Finds the {@link CountedLoop counted loops} of a method whose {@code Unsafe} calls are already rewritten into
 * bridges (docs/design.md, "Hoisted loop checks").
 *
 * <p>Conservative by construction; a loop is taken only if all of this holds, so that the one check before
 * it covers exactly the accesses its iterations can make, and nothing in it can change the shadow:
 * <ul>
 *   <li>it is entered only by falling into its head, and its one backward jump is the {@code GOTO} that
 *       closes it: no inner loop, no {@code continue} to the head, no jump into it from outside, no edge of
 *       an exception-handler range inside it;</li>
 *   <li>it leaves only through its head's test (or by an exception): no {@code break} and no return, so
 *       that the span scanned ahead is the span its iterations really access;</li>
 *   <li>the head tests {@code variable < bound} with a bound the loop never changes, and the variable is
 *       written only by the positive constant increment just before the back edge, so every access of an
 *       iteration sees the value the head tested; or, counting down, the head tests
 *       {@code variable >= bound} and the variable is decremented;</li>
 *   <li>every bridged call in it is a load, store or atomic of fixed size at the variable times a constant
 *       scale (1, or an element size: {@code i * 8}, {@code i << 3}) plus a constant, and plus one more local
 *       the loop never writes ({@code address + i * 8}) or not, the scale and the local the same for all;
 *       on one base (absolute, or one local the loop never writes); and it calls nothing else: no other
 *       method, no field of another class (whose initialiser could run) but the static field holding the
 *       {@code Unsafe} instance, no {@code new}, no monitor;</li>
 *   <li>it holds at most {@link #MAX_LOOP_NODES} instructions, as its copy doubles them.</li>
 * </ul>
 */
final class CountedLoops {
    /** The most instructions (labels and frames included) a loop may hold: its copy doubles them. */
    static final int MAX_LOOP_NODES = 2000;
    /** Field types of the {@code Unsafe} instance a loop may read from another class's static field. */
    private static final Set<String> UNSAFE_TYPES = Set.of("Lsun/misc/Unsafe;", "Ljdk/internal/misc/Unsafe;");

    private CountedLoops() {
    }

    /**
     * @param className internal name of the class being rewritten
     * @param method the method, with its {@code Unsafe} calls already rewritten into bridges
     * @param frames the method's frames, analysed only if a loop has the shape of a counted one and a bridged
     *     call in its body
     * @return its counted loops whose checks can be hoisted, in code order; empty if it cannot be analysed
     */
    static List<CountedLoop> find(String className, MethodNode method, SpanFrames frames) {
        if (!hasCandidate(method)) {
            return List.of();
        }
        List<CountedLoop> found = new ArrayList<>();
        for (JumpInsnNode backEdge : backEdges(method.instructions)) {
            CountedLoop loop = match(className, method, frames, backEdge);
            if (loop != null) {
                found.add(loop);
            }
        }
        return found;
    }

    /** @return the backward {@code GOTO}s of a method, each closing a loop candidate, in code order */
    static List<JumpInsnNode> backEdges(InsnList insns) {
        List<JumpInsnNode> edges = new ArrayList<>();
        for (AbstractInsnNode insn : insns) {
            if (insn.getOpcode() == Opcodes.GOTO && insns.indexOf(((JumpInsnNode) insn).label) < insns.indexOf(insn)) {
                edges.add((JumpInsnNode) insn);
            }
        }
        return edges;
    }

    /** @return the first node of the loop {@code backEdge} closes: its head's label and the pseudo nodes before it */
    static AbstractInsnNode loopStart(JumpInsnNode backEdge) {
        AbstractInsnNode first = backEdge.label;
        while (first.getPrevious() != null && pseudo(first.getPrevious())) {
            first = first.getPrevious();
        }
        return first;
    }

    /** @return whether an instruction at an index in {@code [from, to)} is a bridged call that may join a group */
    private static boolean hasCandidate(InsnList insns, int from, int to) {
        for (int i = from; i < to; i++) {
            if (SpanGroups.candidate(insns.get(i)) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCandidate(MethodNode method) {
        return hasCandidate(method.instructions, 0, method.instructions.size());
    }

    /** @return the loop closed by {@code backEdge}, or {@code null} if it is not one whose checks can be hoisted */
    private static CountedLoop match(String className, MethodNode method, SpanFrames analysis,
            JumpInsnNode backEdge) {
        InsnList insns = method.instructions;
        AbstractInsnNode first = loopStart(backEdge);
        int start = insns.indexOf(first);
        int end = insns.indexOf(backEdge);
        if (end - start > MAX_LOOP_NODES || !enteredOnlyAtHead(method, start, end, backEdge)) {
            return null;
        }
        // The head: load the variable, push the bound, compare, leave.
        AbstractInsnNode load = real(backEdge.label);
        if (!(load instanceof VarInsnNode v)
                || load.getOpcode() != Opcodes.LLOAD && load.getOpcode() != Opcodes.ILOAD) {
            return null;
        }
        boolean wide = load.getOpcode() == Opcodes.LLOAD;
        int variable = v.var;
        List<AbstractInsnNode> bound = new ArrayList<>();
        JumpInsnNode exit;
        if (!wide && load.getNext() != null && load.getNext().getOpcode() == Opcodes.IFLT) {
            exit = (JumpInsnNode) load.getNext();                     // i >= 0: the bound is 0
            bound.add(new InsnNode(Opcodes.ICONST_0));
        } else {
            AbstractInsnNode test = bound(load.getNext(), wide, bound);
            if (test == null || wide && test.getOpcode() != Opcodes.LCMP) {
                return null;
            }
            AbstractInsnNode jump = wide ? test.getNext() : test;
            int op = jump == null ? -1 : jump.getOpcode();
            exit = wide ? (op == Opcodes.IFGE || op == Opcodes.IFLT ? (JumpInsnNode) jump : null)
                    : op == Opcodes.IF_ICMPGE || op == Opcodes.IF_ICMPLT ? (JumpInsnNode) jump : null;
        }
        if (exit == null || insns.indexOf(exit.label) <= end) {
            return null;
        }
        // Leaving when variable >= bound counts up; leaving when variable < bound (it stays >= bound) counts down.
        boolean descending = exit.getOpcode() == Opcodes.IFLT || exit.getOpcode() == Opcodes.IF_ICMPLT;
        // The increment, just before the back edge: positive counting up, negative counting down.
        Increment increment = increment(backEdge, variable, wide);
        if (increment == null || (descending ? increment.delta() >= 0 || increment.delta() == Long.MIN_VALUE
                : increment.delta() <= 0)) {
            return null;
        }
        long step = Math.abs(increment.delta());
        // Locals the loop must leave alone: the bound's, then (once the body is read) the invariant's and the base's.
        Map<Integer, Integer> fixed = new HashMap<>();           // local -> slots
        for (AbstractInsnNode b : bound) {
            if (b instanceof VarInsnNode local) {
                fixed.put(local.var, local.getOpcode() == Opcodes.LLOAD ? 2 : 1);
            }
        }
        // Only now the data flow, the costly part: a loop without a bridged call in its body has no member and
        // is not taken whatever it holds.
        int bodyStart = insns.indexOf(exit) + 1;
        if (!hasCandidate(insns, bodyStart, insns.indexOf(increment.first()))) {
            return null;
        }
        Frame<SpanValue>[] frames = analysis.get();
        if (frames == null) {
            return null;
        }
        Body body = new Body(variable, wide);
        for (int i = bodyStart; i < end; i++) {
            AbstractInsnNode insn = insns.get(i);
            if (insn == increment.first()) {
                break;                            // the increment runs to the back edge
            }
            if (!body.accept(className, insn, frames[i], insns, end)) {
                return null;
            }
        }
        if (body.invariant != null) {
            fixed.put(body.invariant.local(), body.invariant.widened() ? 1 : 2);
        }
        if (body.base >= 0) {
            fixed.put(body.base, 1);
        }
        if (body.members.isEmpty() || writesLocals(insns, start, end, fixed, variable, wide, increment.first())) {
            return null;
        }
        return new CountedLoop(first, backEdge, variable, wide, descending, step, bound, body.baseForm, body.base,
                body.invariant, body.scale, body.intProduct, body.members, body.low, body.high);
    }

    /** The loop body's instructions as they are accepted, and the calls it makes. */
    private static final class Body {
        private final int variable;
        private final boolean wide;
        final List<SpanGroup.Member> members = new ArrayList<>();
        boolean baseForm;
        int base = -1;
        /** The local every call adds to the variable, or {@code null}. */
        SpanValue.Term invariant;
        /** The factor every call multiplies the variable by. */
        long scale = 1;
        /** Whether that product is taken in {@code int}. */
        boolean intProduct;
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;

        Body(int variable, boolean wide) {
            this.variable = variable;
            this.wide = wide;
        }

        /** @return whether the instruction may stand in a loop whose checks are hoisted */
        boolean accept(String className, AbstractInsnNode insn, Frame<SpanValue> frame, InsnList insns, int end) {
            if (pseudo(insn)) {
                return true;
            }
            UnsafeMethod bridged = SpanGroups.candidate(insn);
            if (bridged != null) {
                // An unreachable call would stay a checked bridge in the copy, an invoke the index map would
                // take for an original one: such a loop is left alone.
                return frame != null && join((MethodInsnNode) insn, bridged, frame);
            }
            if (insn instanceof JumpInsnNode jump) {
                // forward, to a label inside the loop: the body's own if/else
                int target = insns.indexOf(jump.label);
                return jump.getOpcode() != Opcodes.JSR && target > insns.indexOf(insn) && target < end;
            }
            if (insn instanceof FieldInsnNode field) {
                // An instance field runs no code; a static field of this class is initialised already, and so is,
                // in a program that got this far, the class that holds the Unsafe instance it allocated with.
                return field.getOpcode() == Opcodes.GETFIELD || field.getOpcode() == Opcodes.PUTFIELD
                        || field.owner.equals(className) || field.getOpcode() == Opcodes.GETSTATIC
                            && UNSAFE_TYPES.contains(field.desc);
            }
            int op = insn.getOpcode();
            if (insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode
                    || insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode
                    || op >= Opcodes.IRETURN && op <= Opcodes.RETURN || op == Opcodes.MONITORENTER
                    || op == Opcodes.MONITOREXIT || op == Opcodes.RET) {
                return false;
            }
            return SpanGroups.harmless(insn);
        }

        /**
         * @return whether the call addresses the variable plus a constant, or plus one other local and a
         *     constant, on the loop's one base and other local
         */
        private boolean join(MethodInsnNode call, UnsafeMethod method, Frame<SpanValue> frame) {
            int top = frame.getStackSize() - Type.getArgumentTypes(call.desc).length;
            // stack: ..., receiver, [base,] offset-or-address, operands...
            SpanValue offset = frame.getStack(top + (method.baseForm() ? 2 : 1));
            if (offset.kind != SpanValue.Kind.OFFSET || Math.abs(offset.constant) > Integer.MAX_VALUE) {
                return false;
            }
            SpanValue.Term term = offset.term();
            SpanValue.Term index;
            SpanValue.Term other;
            if (term != null && term.local() == variable && term.widened() != wide) {
                index = term;
                other = offset.addend;
            } else if (offset.addend != null && offset.addend.local() == variable && offset.addend.widened() != wide) {
                index = offset.addend;
                other = term;
            } else {
                return false;
            }
            if (other != null && (other.scale() != 1 || other.intProduct())) {
                return false;
            }
            SpanValue.Term invariant = other == null ? null : SpanValue.Term.of(other.local(), other.widened(), null);
            int baseLocal = -1;
            if (method.baseForm()) {
                SpanValue value = frame.getStack(top + 1);
                if (value.kind == SpanValue.Kind.REFERENCE_LOCAL) {
                    baseLocal = value.local;
                } else if (value.kind != SpanValue.Kind.NULL) {
                    return false;
                }
            }
            if (members.isEmpty()) {
                baseForm = method.baseForm();
                base = baseLocal;
                this.invariant = invariant;
                scale = index.scale();
                intProduct = index.intProduct();
            } else if (baseForm != method.baseForm() || base != baseLocal
                    || !Objects.equals(this.invariant, invariant) || scale != index.scale()
                    || intProduct != index.intProduct()) {
                return false;
            }
            members.add(new SpanGroup.Member(call, method, offset.constant));
            low = Math.min(low, offset.constant);
            high = Math.max(high, offset.constant + method.size());
            return true;
        }
    }

    /**
     * @return whether the only way into {@code [start, end]} is falling into {@code start}, and the only
     *     backward jump in it is {@code backEdge}: no jump or switch from outside targets a label inside, no
     *     jump inside but the back edge targets the head, and no exception range starts, ends or is handled
     *     inside
     */
    static boolean enteredOnlyAtHead(MethodNode method, int start, int end, JumpInsnNode backEdge) {
        InsnList insns = method.instructions;
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            boolean inside = i >= start && i <= end;
            for (LabelNode target : SpanGroups.branchTargets(insn)) {
                int t = insns.indexOf(target);
                boolean intoLoop = t >= start && t <= end;
                if (intoLoop && (!inside || insn != backEdge && t <= i)) {
                    return false;
                }
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            for (LabelNode label : List.of(block.start, block.end, block.handler)) {
                int at = insns.indexOf(label);
                if (at >= start && at <= end) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads the head's bound: {@code LLOAD}, {@code LCONST}, a {@code long} {@code LDC} for a wide variable;
     * {@code ILOAD}, an {@code int} constant, or {@code ALOAD; ARRAYLENGTH} for an {@code int} one; either
     * plus or minus a constant ({@code i < a.length - 1}).
     *
     * @return the instruction after the bound, or {@code null} if the bound has another shape
     */
    private static AbstractInsnNode bound(AbstractInsnNode at, boolean wide, List<AbstractInsnNode> bound) {
        AbstractInsnNode next;
        if (constant(at, wide) || at != null && at.getOpcode() == (wide ? Opcodes.LLOAD : Opcodes.ILOAD)) {
            bound.add(at);
            next = at.getNext();
        } else if (!wide && at != null && at.getOpcode() == Opcodes.ALOAD && at.getNext() != null
                && at.getNext().getOpcode() == Opcodes.ARRAYLENGTH) {
            bound.add(at);
            bound.add(at.getNext());
            next = at.getNext().getNext();
        } else {
            return null;
        }
        int op = next != null && next.getNext() != null ? next.getNext().getOpcode() : -1;
        if (constant(next, wide) && (wide ? op == Opcodes.LADD || op == Opcodes.LSUB
                : op == Opcodes.IADD || op == Opcodes.ISUB)) {
            bound.add(next);
            bound.add(next.getNext());
            return next.getNext().getNext();
        }
        return next;
    }

    /** @return whether {@code at} pushes a constant of the variable's type */
    private static boolean constant(AbstractInsnNode at, boolean wide) {
        int op = at == null ? -1 : at.getOpcode();
        return wide
                ? op == Opcodes.LCONST_0 || op == Opcodes.LCONST_1
                    || op == Opcodes.LDC && ((LdcInsnNode) at).cst instanceof Long
                : op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5 || op == Opcodes.BIPUSH || op == Opcodes.SIPUSH
                    || op == Opcodes.LDC && ((LdcInsnNode) at).cst instanceof Integer;
    }

    /**
     * The increment that ends a loop: {@code LLOAD v; LDC c; LADD|LSUB; LSTORE v} or {@code IINC v c}.
     *
     * @param delta what it adds to the variable (c, or -c for {@code LSUB})
     * @param first its first instruction
     */
    private record Increment(long delta, AbstractInsnNode first) {
    }

    /** @return the increment right before the back edge, or {@code null} if the loop does not end in one */
    private static Increment increment(JumpInsnNode backEdge, int variable, boolean wide) {
        AbstractInsnNode last = backEdge.getPrevious();
        if (!wide) {
            return last instanceof IincInsnNode inc && inc.var == variable ? new Increment(inc.incr, inc) : null;
        }
        AbstractInsnNode add = last == null ? null : last.getPrevious();
        AbstractInsnNode constant = add == null ? null : add.getPrevious();
        AbstractInsnNode load = constant == null ? null : constant.getPrevious();
        if (!(last instanceof VarInsnNode store) || store.getOpcode() != Opcodes.LSTORE || store.var != variable
                || add.getOpcode() != Opcodes.LADD && add.getOpcode() != Opcodes.LSUB
                || !(load instanceof VarInsnNode l) || l.getOpcode() != Opcodes.LLOAD || l.var != variable) {
            return null;
        }
        long c = constant.getOpcode() == Opcodes.LCONST_1 ? 1
                : constant instanceof LdcInsnNode ldc && ldc.cst instanceof Long value ? value : 0;
        return new Increment(add.getOpcode() == Opcodes.LSUB ? -c : c, load);
    }

    /**
     * @return whether an instruction in {@code [start, end]} writes one of {@code locals} (local to its slot
     *     count), or one before the increment writes the variable
     */
    private static boolean writesLocals(InsnList insns, int start, int end, Map<Integer, Integer> locals,
            int variable, boolean wide, AbstractInsnNode increment) {
        int incrementAt = insns.indexOf(increment);
        for (int i = start; i <= end; i++) {
            AbstractInsnNode insn = insns.get(i);
            if (i < incrementAt && SpanGroups.writes(insn, variable, wide ? 2 : 1)) {
                return true;
            }
            for (Map.Entry<Integer, Integer> local : locals.entrySet()) {
                if (SpanGroups.writes(insn, local.getKey(), local.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the first instruction at or after {@code insn} that is not a label, line number or frame */
    private static AbstractInsnNode real(AbstractInsnNode insn) {
        AbstractInsnNode at = insn;
        while (at != null && pseudo(at)) {
            at = at.getNext();
        }
        return at;
    }

    static boolean pseudo(AbstractInsnNode insn) {
        return insn instanceof LabelNode || insn instanceof LineNumberNode || insn instanceof FrameNode;
    }

    private static <T extends AbstractInsnNode> T as(Class<T> type, AbstractInsnNode insn, int opcode) {
        return insn != null && insn.getOpcode() == opcode ? type.cast(insn) : null;
    }
}
