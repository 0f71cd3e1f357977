package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnsafeMethod;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Gives every bridged load, store and atomic left outside a merged group its own verdict (docs/design.md,
 * "Per-site verdicts"), so that C2 compiles each call site by what that site has seen rather than by what
 * the whole program's accesses taught the shared bridge. Just before the call it inserts
 *
 * <pre>
 *   absolute, {@code getLong(J)J}:                stack: ..., unsafe, address
 *     DUP2                                        stack: ..., unsafe, address, address
 *     INVOKESTATIC AccessChecker.verdict (J)      stack: ..., unsafe, address, verdict
 *     INSTANCEOF SpanVerdict                      stack: ..., unsafe, address, clean
 *
 *   with operands after the address, or {@code (Object base, long offset)}:
 *                                                 stack: ..., unsafe, [base,] address, values
 *     xSTORE value ... (last first)               stack: ..., unsafe, [base,] address
 *     [LSTORE offset; DUP; LLOAD offset; BIPUSH size]  stack: ..., unsafe, [base, base,] address[, size]
 *     DUP2 (absolute); INVOKESTATIC AccessChecker.verdict; INSTANCEOF SpanVerdict
 *                                                 stack: ..., unsafe, [base,] [address,] clean
 *     ISTORE flag; [LLOAD offset]; xLOAD value ...; ILOAD flag
 *                                                 stack: ..., unsafe, [base,] address, values, clean
 * </pre>
 *
 * and turns the call into its span bridge, which takes {@code clean} as one more argument. The operands go to
 * fresh locals above every declared one and come straight back, with no frame, branch target or other
 * instruction between, so the method's frames stay valid as they are ({@link MergedCheckRewriter} keeps a
 * group's flag the same way).
 */
final class SiteVerdicts {
    /** Internal name of the class of the clean verdict; any other verdict is {@code null}. */
    static final String VERDICT = "io/jkasan/runtime/check/SpanVerdict";
    /** Stack slots a verdict needs above the call's operands: a base, a long and an int at most. */
    static final int VERDICT_STACK = 3;

    private SiteVerdicts() {
    }

    /** What {@link #insert} did to a method. */
    record Inserted(int sites, int locals) {
    }

    /**
     * @param method the method, its merged groups already given their checks
     * @param firstFree the first local no declared variable and no group flag uses
     * @param inserted receives every invoke instruction added
     * @return how many call sites got a verdict, and how many locals from {@code firstFree} they use
     */
    static Inserted insert(MethodNode method, int firstFree, Set<AbstractInsnNode> inserted) {
        int sites = 0;
        int locals = 0;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            UnsafeMethod bridged = SpanGroups.candidate(insn);
            if (bridged != null) {
                locals = Math.max(locals, rewrite(method.instructions, (MethodInsnNode) insn, bridged, firstFree,
                        inserted));
                sites++;
            }
        }
        return new Inserted(sites, locals);
    }

    /** @return the locals this site used */
    private static int rewrite(InsnList instructions, MethodInsnNode call, UnsafeMethod method, int firstFree,
            Set<AbstractInsnNode> inserted) {
        Type[] arguments = Type.getArgumentTypes(call.desc);       // unsafe, [base,] address, values
        int address = method.baseForm() ? 2 : 1;
        // Operands stored in locals: the offset of a base-form call and everything after the address; the
        // address of an absolute call stays on the stack.
        int lowestStored = method.baseForm() ? address : address + 1;
        int[] slots = new int[arguments.length];
        int next = firstFree;
        for (int i = lowestStored; i < arguments.length; i++) {
            slots[i] = next;
            next += arguments[i].getSize();
        }
        int flag = next;
        InsnList before = new InsnList();
        // Stores run from the top of the stack down, so the last operand goes first.
        for (int i = arguments.length - 1; i >= lowestStored; i--) {
            before.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        String verdictDescriptor;
        if (method.baseForm()) {
            // stack: ..., unsafe, base -> ..., unsafe, base, base, offset, size: an array's bounds need the size
            before.add(new InsnNode(Opcodes.DUP));
            before.add(new VarInsnNode(Opcodes.LLOAD, slots[address]));
            before.add(new IntInsnNode(Opcodes.BIPUSH, method.size()));
            verdictDescriptor = "(Ljava/lang/Object;JI)L" + VERDICT + ";";
        } else {
            // stack: ..., unsafe, address -> ..., unsafe, address, address: the span holds any 1..8 bytes
            before.add(new InsnNode(Opcodes.DUP2));
            verdictDescriptor = "(J)L" + VERDICT + ";";
        }
        MethodInsnNode verdict = new MethodInsnNode(Opcodes.INVOKESTATIC, MergedCheckRewriter.CHECKER, "verdict",
                verdictDescriptor, false);
        before.add(verdict);                                                  // stack: ..., verdict
        before.add(new TypeInsnNode(Opcodes.INSTANCEOF, VERDICT));              // stack: ..., clean
        inserted.add(verdict);
        if (lowestStored < arguments.length) {
            // stack: ..., unsafe, [base,] [address,] clean -> ..., unsafe, [base,] address, values, clean
            before.add(new VarInsnNode(Opcodes.ISTORE, flag));
            for (int i = lowestStored; i < arguments.length; i++) {
                before.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]));
            }
            before.add(new VarInsnNode(Opcodes.ILOAD, flag));
            next = flag + 1;
        }
        instructions.insertBefore(call, before);
        call.owner = method.spanHookClass();
        call.desc = method.spanBridgeDescriptor();
        return next - firstFree;
    }
}
