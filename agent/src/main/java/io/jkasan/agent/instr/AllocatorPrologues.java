package io.jkasan.agent.instr;

import io.jkasan.runtime.depot.CallSites;
import java.util.Arrays;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Injects the allocator interception into {@code jdk.internal.misc.Unsafe}: a prologue at the entry of
 * {@code allocateMemory(long)}, {@code reallocateMemory(long, long)} and {@code freeMemory(long)} that asks
 * the runtime's {@code AllocatorHooks} whether jkasan takes the call and returns jkasan's answer if so. The
 * original body follows unchanged and runs for every call jkasan leaves to the JDK.
 *
 * <p>Plain ASM (already shaded for the call-site rewriter) rather than Byte Buddy's {@code Advice}: the three
 * prologues are twelve instructions, and docs/performance.md ("Allocator interception: start-up") measures
 * what Byte Buddy's classes would add to every JVM's start-up. The class keeps its members, so the change is
 * allowed under retransformation; one stack map frame is added, at the first original instruction, where the
 * locals are the method's parameters and the stack is empty (JVMS §4.10.1).
 */
public final class AllocatorPrologues {
    /** The class whose methods are the process's off-heap allocator. */
    public static final String UNSAFE = "jdk/internal/misc/Unsafe";
    private static final String HOOKS = "io/jkasan/runtime/hooks/AllocatorHooks";
    /** The most operand-stack slots a prologue uses: two longs. */
    private static final int PROLOGUE_STACK = 4;

    private AllocatorPrologues() {
    }

    /**
     * @param classfile the class file of {@code jdk.internal.misc.Unsafe}
     * @return the class file with the three prologues
     * @throws IllegalStateException if one of the three methods is missing or begins at a branch target (the
     *     caller leaves the class as it was)
     */
    public static byte[] inject(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = InstrSupport.newWriter(reader);
        InjectingClassVisitor visitor = new InjectingClassVisitor(writer);
        reader.accept(visitor, 0);
        if (visitor.injected != Hooked.values().length) {
            throw new IllegalStateException("found " + visitor.injected + " of the " + Hooked.values().length
                    + " allocator methods " + Arrays.toString(Hooked.values()));
        }
        byte[] out = writer.toByteArray();
        registerBciMaps(new CodeOffsets(reader, classfile), new CodeOffsets(new ClassReader(out), out));
        return out;
    }

    /**
     * A report's allocation or free stack shows the {@code Unsafe} method it passed through; its bytecode index
     * is one of the prologue's calls, which the class file on disk does not have. Those are shown as 0, the
     * method's entry, and the original calls after the prologue at their original offsets.
     */
    private static void registerBciMaps(CodeOffsets original, CodeOffsets injected) {
        for (Hooked m : Hooked.values()) {
            int[] before = original.invokeOffsets(m.name, m.descriptor);
            int[] after = injected.invokeOffsets(m.name, m.descriptor);
            int added = after.length - before.length;
            int[] mapped = new int[after.length];
            System.arraycopy(before, 0, mapped, added, before.length);     // the first `added` stay 0
            CallSites.registerBciMap(UNSAFE.replace('/', '.'), m.name, m.descriptor, after, mapped);
        }
    }

    /** The three methods and their prologues. */
    private enum Hooked {
        ALLOCATE("allocateMemory", "(J)J") {
            @Override
            void emit(MethodVisitor mv, Label original) {
                mv.visitVarInsn(Opcodes.LLOAD, 1);                                          // bytes
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "interceptsAllocate", "(J)Z", false); // taken
                mv.visitJumpInsn(Opcodes.IFEQ, original);                                   // -
                mv.visitVarInsn(Opcodes.LLOAD, 1);                                          // bytes
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "allocateMemory", "(J)J", false);   // address
                mv.visitInsn(Opcodes.LRETURN);                                              // -
            }
        },
        REALLOCATE("reallocateMemory", "(JJ)J") {
            @Override
            void emit(MethodVisitor mv, Label original) {
                mv.visitVarInsn(Opcodes.LLOAD, 1);                                          // address
                mv.visitVarInsn(Opcodes.LLOAD, 3);                                          // address, bytes
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "interceptsReallocate", "(JJ)Z", false); // taken
                mv.visitJumpInsn(Opcodes.IFEQ, original);                                   // -
                mv.visitVarInsn(Opcodes.LLOAD, 1);                                          // address
                mv.visitVarInsn(Opcodes.LLOAD, 3);                                          // address, bytes
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "reallocateMemory", "(JJ)J", false); // new address
                mv.visitInsn(Opcodes.LRETURN);                                              // -
            }
        },
        FREE("freeMemory", "(J)V") {
            @Override
            void emit(MethodVisitor mv, Label original) {
                mv.visitVarInsn(Opcodes.LLOAD, 1);                                          // address
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "freeMemory", "(J)Z", false);       // freed
                mv.visitJumpInsn(Opcodes.IFEQ, original);                                   // -
                mv.visitInsn(Opcodes.RETURN);                                               // -
            }
        };

        final String name;
        final String descriptor;

        Hooked(String name, String descriptor) {
            this.name = name;
            this.descriptor = descriptor;
        }

        /**
         * Emits the prologue; it ends by jumping to {@code original} when the JDK keeps the call.
         *
         * @param mv the method being written
         * @param original where the original body begins
         */
        abstract void emit(MethodVisitor mv, Label original);

        static Hooked of(int access, String name, String descriptor) {
            if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return null;
            }
            for (Hooked m : values()) {
                if (m.name.equals(name) && m.descriptor.equals(descriptor)) {
                    return m;
                }
            }
            return null;
        }
    }

    private static final class InjectingClassVisitor extends ClassVisitor {
        private int injected;

        InjectingClassVisitor(ClassVisitor next) {
            super(InstrSupport.ASM_API, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            Hooked m = Hooked.of(access, name, descriptor);
            if (next == null || m == null) {
                return next;
            }
            injected++;
            return new PrologueMethodVisitor(next, m);
        }
    }

    /**
     * Emits the prologue just before the method's first instruction, after the labels and line number placed
     * at offset 0, so that the prologue carries the method's first line. A stack map frame before the first
     * instruction would mean the original code branches back to its entry; the prologue's own frame would then
     * collide with it, so such a method is refused.
     */
    private static final class PrologueMethodVisitor extends MethodVisitor {
        private final Hooked method;
        private boolean emitted;

        PrologueMethodVisitor(MethodVisitor next, Hooked method) {
            super(InstrSupport.ASM_API, next);
            this.method = method;
        }

        private void beforeInstruction() {
            if (emitted) {
                return;
            }
            emitted = true;
            Label original = new Label();
            method.emit(mv, original);
            mv.visitLabel(original);
            // The locals are the parameters, the stack is empty: the implicit frame at the method's entry.
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (!emitted) {
                throw new IllegalStateException(method.name + " begins at a branch target");
            }
            super.visitFrame(type, numLocal, local, numStack, stack);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, PROLOGUE_STACK), maxLocals);
        }

        @Override
        public void visitInsn(int opcode) {
            beforeInstruction();
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            beforeInstruction();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            beforeInstruction();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            beforeInstruction();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            beforeInstruction();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            beforeInstruction();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
                Object... bootstrapMethodArguments) {
            beforeInstruction();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            beforeInstruction();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            beforeInstruction();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            beforeInstruction();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            beforeInstruction();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            beforeInstruction();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            beforeInstruction();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }
}
