package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnsafeMethod;
import io.jkasan.runtime.hooks.UnsafeMethods;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Finds the merged groups of a method whose {@code Unsafe} calls are already rewritten into bridges
 * (docs/design.md, "Merged checks"): bridged loads, stores and atomics in one straight run of code whose
 * addresses are the same local plus constants ({@code getInt(p)}, {@code putLong(p + 4)},
 * {@code getByte(p + 12)}), or, for {@code (Object base, long offset)} calls, the same base local and the
 * same offset local plus constants.
 *
 * <p>Conservative by construction. A run ends at every branch target, exception-handler boundary, frame,
 * jump, switch, return, throw and monitor instruction, and at every instruction that could run code the
 * run does not see: any other invoke, a field access that may initialise or load a class not already used
 * in the run, {@code new}, type checks and class or dynamic constants. A store to a local a group re-reads
 * ends that group. A call joins a group only if no store to its base or variable local and no run boundary
 * lies between the load of that local and the call, so the local holds the same value at the group's check.
 */
final class SpanGroups {
    /** The longest span one check covers: a group is cut when its calls spread further. */
    static final long MAX_SPAN = 256;

    private SpanGroups() {
    }

    /**
     * @param className internal name of the class being rewritten
     * @param method the method, with its {@code Unsafe} calls already rewritten into bridges
     * @param analysis the method's frames as its instructions are now
     * @return its groups of two or more calls, in code order; empty if the method cannot be analysed
     */
    static List<SpanGroup> find(String className, MethodNode method, SpanFrames analysis) {
        if (countCandidates(method) < 2) {
            return List.of();
        }
        Frame<SpanValue>[] frames = analysis.get();
        if (frames == null) {
            return List.of();
        }
        Set<LabelNode> boundaries = boundaries(method);
        List<SpanGroup> found = new ArrayList<>();
        List<SpanGroup> open = new ArrayList<>();
        Set<String> usedOwners = new HashSet<>();
        AbstractInsnNode[] insns = method.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            UnsafeMethod bridged = candidate(insn);
            if (bridged != null) {
                join(open, found, insns, i, frames[i], (MethodInsnNode) insn, bridged, boundaries);
            } else if (endsRun(insn, boundaries)) {
                close(open, found);
                usedOwners.clear();
            } else if (insn instanceof VarInsnNode || insn instanceof IincInsnNode) {
                closeReaders(open, found, insn);
            } else if (insn instanceof FieldInsnNode f) {
                // A field access resolves its class, and getstatic/putstatic initialise it; both are done and
                // run nothing once the same class was used earlier in the run (or is this class, for fields).
                boolean settled = usedOwners.contains(f.owner)
                        || f.owner.equals(className) && (f.getOpcode() == Opcodes.GETFIELD
                            || f.getOpcode() == Opcodes.PUTFIELD);
                if (!settled) {
                    close(open, found);
                }
                usedOwners.add(f.owner);
            } else if (!harmless(insn)) {
                close(open, found);
                if (insn instanceof MethodInsnNode m && m.getOpcode() == Opcodes.INVOKESTATIC) {
                    usedOwners.add(m.owner);
                }
            }
        }
        close(open, found);
        return found;
    }

    /** @return the bridged method a call instruction invokes if it may join a group, else {@code null} */
    static UnsafeMethod candidate(AbstractInsnNode insn) {
        if (!(insn instanceof MethodInsnNode m) || m.getOpcode() != Opcodes.INVOKESTATIC) {
            return null;
        }
        UnsafeMethod method = UnsafeMethods.findBridge(m.owner, m.name, m.desc);
        return method != null && method.joinsSpans() ? method : null;
    }

    private static int countCandidates(MethodNode method) {
        int n = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (candidate(insn) != null) {
                n++;
            }
        }
        return n;
    }

    /** Adds a bridged call to the open group of its shape, or opens one; a call of unknown shape joins none. */
    private static void join(List<SpanGroup> open, List<SpanGroup> found, AbstractInsnNode[] insns, int index,
            Frame<SpanValue> frame, MethodInsnNode call, UnsafeMethod method, Set<LabelNode> boundaries) {
        if (frame == null) {
            return;                               // unreachable code
        }
        int arguments = Type.getArgumentTypes(call.desc).length;
        int top = frame.getStackSize() - arguments;
        // stack: ..., receiver, [base,] offset-or-address, operands...
        SpanValue base = method.baseForm() ? frame.getStack(top + 1) : null;
        SpanValue offset = frame.getStack(top + (method.baseForm() ? 2 : 1));
        if (offset.kind != SpanValue.Kind.OFFSET || offset.addend != null || offset.scale != 1
                || Math.abs(offset.constant) > Integer.MAX_VALUE
                || offset.load != null && !unchangedUntil(insns, offset.load, index, offset.local, boundaries)) {
            return;
        }
        int baseLocal = -1;
        if (base != null) {
            if (base.kind == SpanValue.Kind.REFERENCE_LOCAL && unchangedUntil(insns, base.load, index, base.local,
                    boundaries)) {
                baseLocal = base.local;
            } else if (base.kind != SpanValue.Kind.NULL) {
                return;
            }
        }
        SpanGroup.Member member = new SpanGroup.Member(call, method, offset.constant);
        for (int g = 0; g < open.size(); g++) {
            SpanGroup group = open.get(g);
            if (group.sameShape(method.baseForm(), baseLocal, offset.local, offset.widened)) {
                if (group.add(member, MAX_SPAN)) {
                    return;
                }
                open.remove(g);
                finish(group, found);
                break;
            }
        }
        SpanGroup group = new SpanGroup(method.baseForm(), baseLocal, offset.local, offset.widened);
        group.add(member, MAX_SPAN);
        open.add(group);
    }

    /**
     * @return whether the straight run from {@code load} to the instruction at {@code until} has no boundary
     *     and no store to {@code local}: the value loaded is still the local's value at the call
     */
    private static boolean unchangedUntil(AbstractInsnNode[] insns, AbstractInsnNode load, int until, int local,
            Set<LabelNode> boundaries) {
        int slots = load.getOpcode() == Opcodes.LLOAD ? 2 : 1;
        for (AbstractInsnNode insn = load.getNext(); insn != null && insn != insns[until]; insn = insn.getNext()) {
            if (endsRun(insn, boundaries) || writes(insn, local, slots)) {
                return false;
            }
        }
        return true;
    }

    /** Ends the groups that re-read a local this store or increment writes. */
    private static void closeReaders(List<SpanGroup> open, List<SpanGroup> found, AbstractInsnNode insn) {
        for (int g = open.size() - 1; g >= 0; g--) {
            SpanGroup group = open.get(g);
            if (writesAny(insn, group)) {
                open.remove(g);
                finish(group, found);
            }
        }
    }

    private static boolean writesAny(AbstractInsnNode insn, SpanGroup group) {
        if (insn instanceof IincInsnNode inc) {
            return group.reads(inc.var, 1);
        }
        int op = insn.getOpcode();
        if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
            return group.reads(((VarInsnNode) insn).var, op == Opcodes.LSTORE || op == Opcodes.DSTORE ? 2 : 1);
        }
        return false;
    }

    /** @return whether {@code insn} stores into any slot of a local of {@code slots} slots at {@code local} */
    static boolean writes(AbstractInsnNode insn, int local, int slots) {
        int var;
        int width;
        if (insn instanceof IincInsnNode inc) {
            var = inc.var;
            width = 1;
        } else if (insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
            var = ((VarInsnNode) insn).var;
            width = insn.getOpcode() == Opcodes.LSTORE || insn.getOpcode() == Opcodes.DSTORE ? 2 : 1;
        } else {
            return false;
        }
        return var < local + slots && local < var + width;
    }

    private static void close(List<SpanGroup> open, List<SpanGroup> found) {
        for (SpanGroup group : open) {
            finish(group, found);
        }
        open.clear();
    }

    private static void finish(SpanGroup group, List<SpanGroup> found) {
        if (group.members().size() >= 2) {
            found.add(group);
        }
    }

    /** @return the labels control can reach other than by falling through, and the try-block edges */
    private static Set<LabelNode> boundaries(MethodNode method) {
        Set<LabelNode> labels = new HashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            labels.addAll(branchTargets(insn));
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            labels.add(block.start);
            labels.add(block.end);
            labels.add(block.handler);
        }
        return labels;
    }

    /** @return the labels a jump or switch instruction may branch to; none for any other instruction */
    static List<LabelNode> branchTargets(AbstractInsnNode insn) {
        if (insn instanceof JumpInsnNode j) {
            return List.of(j.label);
        } else if (insn instanceof TableSwitchInsnNode t) {
            List<LabelNode> all = new ArrayList<>(t.labels);
            all.add(t.dflt);
            return all;
        } else if (insn instanceof LookupSwitchInsnNode l) {
            List<LabelNode> all = new ArrayList<>(l.labels);
            all.add(l.dflt);
            return all;
        }
        return List.of();
    }

    /** @return whether control may enter or leave the straight run at this instruction */
    private static boolean endsRun(AbstractInsnNode insn, Set<LabelNode> boundaries) {
        if (insn instanceof LabelNode label) {
            return boundaries.contains(label);
        }
        int op = insn.getOpcode();
        return insn instanceof FrameNode || insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode
                || insn instanceof LookupSwitchInsnNode
                || op >= Opcodes.IRETURN && op <= Opcodes.RETURN || op == Opcodes.ATHROW
                || op == Opcodes.MONITORENTER || op == Opcodes.MONITOREXIT || op == Opcodes.RET;
    }

    /**
     * @return whether the instruction runs no code the analysis does not see and leaves the shadow alone:
     *     loads and stores of locals, constants of primitive or string type, arithmetic, conversions, stack
     *     and array-element instructions, line numbers and labels that no branch reaches
     */
    static boolean harmless(AbstractInsnNode insn) {
        switch (insn.getType()) {
            case AbstractInsnNode.LABEL:
            case AbstractInsnNode.LINE:
            case AbstractInsnNode.VAR_INSN:
            case AbstractInsnNode.IINC_INSN:
                return true;
            case AbstractInsnNode.INSN:
                return true;                      // returns, athrow and monitors end the run before this
            case AbstractInsnNode.INT_INSN:
                return insn.getOpcode() != Opcodes.NEWARRAY;
            case AbstractInsnNode.LDC_INSN:
                Object constant = ((LdcInsnNode) insn).cst;
                return constant instanceof Number || constant instanceof String;
            default:
                return false;
        }
    }
}
