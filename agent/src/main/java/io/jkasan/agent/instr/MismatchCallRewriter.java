package io.jkasan.agent.instr;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Replaces the {@code INVOKESTATIC} of {@code jdk.internal.util.ArraysSupport.vectorizedMismatch} in
 * {@code jdk.internal.misc.ScopedMemoryAccess.vectorizedMismatchInternal} by its bridge, of the same
 * descriptor:
 *
 * <pre>
 *   INVOKESTATIC jdk/internal/util/ArraysSupport.vectorizedMismatch (Ljava/lang/Object;JLjava/lang/Object;JII)I
 *   -&gt; INVOKESTATIC io/jkasan/runtime/hooks/ArraysSupportHooks.vectorizedMismatch (same descriptor)
 * </pre>
 *
 * <p>It is the one memory access of the segment funnel that is not an {@code Unsafe} call
 * ({@code MemorySegment.mismatch} of 64 bytes or more, the buffers' {@code mismatch} and {@code equals}).
 * Same operand stack, same instruction length: nothing else in the method moves.
 */
final class MismatchCallRewriter extends MethodVisitor {
    /** The JDK class whose static method is replaced. */
    static final String ARRAYS_SUPPORT = "jdk/internal/util/ArraysSupport";
    /** The replaced method. */
    static final String NAME = "vectorizedMismatch";
    /** Its descriptor, which the bridge keeps. */
    static final String DESCRIPTOR = "(Ljava/lang/Object;JLjava/lang/Object;JII)I";
    /** The class holding the bridge. */
    static final String HOOK_CLASS = "io/jkasan/runtime/hooks/ArraysSupportHooks";

    private final UnsafeCallSiteRewriter.Site site;

    /**
     * @param next the next visitor
     * @param site the class being rewritten, told of each rewritten call site
     */
    MismatchCallRewriter(MethodVisitor next, UnsafeCallSiteRewriter.Site site) {
        super(InstrSupport.ASM_API, next);
        this.site = site;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode == Opcodes.INVOKESTATIC && ARRAYS_SUPPORT.equals(owner) && NAME.equals(name)
                && DESCRIPTOR.equals(descriptor)) {
            // stack: ..., Object a, J aOffset, Object b, J bOffset, I length, I log2Scale -> ..., I: unchanged
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK_CLASS, name, descriptor, false);
            site.rewritten();
            return;
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }
}
