package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** The prologues on the running JDK's own {@code jdk.internal.misc.Unsafe}; the JVM verifies them in the ITs. */
class AllocatorProloguesTest {
    private static byte[] unsafeClassFile() throws IOException {
        try (InputStream in = Object.class.getModule().getResourceAsStream("jdk/internal/misc/Unsafe.class")) {
            return in.readAllBytes();
        }
    }

    private static List<String> firstCalls(ClassNode c, String name, String descriptor) {
        List<String> calls = new ArrayList<>();
        for (MethodNode m : c.methods) {
            if (m.name.equals(name) && m.desc.equals(descriptor)) {
                for (AbstractInsnNode i = m.instructions.getFirst(); i != null && calls.size() < 2; i = i.getNext()) {
                    if (i instanceof MethodInsnNode) {
                        MethodInsnNode call = (MethodInsnNode) i;
                        calls.add(call.owner + "." + call.name + call.desc);
                    }
                }
            }
        }
        return calls;
    }

    @Test
    void each_allocator_method_asks_the_runtime_first_and_keeps_its_original_body() throws IOException {
        byte[] original = unsafeClassFile();
        ClassNode c = new ClassNode();
        new ClassReader(AllocatorPrologues.inject(original)).accept(c, 0);
        String hooks = "io/jkasan/runtime/hooks/AllocatorHooks.";
        assertEquals(List.of(hooks + "interceptsAllocate(J)Z", hooks + "allocateMemory(J)J"),
                firstCalls(c, "allocateMemory", "(J)J"));
        assertEquals(List.of(hooks + "interceptsReallocate(JJ)Z", hooks + "reallocateMemory(JJ)J"),
                firstCalls(c, "reallocateMemory", "(JJ)J"));
        assertEquals(hooks + "freeMemory(J)Z", firstCalls(c, "freeMemory", "(J)V").get(0));
        ClassNode before = new ClassNode();
        new ClassReader(original).accept(before, 0);
        assertEquals(before.methods.size(), c.methods.size(), "no member added: retransformation allows none");
        assertEquals(before.fields.size(), c.fields.size());
    }

    @Test
    void a_method_that_begins_at_a_branch_target_is_refused_not_mangled() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, AllocatorPrologues.UNSAFE, null, "java/lang/Object", null);
        for (String[] m : new String[][] {{"allocateMemory", "(J)J"}, {"reallocateMemory", "(JJ)J"},
            {"freeMemory", "(J)V"}}) {
            MethodVisitor mv = w.visitMethod(Opcodes.ACC_PUBLIC, m[0], m[1], null, null);
            mv.visitCode();
            Label loop = new Label();
            mv.visitLabel(loop);
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            mv.visitJumpInsn(Opcodes.GOTO, loop);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        w.visitEnd();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AllocatorPrologues.inject(w.toByteArray()));
        assertTrue(e.getMessage().contains("begins at a branch target"), e.getMessage());
    }
}
