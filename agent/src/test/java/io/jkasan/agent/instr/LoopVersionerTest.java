package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.agent.instr.targets.LoopTarget;
import io.jkasan.runtime.hooks.SunMiscUnsafeHooks;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The loop analysis and the versioned loops it leads to ({@link CountedLoops}, {@link LoopVersioner}), on
 * {@link LoopTarget}: which loops get one hoisted check, the span it covers, and that a versioned loop gives
 * the original result on clean memory and, on bad memory, exactly the reports of its calls checked one by one.
 */
class LoopVersionerTest {
    private static final byte[] ORIGINAL = TestClasses.bytes(LoopTarget.class);
    private static final byte[] REWRITTEN = ClassRewriter.rewrite(ORIGINAL);
    private static final sun.misc.Unsafe U = SpanGroupsTest.theUnsafe();

    @BeforeEach
    @AfterEach
    void noReportsLeftOver() {
        Jkasan.clearReports();
    }

    @Test
    void the_rewritten_class_passes_the_asm_verifier() {
        assertNotNull(REWRITTEN);
        assertEquals("", TestClasses.verify(REWRITTEN));
    }

    @Test
    void counted_loops_get_one_check_over_the_span_of_their_iterations() {
        // loop(step, low, high, limit): the check's constants
        assertEquals("loop(8,0,8,long) getLong* | verdict getLong*", calls("sum"));
        assertEquals("loop(8,0,8,long) putLong* | verdict putLong*", calls("fill"));
        assertEquals("loop(13,0,13,long) getInt* putLong* getByte* | verdict getInt* verdict putLong* verdict getByte*",
                calls("records"));
        assertEquals("loop(1,0,1,long) getByte* | verdict getByte*", calls("arrayOffsets"));
        assertEquals("loop(1,16,17,int) getByte* | verdict getByte*", calls("arrayIndex"));
        assertEquals("loop(4,0,4,int) getInt* | verdict getInt*", calls("intIndex"));
        assertEquals("loop(8,0,8,long) getLong* | verdict getLong*", calls("nested"));
        assertEquals("loop(8,0,8,long) getLong* | verdict getLong*", calls("holderUnsafe"));
        assertEquals("loop(1,0,8,long,x8) getLong* | verdict getLong*", calls("scaledLong"));
        assertEquals("loop(1,0,4,int,x4 in int) putInt* | verdict putInt*", calls("scaledInt"));
        assertEquals("loop(1,16,24,int,x8) getLong* | verdict getLong*", calls("shiftedArray"));
        assertEquals("loop(8,0,8,long down) getLong* | verdict getLong*", calls("downwards"));
        assertEquals("loop(1,0,1,int down) getByte* | verdict getByte*", calls("intDownwards"));
    }

    @Test
    void loops_that_break_call_out_write_their_bound_address_indirectly_or_read_other_statics_are_left_alone() {
        assertEquals("verdict getLong*", calls("withBreak"));
        assertEquals("verdict getLong* helper", calls("withCall"));
        assertEquals("verdict getLong*", calls("boundWritten"));
        assertEquals("verdict getLong*", calls("indirect"));
        assertEquals("verdict getByte*", calls("wrongWay"));
        assertEquals("verdict getLong*", calls("otherStatic"));
    }

    @Test
    void a_clean_loop_gives_the_original_result_and_no_report() throws Exception {
        long area = allocate(13 * 8);
        for (String method : List.of("sum", "fill", "records")) {
            U.setMemory(area, 13 * 8, (byte) 2);
            Object original = invoke(ORIGINAL, method, area, 13L * 8);
            U.setMemory(area, 13 * 8, (byte) 2);
            assertEquals(original, invoke(REWRITTEN, method, area, 13L * 8), method);
        }
        assertEquals(invoke(ORIGINAL, "intIndex", area, 13 * 8), invoke(REWRITTEN, "intIndex", area, 13 * 8));
        assertEquals(invoke(ORIGINAL, "scaledLong", area, 13L), invoke(REWRITTEN, "scaledLong", area, 13L));
        assertEquals(invoke(ORIGINAL, "downwards", area, 13L * 8), invoke(REWRITTEN, "downwards", area, 13L * 8));
        assertEquals(invoke(ORIGINAL, "intDownwards", area, 13 * 8), invoke(REWRITTEN, "intDownwards", area, 13 * 8));
        assertEquals(invoke(ORIGINAL, "scaledInt", area, 26), invoke(REWRITTEN, "scaledInt", area, 26));
        long[] longs = new long[20];
        java.util.Arrays.fill(longs, 5);
        assertEquals(invoke(ORIGINAL, "shiftedArray", (Object) longs),
                invoke(REWRITTEN, "shiftedArray", (Object) longs));
        assertEquals(invoke(ORIGINAL, "nested", area, 13, 8), invoke(REWRITTEN, "nested", area, 13, 8));
        byte[] bytes = new byte[100];
        java.util.Arrays.fill(bytes, (byte) 3);
        assertEquals(invoke(ORIGINAL, "arrayIndex", (Object) bytes), invoke(REWRITTEN, "arrayIndex", (Object) bytes));
        assertEquals(invoke(ORIGINAL, "arrayOffsets", (Object) bytes),
                invoke(REWRITTEN, "arrayOffsets", (Object) bytes));
        assertEquals(List.of(), Jkasan.reports());
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void a_loop_one_element_too_long_reports_only_its_last_access_at_the_original_index() throws Exception {
        long area = allocate(64);
        U.setMemory(area, 64, (byte) 1);
        invoke(REWRITTEN, "sum", area, 72L);
        assertReports("sum", List.of(new Expected("read", area + 64, 8, 0)));

        invoke(REWRITTEN, "intIndex", area, 68);
        assertReports("intIndex", List.of(new Expected("read", area + 64, 4, 0)));

        invoke(REWRITTEN, "nested", area, 3, 24);       // rows of 24 bytes: the third ends at 72
        assertReports("nested", List.of(new Expected("read", area + 64, 8, 0)));

        invoke(REWRITTEN, "scaledLong", area, 9L);
        assertReports("scaledLong", List.of(new Expected("read", area + 64, 8, 0)));

        invoke(REWRITTEN, "scaledInt", area, 17);
        assertReports("scaledInt", List.of(new Expected("write", area + 64, 4, 0)));

        invoke(REWRITTEN, "downwards", area - 8, 72L);     // from area + 56 down to area - 8: the last is before
        assertReports("downwards", List.of(new Expected("read", area - 8, 8, 0)));

        invoke(REWRITTEN, "intDownwards", area, 65);       // from area + 64, one past the end, down to area
        assertReports("intDownwards", List.of(new Expected("read", area + 64, 1, 0)));
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void a_flagged_store_in_a_dirty_loop_is_not_performed() throws Exception {
        long area = allocate(64);
        long past = area + 64;                         // poisoned, but mapped: the page holds both
        long before = U.getLong(past);
        assertEquals(9L, invoke(REWRITTEN, "fill", area, 72L));
        assertReports("fill", List.of(new Expected("write", past, 8, 0)));
        assertEquals(before, U.getLong(past));
        assertEquals(7L, U.getLong(area + 56));          // the loop's stores before it were performed
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void a_record_loop_whose_last_flag_byte_lies_outside_reports_that_byte_alone() throws Exception {
        long area = allocate(13 * 4 - 1);
        U.setMemory(area, 13 * 4 - 1, (byte) 1);
        invoke(REWRITTEN, "records", area, 13L * 4);
        // the first two calls of the last record are inside; its flag byte is one past the end
        assertReports("records", List.of(new Expected("read", area + 13 * 3 + 12, 1, 2)));
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void a_method_its_loop_copy_would_push_past_64_kib_keeps_the_loop_with_its_calls_bridged() {
        // the same loop after less code is versioned
        assertEquals(List.of("AccessChecker.loopClean", "SunMiscUnsafeSpanHooks.getLong", "AccessChecker.verdict",
                "SunMiscUnsafeSpanHooks.getLong"), callsOf(ClassRewriter.rewrite(methodAfterPadding(1_000))));
        assertEquals(List.of("AccessChecker.verdict", "SunMiscUnsafeSpanHooks.getLong"),
                callsOf(ClassRewriter.rewrite(methodAfterPadding(19_000))));
    }

    @Test
    void a_method_a_verdict_would_push_past_64_kib_keeps_its_calls_on_their_checked_bridges() {
        // 65,533 bytes of code: the call's seven bytes of verdict do not fit, its bridge does
        assertEquals(List.of("SunMiscUnsafeHooks.getLong"), callsOf(ClassRewriter.rewrite(methodAfterPadding(20_329))));
    }

    /** @return the calls of a rewritten class's methods, as {@code Owner.name}, after checking it verifies */
    private static List<String> callsOf(byte[] rewritten) {
        assertNotNull(rewritten);
        assertEquals("", TestClasses.verify(rewritten));
        ClassNode node = new ClassNode();
        new ClassReader(rewritten).accept(node, 0);
        List<String> calls = new ArrayList<>();
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof MethodInsnNode call) {
                    calls.add(call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name);
                }
            }
        }
        return calls;
    }

    /**
     * A class with one static method {@code big(long address, int n)}: {@code padding} {@code iinc}
     * instructions of 3 bytes, then a counted loop {@code for (p = address; p < address + n; p += 8) sum +=
     * U.getLong(p)} whose body holds 1,500 more; with a padding of 19,000 the method fits in 64 KiB once and
     * not twice.
     */
    private static byte[] methodAfterPadding(int padding) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "io/jkasan/agent/instr/Big", null,
                "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_STATIC, "U", "Lsun/misc/Unsafe;", null, null).visitEnd();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "big", "(JI)J", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 7);                        // scratch counter
        for (int i = 0; i < padding; i++) {
            mv.visitIincInsn(7, 1);
        }
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitVarInsn(Opcodes.LSTORE, 3);                        // sum
        mv.visitVarInsn(Opcodes.LLOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.LSTORE, 8);                        // end = address + n
        mv.visitVarInsn(Opcodes.LLOAD, 0);
        mv.visitVarInsn(Opcodes.LSTORE, 5);                        // p = address
        Label head = new Label();
        Label exit = new Label();
        mv.visitLabel(head);
        mv.visitVarInsn(Opcodes.LLOAD, 5);
        mv.visitVarInsn(Opcodes.LLOAD, 8);
        mv.visitInsn(Opcodes.LCMP);
        mv.visitJumpInsn(Opcodes.IFGE, exit);
        mv.visitVarInsn(Opcodes.LLOAD, 3);
        mv.visitFieldInsn(Opcodes.GETSTATIC, "io/jkasan/agent/instr/Big", "U", "Lsun/misc/Unsafe;");
        mv.visitVarInsn(Opcodes.LLOAD, 5);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "sun/misc/Unsafe", "getLong", "(J)J", false);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.LSTORE, 3);
        for (int i = 0; i < 1_500; i++) {
            mv.visitIincInsn(7, 1);
        }
        mv.visitVarInsn(Opcodes.LLOAD, 5);
        mv.visitLdcInsn(8L);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.LSTORE, 5);
        mv.visitJumpInsn(Opcodes.GOTO, head);
        mv.visitLabel(exit);
        mv.visitVarInsn(Opcodes.LLOAD, 3);
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** One expected report: the access, and which of the method's original {@code Unsafe} calls made it. */
    private record Expected(String access, long address, int size, int call) {
    }

    private static void assertReports(String method, List<Expected> expected) throws java.io.IOException {
        List<KasanReport> reports = Jkasan.reports();
        assertEquals(expected.size(), reports.size(), reports.toString());
        List<Integer> invokes = OutOfBoundsReports.unsafeCalls(ORIGINAL, method);
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            OutOfBoundsReports.assertReport(reports.get(i), e.access(), e.address(), e.size(), LoopTarget.class,
                    method, invokes.get(e.call()));
        }
        Jkasan.clearReports();
    }

    private static long allocate(long bytes) {
        return SunMiscUnsafeHooks.allocateMemory(U, bytes, 0);
    }

    private static Object invoke(byte[] classfile, String name, Object... arguments)
            throws ReflectiveOperationException {
        try {
            return TestClasses.invokeStatic(LoopTarget.class.getName(), classfile, name, arguments);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /**
     * The calls of a rewritten method in code order: {@code loop(step,low,high,type[,xscale])} for a loop
     * check, then
     * each call's name, starred when it goes to a span bridge; {@code |} where the versioned copy ends and the
     * original loop begins.
     */
    private static String calls(String method) {
        ClassNode node = new ClassNode();
        new ClassReader(REWRITTEN).accept(node, 0);
        List<String> out = new ArrayList<>();
        for (MethodNode m : node.methods) {
            if (!m.name.equals(method)) {
                continue;
            }
            List<Long> constants = new ArrayList<>();
            boolean inCopy = false;
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Long value) {
                    constants.add(value);
                } else if (insn instanceof MethodInsnNode call) {
                    if (call.name.startsWith("loopClean")) {
                        // step, limit, scale, product limit, low, high: the constants, in order
                        int n = constants.size();
                        long step = constants.get(n - 6);
                        long limit = constants.get(n - 5);
                        long scale = constants.get(n - 4);
                        String type = limit == Long.MAX_VALUE - step + 1 ? "long"
                                : limit == Integer.MAX_VALUE - step + 1 ? "int"
                                : limit == Long.MIN_VALUE + step ? "long down"
                                : limit == Integer.MIN_VALUE + step ? "int down" : "limit " + limit;
                        if (type.endsWith("down") != call.name.equals("loopCleanDescending")) {
                            type += " (called " + call.name + ")";
                        }
                        String product = constants.get(n - 3) == Integer.MAX_VALUE ? " in int" : "";
                        out.add("loop(" + step + "," + constants.get(n - 2) + "," + constants.get(n - 1) + ","
                                + type + (scale == 1 ? "" : ",x" + scale + product) + ")");
                        inCopy = true;
                    } else {
                        boolean span = call.owner.endsWith("SpanHooks");
                        if (inCopy && !span) {
                            out.add("|");
                            inCopy = false;
                        }
                        out.add(call.name + (span ? "*" : ""));
                    }
                    constants.clear();
                }
            }
        }
        return String.join(" ", out);
    }
}
