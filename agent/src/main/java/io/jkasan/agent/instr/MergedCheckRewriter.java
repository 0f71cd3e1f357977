package io.jkasan.agent.instr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Gives each {@link SpanGroups merged group} of a method one span check (docs/design.md, "Merged checks").
 * It buffers the method, whose {@code Unsafe} calls {@link UnsafeCallSiteRewriter} has already turned into
 * bridges, and writes it on to {@code next} with, just before the group's first call,
 *
 * <pre>
 *   [ALOAD base | ACONST_NULL]                     (Object base, long offset) groups only
 *   LLOAD variable | ILOAD variable; I2L           the address or offset the constants are added to
 *   LDC first; LADD                                 stack: ..., [base,] span start
 *   LDC length                                      stack: ..., [base,] span start, length
 *   INVOKESTATIC AccessChecker.spanVerdict          stack: ..., verdict
 *   INSTANCEOF SpanVerdict                          stack: ..., clean: the group's own profile of the answer
 *   ISTORE flag                                     a fresh local
 * </pre>
 *
 * and each call of the group turned into its span bridge, with the flag as one more argument:
 *
 * <pre>
 *   INVOKESTATIC SunMiscUnsafeHooks.getInt (Ljava/lang/Object;J)I
 *   -&gt; ILOAD flag; INVOKESTATIC SunMiscUnsafeSpanHooks.getInt (Ljava/lang/Object;JZ)I
 * </pre>
 *
 * <p>The check goes on top of the first call's arguments, which it leaves alone. No branch and no branch
 * target is added, and the flag is written and read only inside the group's straight run, where no stack
 * map frame lies, so the method's frames stay valid as they are (its locals beyond the declared ones are
 * unusable at every frame, which the flag never needs to survive).
 *
 * <p>Before the groups are found, {@link LoopVersioner} versions the method's counted loops; their copies'
 * calls already go to span bridges, so the groups take only the original loops' calls. After them, every
 * bridged access no group took gets a verdict of its own ({@link SiteVerdicts}).
 */
final class MergedCheckRewriter extends MethodNode {
    /** Internal name of the class holding the span checks. */
    static final String CHECKER = "io/jkasan/runtime/check/AccessChecker";
    /** Stack slots the check needs above the first call's arguments: a base, then two longs. */
    private static final int CHECK_STACK = 5;

    /** Where the rewriter says that a method gained invoke instructions. */
    interface Site {
        /**
         * @param method method name
         * @param descriptor method descriptor
         * @param inserted 0-based positions, among the rewritten method's invoke instructions, of the span
         *     checks added; every other invoke is an original one, in the original order
         */
        void checksInserted(String method, String descriptor, int[] inserted);

        /** Says that the class changed though no {@code Unsafe} call site did: a segment loop was bracketed. */
        void rewritten();

        /** @return the names of the class's {@code static final VarHandle} fields, which segment loops may read */
        Set<String> finalHandles();
    }

    private final String className;
    private final boolean loops;
    private final Site site;
    private final MethodVisitor next;

    /**
     * @param loops whether to version the method's counted loops first
     */
    MergedCheckRewriter(MethodVisitor next, Site site, String className, boolean loops, int access, String name,
            String descriptor, String signature, String[] exceptions) {
        super(InstrSupport.ASM_API, access, name, descriptor, signature, exceptions);
        this.next = next;
        this.site = site;
        this.className = className;
        this.loops = loops;
    }

    @Override
    public void visitEnd() {
        super.visitEnd();
        Set<AbstractInsnNode> inserted = Collections.newSetFromMap(new IdentityHashMap<>());
        // The loops and the groups share one analysis of the method's data flow until a loop's copy or a
        // bracket changes the method.
        SpanFrames frames = new SpanFrames(className, this);
        // Loops first: the copies' calls go to span bridges already, so no group takes them; the original
        // loops keep their calls for the groups below.
        if (loops && LoopVersioner.version(className, this, frames, inserted) > 0) {
            maxStack += LoopVersioner.CHECK_STACK;
            frames.invalidate();
        }
        // Then the loops that reach memory only through MemorySegment accessors, which have no bridged call.
        if (loops && SegmentLoopBracket.bracket(className, site.finalHandles(), this, inserted) > 0) {
            maxStack += SegmentLoopBracket.ENTRY_STACK;
            site.rewritten();
            frames.invalidate();
        }
        List<SpanGroup> groups = SpanGroups.find(className, this, frames);
        int flags = groups.isEmpty() ? 0 : insertChecks(groups, inserted);
        // Then every bridged access left alone gets its own verdict, in locals above the groups' flags.
        SiteVerdicts.Inserted verdicts = SiteVerdicts.insert(this, maxLocals + flags, inserted);
        maxLocals += flags + verdicts.locals();
        if (!groups.isEmpty() || verdicts.sites() > 0) {
            maxStack += Math.max(CHECK_STACK, SiteVerdicts.VERDICT_STACK);
        }
        if (!inserted.isEmpty()) {
            site.checksInserted(name, desc, invokePositions(inserted));
        }
        accept(next);
    }

    /**
     * @return the number of flag locals used: groups whose calls do not interleave share one
     */
    private int insertChecks(List<SpanGroup> groups, Set<AbstractInsnNode> checks) {
        List<AbstractInsnNode> lastCalls = new ArrayList<>();        // per flag slot: the last call using it
        for (SpanGroup group : groups) {
            List<SpanGroup.Member> members = group.members();
            AbstractInsnNode first = members.get(0).call();
            int slot = freeSlot(lastCalls, first);
            AbstractInsnNode last = members.get(members.size() - 1).call();
            if (slot == lastCalls.size()) {
                lastCalls.add(last);
            } else {
                lastCalls.set(slot, last);
            }
            int flag = maxLocals + slot;
            MethodInsnNode check = check(group);
            InsnList before = load(group);
            before.add(check);                                        // stack: ..., verdict
            before.add(new TypeInsnNode(Opcodes.INSTANCEOF, SiteVerdicts.VERDICT));   // stack: ..., clean
            before.add(new VarInsnNode(Opcodes.ISTORE, flag));       // stack: ..., first call's arguments
            instructions.insertBefore(first, before);
            checks.add(check);
            for (SpanGroup.Member member : members) {
                // stack: ..., receiver, arguments -> ..., receiver, arguments, flag
                instructions.insertBefore(member.call(), new VarInsnNode(Opcodes.ILOAD, flag));
                member.call().owner = member.method().spanHookClass();
                member.call().desc = member.method().spanBridgeDescriptor();
            }
        }
        return lastCalls.size();
    }

    /** @return the first flag slot whose last group ended before {@code first}, or a new one */
    private int freeSlot(List<AbstractInsnNode> lastCalls, AbstractInsnNode first) {
        for (int slot = 0; slot < lastCalls.size(); slot++) {
            if (instructions.indexOf(lastCalls.get(slot)) < instructions.indexOf(first)) {
                return slot;
            }
        }
        return lastCalls.size();
    }

    /** @return the instructions that push the span's base (if any), start and length */
    private static InsnList load(SpanGroup group) {
        InsnList list = new InsnList();
        if (group.baseForm) {
            // stack: ... -> ..., base
            list.add(group.base < 0 ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, group.base));
        }
        if (group.variable < 0) {
            list.add(new LdcInsnNode(group.first()));              // stack: ..., [base,] start
        } else {
            list.add(InstrSupport.loadAsLong(group.variable, group.widened));   // stack: ..., [base,] (long) variable
            if (group.first() != 0) {
                list.add(new LdcInsnNode(group.first()));
                list.add(new InsnNode(Opcodes.LADD));              // stack: ..., [base,] start
            }
        }
        list.add(new LdcInsnNode(group.length()));                 // stack: ..., [base,] start, length
        return list;
    }

    /**
     * @return the call of {@code AccessChecker.spanVerdict}: stack ..., [base,] start, length -&gt; ..., verdict
     */
    private static MethodInsnNode check(SpanGroup group) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, CHECKER, "spanVerdict",
                (group.baseForm ? "(Ljava/lang/Object;JJ)L" : "(JJ)L") + SiteVerdicts.VERDICT + ";", false);
    }

    /** @return the positions of the given instructions among all invoke instructions, ascending */
    private int[] invokePositions(Set<AbstractInsnNode> checks) {
        int[] positions = new int[checks.size()];
        int n = 0;
        int ordinal = 0;
        for (AbstractInsnNode insn : instructions) {
            if (insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode) {
                if (checks.contains(insn)) {
                    positions[n++] = ordinal;
                }
                ordinal++;
            }
        }
        return positions;
    }
}
