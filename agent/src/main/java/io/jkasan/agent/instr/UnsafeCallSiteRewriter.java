package io.jkasan.agent.instr;

import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.hooks.UnsafeMethod;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Replaces each {@code INVOKEVIRTUAL} of a memory-accessing {@code Unsafe} method by an
 * {@code INVOKESTATIC} of the bridge of the same name, whose first parameter is the receiver:
 *
 * <pre>
 *   INVOKEVIRTUAL sun/misc/Unsafe.getLong (J)J
 *   -&gt; INVOKESTATIC io/jkasan/runtime/hooks/SunMiscUnsafeHooks.getLong (Ljava/lang/Object;J)J
 * </pre>
 *
 * <p>Which calls have a bridge is {@link BridgeLookup}'s answer; a call without one is left as it is. The
 * bridge's descriptor comes from {@link UnsafeMethod#bridgeDescriptor()}, which passes a
 * {@code sun.misc.Unsafe} receiver as {@code Object} (the runtime depends on {@code java.base} only).
 *
 * <p>The operand stack has the same shape before and after, so no local, frame or member is added.
 * Allocation methods additionally get the id of their call site, registered now, pushed as a constant
 * just before the call; that is the one extra stack slot {@link #visitMaxs} accounts for.
 */
final class UnsafeCallSiteRewriter extends MethodVisitor {
    /** What the rewriter needs to know about the enclosing class, and where it reports a rewrite. */
    interface Site {
        /** @return the dotted class name */
        String className();

        /** @return the {@code SourceFile} attribute, or {@code null} */
        String sourceFile();

        /**
         * @param method method name
         * @param descriptor method descriptor
         * @param ordinal 0-based position among the method's {@code invokevirtual} instructions
         * @return the bytecode index of that instruction in the original code
         */
        int invokeVirtualIndex(String method, String descriptor, int ordinal);

        /**
         * @param method method name
         * @param descriptor method descriptor
         * @return the length of the method's original code
         */
        int codeLength(String method, String descriptor);

        /** Counts one rewritten call site. */
        void rewritten();

        /**
         * Notes that a method's instructions moved because call-site ids were pushed into it.
         *
         * @param method method name
         * @param descriptor method descriptor
         */
        void shifted(String method, String descriptor);
    }

    private final Site site;
    private final String methodName;
    private final String methodDescriptor;
    private int invokeVirtualOrdinal;
    private int line = -1;
    private boolean pushesCallSite;

    UnsafeCallSiteRewriter(MethodVisitor next, Site site, String methodName, String methodDescriptor) {
        super(InstrSupport.ASM_API, next);
        this.site = site;
        this.methodName = methodName;
        this.methodDescriptor = methodDescriptor;
    }

    @Override
    public void visitLineNumber(int lineNumber, Label start) {
        // ASM visits a LineNumberTable entry just before the instruction at its start_pc, so the last one
        // seen is the line of the next instruction.
        line = lineNumber;
        super.visitLineNumber(lineNumber, start);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode != Opcodes.INVOKEVIRTUAL) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        int ordinal = invokeVirtualOrdinal++;
        UnsafeMethod method = BridgeLookup.find(owner, name, descriptor);
        if (method == null) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        if (method.takesCallSite()) {
            int id = CallSites.register(site.className(), methodName,
                    site.invokeVirtualIndex(methodName, methodDescriptor, ordinal),
                    site.codeLength(methodName, methodDescriptor), site.sourceFile(), line);
            // stack: ..., Unsafe, J[, J] -> ..., Unsafe, J[, J], I
            pushInt(id);
            pushesCallSite = true;
        }
        // stack: ..., Unsafe, args[, I] -> ..., result: the receiver is the bridge's first argument
        super.visitMethodInsn(Opcodes.INVOKESTATIC, method.hookClass(), name, method.bridgeDescriptor(), false);
        site.rewritten();
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        // The original max_stack covers the arguments of the call; the pushed id sits on top of them.
        super.visitMaxs(pushesCallSite ? maxStack + 1 : maxStack, maxLocals);
        if (pushesCallSite) {
            site.shifted(methodName, methodDescriptor);
        }
    }

    private void pushInt(int value) {
        if (value >= -1 && value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }
}
