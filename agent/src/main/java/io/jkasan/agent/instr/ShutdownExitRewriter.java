package io.jkasan.agent.instr;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites {@code java.lang.Shutdown.exit(int)} to hand its status to the runtime first
 * ({@code ProgramExit.exiting(status)}), so that jkasan's exit handler knows whether the program exits with
 * 0 (docs/usage.md, "Exit status"). {@code Shutdown.exit} is where {@code Runtime.exit} and the JDK's
 * signal handlers end; nothing else in it changes.
 *
 * <p>Two instructions are inserted at the method's entry, where the operand stack is empty: no branch
 * target, local or member is added, so the existing stack map frames stay valid and the class may be
 * retransformed.
 */
public final class ShutdownExitRewriter {
    /** Internal name of the class rewritten. */
    public static final String SHUTDOWN = "java/lang/Shutdown";
    /** The runtime method called with the status. */
    static final String RECORDER_OWNER = "io/jkasan/runtime/exit/ProgramExit";
    static final String RECORDER_NAME = "exiting";

    private ShutdownExitRewriter() {
    }

    /**
     * @param classfile the class file of {@code java.lang.Shutdown}
     * @return the rewritten class file, or {@code null} if it has no {@code static void exit(int)}
     */
    public static byte[] rewrite(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = InstrSupport.newWriter(reader);
        boolean[] found = new boolean[1];
        reader.accept(new ClassVisitor(InstrSupport.ASM_API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("exit") || !descriptor.equals("(I)V") || (access & Opcodes.ACC_STATIC) == 0) {
                    return mv;
                }
                found[0] = true;
                return new MethodVisitor(InstrSupport.ASM_API, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitVarInsn(Opcodes.ILOAD, 0);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER_OWNER, RECORDER_NAME, "(I)V", false);
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        super.visitMaxs(Math.max(maxStack, 1), maxLocals);
                    }
                };
            }
        }, 0);
        return found[0] ? writer.toByteArray() : null;
    }
}
