package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.depot.CallSites;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code MemorySegment.get}/{@code set} call sites: rewritten into {@code MemorySegmentHooks} bridges in a
 * class for Java 22, left alone in a class for Java 17 (docs/design.md, "One jar for JDK 17, 21 and 25").
 * The classes are generated with ASM, one call of every bridged form plus one unbridged
 * {@code getAtIndex}. Runs on the build JDK, which must be 22+ for the bridges to exist.
 */
class SegmentCallSiteRewriteTest {
    private static final String CLASS = "t/Segments";
    private static final String METHOD = "run";
    private static final String METHOD_DESCRIPTOR = "(Ljava/lang/foreign/MemorySegment;)V";
    private static final String UNBRIDGED = "getAtIndex";
    private static final String UNBRIDGED_DESCRIPTOR = "(Ljava/lang/foreign/ValueLayout$OfLong;J)J";

    @Test
    void every_bridged_call_in_a_java_22_class_becomes_its_bridge_and_the_class_verifies() throws Exception {
        assertTrue(SegmentBridges.JDK_SUPPORTS, "the build JDK must be 22+: " + Runtime.version());
        byte[] original = classCalling(Opcodes.V22);
        assertTrue(UnsafeMentions.in(original), "the pre-filter lets a MemorySegment caller through");
        byte[] rewritten = ClassRewriter.rewrite(original);
        assertNotNull(rewritten);
        assertEquals("", TestClasses.verify(rewritten));
        TestClasses.loadIsolated(CLASS.replace('/', '.'), rewritten);   // the JVM's verifier too

        List<String> bridged = new ArrayList<>();
        for (MethodInsnNode call : calls(rewritten)) {
            if (call.getOpcode() == Opcodes.INVOKESTATIC) {
                assertEquals(SegmentBridges.HOOK_CLASS, call.owner);
                assertEquals(false, call.itf);
                bridged.add(call.name + call.desc);
            } else {
                // stack shape unchanged: only the unbridged call keeps its invokeinterface
                assertEquals(Opcodes.INVOKEINTERFACE, call.getOpcode());
                assertEquals(UNBRIDGED + UNBRIDGED_DESCRIPTOR, call.name + call.desc);
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        for (String d : SegmentBridges.DESCRIPTORS) {
            expected.add(d.substring(0, 3) + "(" + "Ljava/lang/foreign/MemorySegment;" + d.substring(4));
        }
        assertEquals(expected, new TreeSet<>(bridged));
        assertEquals(18, bridged.size());
    }

    @Test
    void every_bridge_the_rewriter_calls_exists_as_a_public_static_method() throws Exception {
        Class<?> hooks = Class.forName(SegmentBridges.HOOK_CLASS.replace('/', '.'));
        TreeSet<String> declared = new TreeSet<>();
        for (Method m : hooks.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == hooks) {
                declared.add(m.getName() + Type.getMethodDescriptor(m));
            }
        }
        for (String d : SegmentBridges.DESCRIPTORS) {
            String name = d.substring(0, 3);
            String bridge = SegmentBridges.bridgeDescriptor(SegmentBridges.OWNER, name, d.substring(3));
            assertTrue(declared.contains(name + bridge), name + bridge + " in " + declared);
        }
        assertEquals(SegmentBridges.DESCRIPTORS.size(), declared.size(), declared.toString());
    }

    @Test
    void original_bytecode_indices_survive_the_shorter_invokestatic() {
        byte[] original = classCalling(Opcodes.V22);
        byte[] rewritten = ClassRewriter.rewrite(original);
        int[] before = new CodeOffsets(new ClassReader(original), original).invokeOffsets(METHOD, METHOD_DESCRIPTOR);
        int[] after = new CodeOffsets(new ClassReader(rewritten), rewritten).invokeOffsets(METHOD, METHOD_DESCRIPTOR);
        assertEquals(before.length, after.length);
        assertTrue(after[after.length - 1] < before[before.length - 1], "invokestatic is 2 bytes shorter");
        for (int i = 0; i < after.length; i++) {
            assertEquals(before[i], CallSites.originalBci("t.Segments", METHOD, METHOD_DESCRIPTOR, after[i]));
        }
    }

    @Test
    void a_java_17_class_is_left_alone() {
        byte[] original = classCalling(Opcodes.V17);
        assertNull(ClassRewriter.rewrite(original), "no MemorySegment call site is rewritten below version 66");
    }

    /** @return the method instructions of {@code run}, in code order */
    private static List<MethodInsnNode> calls(byte[] classfile) {
        ClassNode node = new ClassNode();
        new ClassReader(classfile).accept(node, 0);
        List<MethodInsnNode> out = new ArrayList<>();
        for (MethodNode m : node.methods) {
            if (m.name.equals(METHOD)) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode) {
                        out.add((MethodInsnNode) insn);
                    }
                }
            }
        }
        return out;
    }

    /** A class whose {@code run(MemorySegment)} makes every bridged call once, then one unbridged call. */
    private static byte[] classCalling(int version) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, CLASS, null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, METHOD, METHOD_DESCRIPTOR, null,
                null);
        m.visitCode();
        List<String> calls = new ArrayList<>(new TreeSet<>(SegmentBridges.DESCRIPTORS));
        calls.add(UNBRIDGED + UNBRIDGED_DESCRIPTOR);
        for (String call : calls) {
            int paren = call.indexOf('(');
            String name = call.substring(0, paren);
            String descriptor = call.substring(paren);
            Type[] args = Type.getArgumentTypes(descriptor);
            // stack: -> MemorySegment, layout(null), J[, value] -> result -> (popped)
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitInsn(Opcodes.ACONST_NULL);
            m.visitTypeInsn(Opcodes.CHECKCAST, args[0].getInternalName());
            m.visitInsn(Opcodes.LCONST_0);
            if (args.length == 3) {
                m.visitInsn(zero(args[2]));
            }
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, SegmentBridges.OWNER, name, descriptor, true);
            Type result = Type.getReturnType(descriptor);
            if (result.getSize() > 0) {
                m.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
            }
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static int zero(Type t) {
        switch (t.getSort()) {
            case Type.LONG: return Opcodes.LCONST_0;
            case Type.FLOAT: return Opcodes.FCONST_0;
            case Type.DOUBLE: return Opcodes.DCONST_0;
            case Type.OBJECT: return Opcodes.ACONST_NULL;
            default: return Opcodes.ICONST_0;
        }
    }
}
