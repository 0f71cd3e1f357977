package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkasan.Jkasan;
import io.jkasan.agent.instr.targets.SegmentLoopTarget;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.hooks.SunMiscUnsafeHooks;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Segment and buffer loops ({@link SegmentLoops}, {@link SegmentLoopBracket}) on {@link SegmentLoopTarget}: which
 * loops are bracketed, that the rewritten class verifies and computes what the original does, and that every way
 * out of a bracketed loop, an exception included, resumes the thread's checks. What the bracket saves is measured
 * in docs/performance.md; that reports stay exact is shown by the forked-JVM scenarios {@code segment-loop-*} and
 * {@code buffer-loop-*}.
 */
class SegmentLoopsTest {
    private static final byte[] ORIGINAL = TestClasses.bytes(SegmentLoopTarget.class);
    private static final byte[] REWRITTEN = ClassRewriter.rewrite(ORIGINAL);
    private static final sun.misc.Unsafe U = SpanGroupsTest.theUnsafe();

    @BeforeEach
    @AfterEach
    void noReportsLeftOver() {
        AccessChecker.exitSegmentLoop();
        Jkasan.clearReports();
    }

    @Test
    void the_rewritten_class_passes_the_asm_verifier() {
        assertNotNull(REWRITTEN, "a class with segment loops and no Unsafe call is rewritten");
        assertEquals("", TestClasses.verify(REWRITTEN));
    }

    @Test
    void loops_whose_only_calls_are_accessors_on_one_segment_are_bracketed() {
        String bracket = "isNative address byteSize enterSegmentLoop";
        assertEquals("byteSize " + bracket + " get exitSegmentLoop exitSegmentLoop", calls("sum"));
        assertEquals(bracket + " byteSize set exitSegmentLoop exitSegmentLoop", calls("scatter"));
        assertEquals(bracket + " get exitSegmentLoop exitSegmentLoop", calls("firstNonZero"));
        assertEquals("byteSize " + bracket + " get exitSegmentLoop exitSegmentLoop", calls("sumThroughHandle"));
        assertEquals(bracket + " get get exitSegmentLoop exitSegmentLoop", calls("mixed"));
        // exits: the loop's, a null further segment's, the handler's
        assertEquals(bracket + " isNative address byteSize narrowSegmentLoop get set exitSegmentLoop exitSegmentLoop"
                + " exitSegmentLoop", calls("copy"));
        assertEquals("(Ljava/lang/Object;ZJJ)V", descriptorOf("sumThroughHandle", "enterSegmentLoop"));
        assertEquals("(ZJJ)V", descriptorOf("sum", "enterSegmentLoop"));
        assertEquals(bracket + " narrowSegmentLoop get get exitSegmentLoop exitSegmentLoop", calls("twoHandles"));
    }

    @Test
    void loops_whose_only_calls_are_buffer_accessors_are_bracketed() {
        String exits = " exitSegmentLoop exitSegmentLoop";                  // the loop's and the handler's
        assertEquals("enterBufferLoop limit getLong" + exits, calls("sumBuffer"));
        assertEquals("enterBufferLoop remaining getInt" + exits, calls("drain"));
        assertEquals("enterBufferLoop putInt putInt" + exits, calls("fillPairs"));
        assertEquals("(Ljava/nio/ByteBuffer;)V", descriptorOf("sumBuffer", "enterBufferLoop"));
        // two sources: the null stub's exit too
        assertEquals("isNative address byteSize enterSegmentLoop narrowBufferLoop get putLong exitSegmentLoop" + exits,
                calls("copyToBuffer"));
        assertEquals("enterBufferLoop narrowBufferLoop getLong putLong exitSegmentLoop" + exits, calls("copyBuffer"));
    }

    @Test
    void buffer_loops_with_bulk_transfers_limit_changes_or_other_buffers_are_left_alone() {
        assertEquals("get", calls("bulk"));
        assertEquals("get flip", calls("flips"));
        assertEquals("slice putInt", calls("slicePuts"));
    }

    @Test
    void a_bracketed_buffer_loop_computes_what_the_original_does_and_resumes_checks_on_exit() throws Exception {
        long area = SunMiscUnsafeHooks.allocateMemory(U, 64, 0);
        U.setMemory(area, 64, (byte) 5);
        ByteBuffer b = MemorySegment.ofAddress(area).reinterpret(64).asByteBuffer();
        assertEquals(invoke(ORIGINAL, "sumBuffer", b), invoke(REWRITTEN, "sumBuffer", b));
        assertEquals(invoke(ORIGINAL, "drain", b.duplicate()), invoke(REWRITTEN, "drain", b.duplicate()));
        ByteBuffer pairs = ByteBuffer.allocate(64);
        invoke(REWRITTEN, "fillPairs", pairs, 8);
        assertEquals(-7, pairs.getInt(60));
        ByteBuffer copy = ByteBuffer.allocateDirect(64);
        invoke(REWRITTEN, "copyBuffer", b, copy);
        assertEquals(b.getLong(56), copy.getLong(56));
        InvocationTargetException nullTarget = assertThrows(InvocationTargetException.class,
                () -> invoke(REWRITTEN, "copyBuffer", b, null));           // through the null buffer's stub
        assertEquals(NullPointerException.class, nullTarget.getCause().getClass());
        assertEquals(List.of(), Jkasan.reports());
        assertOneReportPastTheEnd(area);
        // the JDK throws inside the loop: a read-only target
        InvocationTargetException readOnly = assertThrows(InvocationTargetException.class,
                () -> invoke(REWRITTEN, "copyBuffer", b, copy.asReadOnlyBuffer()));
        assertEquals(ReadOnlyBufferException.class, readOnly.getCause().getClass());
        assertOneReportPastTheEnd(area);
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void a_loop_through_a_replaceable_handle_is_left_alone() {
        assertEquals("get", calls("sumThroughReplaceable"));
    }

    @Test
    void loops_that_call_out_use_five_segments_return_or_rebind_their_segment_are_left_alone() {
        assertEquals("get helper", calls("withCall"));
        assertEquals("get get get get get", calls("five"));
        assertEquals("get", calls("indexOf"));
        assertEquals("get", calls("slices"));
        assertEquals("get", calls("otherStatic"));
    }

    @Test
    void a_bracketed_loop_computes_what_the_original_does_and_resumes_checks_on_exit() throws Exception {
        long area = SunMiscUnsafeHooks.allocateMemory(U, 64, 0);
        U.setMemory(area, 64, (byte) 3);
        MemorySegment s = MemorySegment.ofAddress(area).reinterpret(64);
        assertEquals(invoke(ORIGINAL, "sum", s), invoke(REWRITTEN, "sum", s));
        assertEquals(invoke(ORIGINAL, "firstNonZero", s, 64L), invoke(REWRITTEN, "firstNonZero", s, 64L));
        assertEquals(invoke(ORIGINAL, "sumThroughHandle", s), invoke(REWRITTEN, "sumThroughHandle", s));
        assertEquals(invoke(ORIGINAL, "twoHandles", s), invoke(REWRITTEN, "twoHandles", s));
        VarHandle longs = ValueLayout.JAVA_LONG.varHandle();
        assertEquals(invoke(ORIGINAL, "mixed", s, longs), invoke(REWRITTEN, "mixed", s, longs));
        MemorySegment copy = MemorySegment.ofArray(new long[8]);
        invoke(REWRITTEN, "copy", s, copy);
        assertEquals(invoke(ORIGINAL, "sum", s), invoke(ORIGINAL, "sum", copy));
        InvocationTargetException nullTarget = assertThrows(InvocationTargetException.class,
                () -> invoke(REWRITTEN, "copy", s, null));                // through the null segment's stub
        assertEquals(NullPointerException.class, nullTarget.getCause().getClass());
        assertEquals(List.of(), Jkasan.reports());
        assertOneReportPastTheEnd(area);
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void an_exception_out_of_a_bracketed_loop_resumes_checks() throws Exception {
        long area = SunMiscUnsafeHooks.allocateMemory(U, 64, 0);
        MemorySegment s = MemorySegment.ofAddress(area).reinterpret(64);
        // the JDK's own bounds check throws at offset 64, inside the loop
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> invoke(REWRITTEN, "firstNonZero", s, 128L));
        assertEquals(IndexOutOfBoundsException.class, thrown.getCause().getClass());
        assertOneReportPastTheEnd(area);
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    /** A read one byte past the 64-byte area, checked as the JDK's funnel checks it, must report. */
    private static void assertOneReportPastTheEnd(long area) {
        AccessChecker.check((Object) null, area + 64, 1, false);
        assertEquals(1, Jkasan.reports().size(), "checks resumed");
        Jkasan.clearReports();
    }

    private static Object invoke(byte[] classfile, String name, Object... args) throws Exception {
        return TestClasses.invokeStatic(SegmentLoopTarget.class.getName(), classfile, name, args);
    }

    /** @return the descriptor of the first call named {@code callee} in one method of the rewritten class */
    private static String descriptorOf(String method, String callee) {
        ClassNode node = new ClassNode();
        new ClassReader(REWRITTEN).accept(node, 0);
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (m.name.equals(method) && insn instanceof MethodInsnNode call && call.name.equals(callee)) {
                    return call.desc;
                }
            }
        }
        throw new AssertionError(method);
    }

    /** @return the names of the calls of one method of the rewritten class, in order */
    private static String calls(String method) {
        ClassNode node = new ClassNode();
        new ClassReader(REWRITTEN).accept(node, 0);
        List<String> names = new ArrayList<>();
        for (MethodNode m : node.methods) {
            if (m.name.equals(method)) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call) {
                        names.add(call.name);
                    }
                }
            }
        }
        return String.join(" ", names);
    }
}
