package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.KasanFrame;
import io.jkasan.agent.instr.targets.InternalUnsafeTarget;
import io.jkasan.agent.instr.targets.LongCodeTarget;
import io.jkasan.agent.instr.targets.MentionsUnsafeOnly;
import io.jkasan.agent.instr.targets.NoUnsafe;
import io.jkasan.agent.instr.targets.UnsafeTarget;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.hooks.UnbridgedCallSites;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Structural properties of rewritten classes: verifiable, untouched when nothing matches, sites registered. */
class ClassRewriterTest {

    @Test
    void every_rewritten_class_passes_the_asm_verifier() {
        for (Class<?> target : List.of(UnsafeTarget.class, InternalUnsafeTarget.class, LongCodeTarget.class)) {
            byte[] rewritten = ClassRewriter.rewrite(TestClasses.bytes(target));
            assertNotNull(rewritten, target.getName());
            assertEquals("", TestClasses.verify(rewritten), target.getName());
        }
    }

    @Test
    void no_unsafe_call_remains_in_a_rewritten_class() {
        ClassNode node = node(ClassRewriter.rewrite(TestClasses.bytes(UnsafeTarget.class)));
        for (MethodNode method : node.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals("sun/misc/Unsafe")) {
                    assertEquals("addressSize", ((MethodInsnNode) insn).name, method.name + " still calls Unsafe");
                }
            }
        }
    }

    @Test
    void a_call_without_a_bridge_on_this_jdk_is_left_as_it_is_and_counted() {
        // One Unsafe method no JDK has, and one table row only JDK 17 and 21 declare (an Object-named alias of
        // jdk.internal.misc.Unsafe): neither may become a bridge call on this JDK.
        boolean aliasDeclared = Runtime.version().feature() < 22;
        byte[] original = classCalling(new String[] {"sun/misc/Unsafe", "getLongTwice", "(J)J"},
                new String[] {"jdk/internal/misc/Unsafe", "getObject", "(Ljava/lang/Object;J)Ljava/lang/Object;"});
        long before = UnbridgedCallSites.count();
        byte[] rewritten = ClassRewriter.rewrite(original);
        assertEquals(aliasDeclared ? 1 : 2, UnbridgedCallSites.count() - before);
        if (aliasDeclared) {
            assertNotNull(rewritten);
        } else {
            assertNull(rewritten, "nothing to rewrite: the class is returned unchanged");
        }
    }

    /** A class whose one method makes the given {@code invokevirtual} calls on a {@code null} receiver. */
    private static byte[] classCalling(String[]... calls) {
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "t/Calls", null, "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor m = w.visitMethod(Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        for (String[] call : calls) {
            // stack: -> Unsafe(null), args... -> result -> (popped)
            m.visitInsn(Opcodes.ACONST_NULL);
            if (call[2].startsWith("(Ljava/lang/Object;")) {
                m.visitInsn(Opcodes.ACONST_NULL);
            }
            m.visitInsn(Opcodes.LCONST_0);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, call[0], call[1], call[2], false);
            m.visitInsn(call[2].endsWith("J") ? Opcodes.POP2 : Opcodes.POP);
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void class_without_unsafe_is_stopped_by_the_pre_filter() {
        assertFalse(AccessMentions.in(TestClasses.bytes(NoUnsafe.class)));
        assertTrue(AccessMentions.in(TestClasses.bytes(UnsafeTarget.class)));
        assertTrue(AccessMentions.in(TestClasses.bytes(InternalUnsafeTarget.class)));
    }

    @Test
    void class_without_memory_call_sites_is_returned_as_null() {
        assertTrue(AccessMentions.in(TestClasses.bytes(MentionsUnsafeOnly.class)));
        assertNull(ClassRewriter.rewrite(TestClasses.bytes(MentionsUnsafeOnly.class)));
        assertNull(ClassRewriter.rewrite(TestClasses.bytes(NoUnsafe.class)));
    }

    @Test
    void a_method_that_calls_no_rewritten_class_keeps_its_code_and_frames() {
        // theUnsafe() names Unsafe only as a class constant and a cast, and catches an exception (so it has a
        // stack map frame): it is copied as it is, frame included, while its neighbour in the same class is
        // rewritten.
        byte[] original = TestClasses.bytes(UnsafeTarget.class);
        byte[] rewritten = ClassRewriter.rewrite(original);
        String copied = text(original, "theUnsafe");
        assertTrue(copied.contains("FRAME SAME1"), copied);
        assertEquals(copied, text(rewritten, "theUnsafe"));
        MethodNode read = method(node(rewritten), "getLongAbsolute");
        assertTrue(callsBridge(read, "getLong"), "getLongAbsolute is rewritten");
    }

    /** The method's instructions and frames as the class file holds them, frames not expanded. */
    private static String text(byte[] classfile, String methodName) {
        MethodNode m = method(node(classfile), methodName);
        org.objectweb.asm.util.Textifier printer = new org.objectweb.asm.util.Textifier();
        m.accept(new org.objectweb.asm.util.TraceMethodVisitor(printer));
        java.io.StringWriter out = new java.io.StringWriter();
        printer.print(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static MethodNode method(ClassNode node, String name) {
        for (MethodNode m : node.methods) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static boolean callsBridge(MethodNode method, String name) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call && call.owner.startsWith("io/jkasan/runtime/hooks/")
                    && call.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void allocation_call_sites_are_registered_with_the_original_bytecode_index() throws IOException {
        assertCallSites(UnsafeTarget.class, "allocateReallocateFree", "UnsafeTarget.java");
    }

    @Test
    void bytecode_index_survives_switch_padding_and_wide_instructions() throws IOException {
        assertCallSites(LongCodeTarget.class, "switches", "LongCodeTarget.java");
    }

    private static void assertCallSites(Class<?> target, String method, String file) throws IOException {
        byte[] original = TestClasses.bytes(target);
        List<Javap.Instruction> code = Javap.code(original, method);
        List<Integer> expectedBcis = new ArrayList<>();
        for (Javap.Instruction insn : code) {
            if (insn.mnemonic().equals("invokevirtual")
                    && (insn.rest().contains(".allocateMemory:") || insn.rest().contains(".reallocateMemory:"))) {
                expectedBcis.add(insn.bci());
            }
        }
        Javap.Instruction last = code.get(code.size() - 1);
        assertTrue(last.mnemonic().endsWith("return"), "target method must end in a 1-byte return");
        int codeLength = last.bci() + 1;

        List<KasanFrame> sites = registeredSites(ClassRewriter.rewrite(original), method);
        assertEquals(expectedBcis.size(), sites.size());
        for (int i = 0; i < sites.size(); i++) {
            KasanFrame site = sites.get(i);
            assertEquals(target.getName(), site.className());
            assertEquals(method, site.methodName());
            assertEquals((int) expectedBcis.get(i), site.bytecodeIndex());
            assertEquals(codeLength, site.codeLength());
            assertEquals(file, site.fileName());
            assertTrue(site.lineNumber() > 0, "line number");
        }
    }

    /** The frames behind the constants pushed before each allocation bridge of one method. */
    private static List<KasanFrame> registeredSites(byte[] rewritten, String method) {
        List<KasanFrame> sites = new ArrayList<>();
        for (MethodNode m : node(rewritten).methods) {
            if (!m.name.equals(method)) {
                continue;
            }
            for (AbstractInsnNode insn : m.instructions) {
                if (insn.getOpcode() == Opcodes.INVOKESTATIC
                        && ((MethodInsnNode) insn).desc.endsWith("I)J")
                        && ((MethodInsnNode) insn).name.endsWith("llocateMemory")) {
                    KasanFrame site = CallSites.get(intConstant(insn.getPrevious()));
                    assertNotNull(site);
                    sites.add(site);
                }
            }
        }
        return sites;
    }

    private static int intConstant(AbstractInsnNode insn) {
        if (insn instanceof InsnNode) {
            return insn.getOpcode() - Opcodes.ICONST_0;
        }
        if (insn instanceof IntInsnNode) {
            return ((IntInsnNode) insn).operand;
        }
        return (Integer) ((LdcInsnNode) insn).cst;
    }

    private static ClassNode node(byte[] classfile) {
        ClassNode node = new ClassNode();
        new ClassReader(classfile).accept(node, 0);
        return node;
    }
}
