package io.jkasan.agent.instr;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Versions each {@link CountedLoop} of a method (docs/design.md, "Hoisted loop checks"): one check of the
 * whole span the loop will access, then either a copy of the loop whose calls skip their own checks, or the
 * original loop, every call checked as before. Just before the loop's head it inserts
 *
 * <pre>
 *   [ALOAD base | ACONST_NULL]                     (Object base, long offset) loops only
 *   LLOAD variable | ILOAD variable; I2L           stack: ..., [base,] first
 *   bound instructions [; I2L]                     stack: ..., [base,] first, bound
 *   LDC step; LDC limit                            stack: ..., [base,] first, bound, step, limit
 *   LDC scale; LDC productLimit                    stack: ..., limit, scale, product limit
 *   LDC low [; LLOAD invariant; LADD]              stack: ..., low
 *   LDC high [; LLOAD invariant; LADD]             stack: ..., low, high
 *   INVOKESTATIC AccessChecker.loopClean[Descending]   stack: ..., boolean
 *   IFEQ head                                      not clean: the original loop
 *   head':  copy of the loop, each call turned into its span bridge with a clean flag:
 *           INVOKESTATIC SunMiscUnsafeHooks.getLong (Ljava/lang/Object;J)J
 *           -&gt; ICONST_1; INVOKESTATIC SunMiscUnsafeSpanHooks.getLong (Ljava/lang/Object;JZ)J
 *           ...; GOTO head'                        its exits go where the original's go
 *   head:   the original loop
 * </pre>
 *
 * <p>A dirty span runs the original loop, so every report is the one the access would make alone, at the
 * same access, and a flagged store is still skipped. The copy carries the loop's stack map frames (expanded,
 * so they read the same anywhere) and the state at the inserted branch is the head's own, so no frame needs
 * computing. Its exits are the original's labels; its calls are added invoke instructions, left out of the
 * bytecode-index map as span checks are.
 */
final class LoopVersioner {
    /** Internal name of the class holding the loop check. */
    private static final String CHECKER = MergedCheckRewriter.CHECKER;
    /** Stack slots the check needs above the head's stack: a base, then eight longs and an invariant. */
    static final int CHECK_STACK = 19;

    private LoopVersioner() {
    }

    /**
     * @param className internal name of the class being rewritten
     * @param method the method, with its {@code Unsafe} calls already rewritten into bridges
     * @param frames the method's frames ({@link CountedLoops#find})
     * @param inserted receives every invoke instruction added (the checks and the copies' calls)
     * @return the number of loops versioned
     */
    static int version(String className, MethodNode method, SpanFrames frames, Set<AbstractInsnNode> inserted) {
        List<CountedLoop> loops = CountedLoops.find(className, method, frames);
        for (CountedLoop loop : loops) {
            InsnList before = check(loop, inserted);
            before.add(copy(method, loop, inserted));
            method.instructions.insertBefore(loop.first(), before);
        }
        return loops.size();
    }

    /** @return the check, ending in {@code IFEQ head} */
    private static InsnList check(CountedLoop loop, Set<AbstractInsnNode> inserted) {
        InsnList list = new InsnList();
        if (loop.baseForm()) {
            // stack: ... -> ..., base
            list.add(loop.base() < 0 ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, loop.base()));
        }
        list.add(InstrSupport.loadAsLong(loop.variable(), !loop.wide()));   // stack: ..., [base,] first
        for (AbstractInsnNode b : loop.bound()) {
            list.add(b.clone(Map.of()));
        }
        if (!loop.wide()) {
            list.add(new InsnNode(Opcodes.I2L));
        }
        // stack: ..., [base,] first, bound
        list.add(new LdcInsnNode(loop.step()));
        list.add(new LdcInsnNode(loop.limit()));
        list.add(new LdcInsnNode(loop.scale()));
        list.add(new LdcInsnNode(loop.productLimit()));   // stack: ..., bound, step, limit, scale, product limit
        list.add(new LdcInsnNode(loop.low()));
        addInvariant(list, loop);                      // stack: ..., low [+ invariant]
        list.add(new LdcInsnNode(loop.high()));
        addInvariant(list, loop);                      // stack: ..., low, high [+ invariant]
        // stack: ..., [base,] first, bound, step, limit, scale, product limit, low, high -> ..., boolean
        MethodInsnNode check = new MethodInsnNode(Opcodes.INVOKESTATIC, CHECKER,
                loop.descending() ? "loopCleanDescending" : "loopClean",
                loop.baseForm() ? "(Ljava/lang/Object;JJJJJJJJ)Z" : "(JJJJJJJJ)Z", false);
        list.add(check);
        inserted.add(check);
        list.add(new JumpInsnNode(Opcodes.IFEQ, (LabelNode) loop.backEdge().label));   // stack: ...
        return list;
    }

    /** Adds the loop's invariant local, if any, to the long on top of the stack. */
    private static void addInvariant(InsnList list, CountedLoop loop) {
        SpanValue.Term invariant = loop.invariant();
        if (invariant != null) {
            list.add(InstrSupport.loadAsLong(invariant.local(), invariant.widened()));
            list.add(new InsnNode(Opcodes.LADD));
        }
    }

    /** @return a copy of the loop from its first node to its back edge, its calls unchecked */
    private static InsnList copy(MethodNode method, CountedLoop loop, Set<AbstractInsnNode> inserted) {
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LabelNode label) {
                labels.put(label, label);               // exits keep their targets
            }
        }
        for (AbstractInsnNode insn = loop.first(); insn != loop.backEdge(); insn = insn.getNext()) {
            if (insn instanceof LabelNode label) {
                labels.put(label, new LabelNode());
            }
        }
        Map<AbstractInsnNode, SpanGroup.Member> members = new IdentityHashMap<>();
        for (SpanGroup.Member member : loop.members()) {
            members.put(member.call(), member);
        }
        InsnList copy = new InsnList();
        for (AbstractInsnNode insn = loop.first(); ; insn = insn.getNext()) {
            AbstractInsnNode clone = insn.clone(labels);
            SpanGroup.Member member = members.get(insn);
            if (member != null) {
                // stack: ..., receiver, arguments -> ..., receiver, arguments, true
                copy.add(new InsnNode(Opcodes.ICONST_1));
                MethodInsnNode call = (MethodInsnNode) clone;
                call.owner = member.method().spanHookClass();
                call.desc = member.method().spanBridgeDescriptor();
                inserted.add(call);
            }
            copy.add(clone);
            if (insn == loop.backEdge()) {
                return copy;
            }
        }
    }
}
