package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.hooks.UnbridgedCallSites;
import io.jkasan.runtime.hooks.UnsafeMethods;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * The rewrite of the running JDK's own {@code jdk.internal.misc.ScopedMemoryAccess}: every
 * {@code jdk.internal.misc.Unsafe} memory call and the one {@code ArraysSupport.vectorizedMismatch} call become
 * bridge calls, nothing else changes, and no instruction moves (docs/segments.md).
 */
class ScopedMemoryAccessRewriteTest {
    private static final String UNSAFE = "jdk/internal/misc/Unsafe";

    @Test
    void the_funnel_is_rewritten_from_jdk_22_on_only() {
        assertFalse(ScopedMemoryAccessRewrite.appliesTo(17));
        assertFalse(ScopedMemoryAccessRewrite.appliesTo(21));
        assertTrue(ScopedMemoryAccessRewrite.appliesTo(22));
        assertTrue(ScopedMemoryAccessRewrite.appliesTo(25));
    }

    @Test
    void every_unsafe_call_and_the_mismatch_call_become_bridge_calls_and_no_instruction_moves() throws IOException {
        byte[] original = jdkClass();
        long unbridgedBefore = UnbridgedCallSites.count();
        byte[] rewritten = ScopedMemoryAccessRewrite.rewrite(original);
        assertNotNull(rewritten);
        assertEquals(0, UnbridgedCallSites.count() - unbridgedBefore, "every Unsafe call of the funnel has a bridge");
        ClassNode before = node(original);
        ClassNode after = node(rewritten);
        int unsafeCalls = 0;
        int mismatchBridges = 0;
        CodeOffsets originalCode = new CodeOffsets(new ClassReader(original), original);
        CodeOffsets rewrittenCode = new CodeOffsets(new ClassReader(rewritten), rewritten);
        for (MethodNode m : after.methods) {
            for (MethodInsnNode call : calls(m)) {
                assertFalse(call.getOpcode() == Opcodes.INVOKEVIRTUAL && call.owner.equals(UNSAFE)
                        && !UnsafeMethods.accessesNoMemory(call.name),
                        m.name + " still calls Unsafe." + call.name);
                assertFalse(call.owner.equals(MismatchCallRewriter.ARRAYS_SUPPORT), m.name + " still calls "
                        + "ArraysSupport." + call.name);
                mismatchBridges += call.owner.equals(MismatchCallRewriter.HOOK_CLASS) ? 1 : 0;
            }
            if (m.instructions.size() == 0) {
                continue;                                            // native: no code
            }
            assertEquals(originalCode.codeLength(m.name, m.desc), rewrittenCode.codeLength(m.name, m.desc),
                    "same code length, so every bytecode index a report prints is the original's: " + m.name);
        }
        for (MethodNode m : before.methods) {
            for (MethodInsnNode call : calls(m)) {
                unsafeCalls += call.getOpcode() == Opcodes.INVOKEVIRTUAL && call.owner.equals(UNSAFE) ? 1 : 0;
            }
        }
        assertTrue(unsafeCalls > 200, "the JDK's funnel makes hundreds of Unsafe calls, found " + unsafeCalls);
        assertEquals(1, mismatchBridges);
        assertEquals(before.methods.size(), after.methods.size());
        assertEquals(before.fields.size(), after.fields.size());
    }

    /**
     * The funnel's bridges are written in place ({@link InPlaceCallPatch}); ASM's rewrite of the same class
     * ({@link ClassRewriter}) must give the same class, instruction for instruction, frames and all.
     */
    @Test
    void the_in_place_patch_gives_the_same_methods_as_asms_rewrite() throws IOException {
        byte[] original = jdkClass();
        InPlaceCallPatch patch = InPlaceCallPatch.of(original);
        assertTrue(patch.inPlace(), "no funnel call needs a call-site id");
        byte[] inPlace = patch.apply();
        byte[] rewritten = ClassRewriter.rewriteWithMismatch(original);
        assertNotNull(inPlace);
        assertNotNull(rewritten);
        List<String> asm = text(rewritten);
        List<String> patched = text(inPlace);
        assertEquals(asm.size(), patched.size());
        for (int i = 0; i < asm.size(); i++) {
            assertEquals(asm.get(i), patched.get(i));
        }
        assertTrue(asm.stream().filter(m -> m.contains("INVOKESTATIC io/jkasan/runtime/hooks/")).count() > 200,
                "most methods call a bridge");
    }

    @Test
    void a_class_whose_bridge_needs_its_call_site_is_not_patched_in_place() throws IOException {
        byte[] allocating;
        try (InputStream in = ScopedMemoryAccessRewriteTest.class.getResourceAsStream(
                "/" + AllocatingCaller.class.getName().replace('.', '/') + ".class")) {
            allocating = in.readAllBytes();
        }
        InPlaceCallPatch patch = InPlaceCallPatch.of(allocating);
        assertFalse(patch.inPlace(), "allocateMemory's bridge takes the id of its call site");
        assertThrows(IllegalStateException.class, patch::apply);
    }

    /** Calls an allocation method of {@code Unsafe}; never run. */
    static final class AllocatingCaller {
        static long allocate(sun.misc.Unsafe u) {
            return u.allocateMemory(16);
        }
    }

    /** @return each method, fields and class header as ASM's {@code Textifier} prints them, frames expanded */
    private static List<String> text(byte[] classfile) {
        ClassNode node = new ClassNode();
        new ClassReader(classfile).accept(node, ClassReader.EXPAND_FRAMES);
        List<String> out = new ArrayList<>();
        for (MethodNode m : node.methods) {
            Textifier t = new Textifier();
            m.accept(new TraceMethodVisitor(t));
            StringWriter w = new StringWriter();
            t.print(new PrintWriter(w));
            out.add(m.access + " " + m.name + m.desc + "\n" + w);
        }
        return out;
    }

    private static byte[] jdkClass() throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(
                ScopedMemoryAccessRewrite.SCOPED_MEMORY_ACCESS + ".class")) {
            assertNotNull(in, "the running JDK's ScopedMemoryAccess");
            return in.readAllBytes();
        }
    }

    private static ClassNode node(byte[] classfile) {
        ClassNode node = new ClassNode();
        new ClassReader(classfile).accept(node, 0);
        return node;
    }

    private static List<MethodInsnNode> calls(MethodNode m) {
        List<MethodInsnNode> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode) {
                out.add((MethodInsnNode) insn);
            }
        }
        return out;
    }
}
