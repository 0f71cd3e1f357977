package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.agent.instr.targets.SegmentCallsOutsideLoops;
import io.jkasan.agent.instr.targets.SegmentLoopTarget;
import io.jkasan.agent.instr.targets.UnsafeContract;
import io.jkasan.agent.instr.targets.UnsafeTarget;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which classes a method's calls name and whether it jumps backward ({@link CodeOffsets#mayRewrite}), read from the
 * original code.
 */
class CodeOffsetsTest {
    private static final Set<String> OWNERS = Set.of("sun/misc/Unsafe", "java/lang/foreign/MemorySegment");
    private static final Set<String> UNSAFE = Set.of("sun/misc/Unsafe");
    private static final Set<String> LOOP_OWNERS = Set.of("java/lang/foreign/MemorySegment", "java/nio/ByteBuffer");
    private static final String SEGMENT_READ = "(Ljava/lang/foreign/MemorySegment;)J";

    @Test
    void a_virtual_call_on_an_owner_is_found_and_naming_it_as_a_constant_or_a_cast_is_not() {
        CodeOffsets offsets = offsets(UnsafeTarget.class);
        assertTrue(offsets.mayRewrite("getLongAbsolute", "(J)J", OWNERS, Set.of()));
        assertTrue(offsets.mayRewrite("copyMemory", "(JJJ)V", OWNERS, Set.of()));
        // theUnsafe() loads Unsafe.class, calls Class and Field methods and casts to Unsafe: no call on it.
        assertFalse(offsets.mayRewrite("theUnsafe", "()Lsun/misc/Unsafe;", OWNERS, Set.of()));
        assertFalse(offsets.mayRewrite("getLongAbsolute", "(J)J", Set.of("jdk/internal/misc/Unsafe"), Set.of()));
        assertFalse(offsets.mayRewrite("<init>", "()V", OWNERS, Set.of()));
    }

    @Test
    void an_interface_call_is_found_and_a_method_without_code_calls_nothing() {
        assertTrue(offsets(SegmentLoopTarget.class).mayRewrite("sum", SEGMENT_READ, OWNERS, Set.of()));
        assertFalse(offsets(UnsafeContract.class).mayRewrite("writeGrowRead", "(J)J", OWNERS, Set.of()));
        assertFalse(offsets(UnsafeTarget.class).mayRewrite("noSuchMethod", "()V", OWNERS, Set.of()));
    }

    @Test
    void a_loop_owner_counts_only_between_a_backward_jump_and_its_target() {
        CodeOffsets outside = offsets(SegmentCallsOutsideLoops.class);
        assertFalse(outside.mayRewrite("straight", SEGMENT_READ, UNSAFE, LOOP_OWNERS));
        assertFalse(outside.mayRewrite("branchy", "(Ljava/nio/ByteBuffer;Z)I", UNSAFE, LOOP_OWNERS));
        assertFalse(outside.mayRewrite("afterLoop", "(Ljava/lang/foreign/MemorySegment;I)J", UNSAFE, LOOP_OWNERS));
        assertTrue(outside.mayRewrite("doWhile", SEGMENT_READ, UNSAFE, LOOP_OWNERS));
        assertFalse(outside.mayRewrite("doWhile", SEGMENT_READ, UNSAFE, Set.of()));
        assertTrue(offsets(SegmentLoopTarget.class).mayRewrite("sum", SEGMENT_READ, UNSAFE, LOOP_OWNERS));
        assertTrue(offsets(SegmentLoopTarget.class).mayRewrite("drain", "(Ljava/nio/ByteBuffer;)J", UNSAFE,
                LOOP_OWNERS));
    }

    @Test
    void a_class_may_be_rewritten_if_one_of_its_methods_may() {
        assertTrue(offsets(SegmentCallsOutsideLoops.class).anyMayRewrite(UNSAFE, LOOP_OWNERS));
        assertFalse(offsets(SegmentCallsOutsideLoops.class).anyMayRewrite(UNSAFE, Set.of()));
        assertTrue(offsets(UnsafeTarget.class).anyMayRewrite(UNSAFE, Set.of()));
        assertFalse(offsets(UnsafeContract.class).anyMayRewrite(UNSAFE, LOOP_OWNERS));
    }

    @Test
    void a_switch_target_before_the_switch_is_a_backward_jump() {
        for (boolean table : new boolean[] {true, false}) {
            for (boolean defaultBack : new boolean[] {true, false}) {
                byte[] classfile = switchLoop(table, defaultBack);
                CodeOffsets offsets = new CodeOffsets(new ClassReader(classfile), classfile);
                String shape = (table ? "tableswitch" : "lookupswitch")
                        + (defaultBack ? ", default back" : ", case back");
                assertTrue(offsets.mayRewrite("loop", SEGMENT_READ, UNSAFE, LOOP_OWNERS), shape);
                assertFalse(offsets.mayRewrite("forward", SEGMENT_READ, UNSAFE, LOOP_OWNERS), shape);
            }
        }
    }

    /**
     * A class whose method {@code loop} reads a segment and then switches back to its start (from the default target
     * or from one case; every other target lies ahead), and whose method {@code forward} does the same with every
     * target ahead: no {@code goto} or conditional jump in either.
     */
    private static byte[] switchLoop(boolean table, boolean defaultBack) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "SwitchLoop", null, "java/lang/Object", null);
        for (String name : new String[] {"loop", "forward"}) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, name, SEGMENT_READ, null, null);
            mv.visitCode();
            Label top = new Label();
            Label out = new Label();
            Label other = new Label();
            boolean back = name.equals("loop");
            mv.visitLabel(top);
            mv.visitVarInsn(Opcodes.ALOAD, 0);                           // stack: s
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/foreign/MemorySegment", "byteSize", "()J", true);
            mv.visitInsn(Opcodes.L2I);                                    // stack: size
            Label dflt = back && defaultBack ? top : out;
            Label caseOne = back && !defaultBack ? top : other;
            if (table) {
                mv.visitTableSwitchInsn(0, 1, dflt, out, caseOne);       // stack: (empty)
            } else {
                mv.visitLookupSwitchInsn(dflt, new int[] {0, 1}, new Label[] {out, caseOne});
            }
            mv.visitLabel(other);
            mv.visitLabel(out);
            mv.visitInsn(Opcodes.LCONST_0);                               // stack: 0L
            mv.visitInsn(Opcodes.LRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static CodeOffsets offsets(Class<?> type) {
        byte[] classfile = TestClasses.bytes(type);
        return new CodeOffsets(new ClassReader(classfile), classfile);
    }
}
