package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.agent.instr.targets.SpanTarget;
import io.jkasan.runtime.hooks.SunMiscUnsafeHooks;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The grouping analysis and the span checks it leads to ({@link SpanGroups}, {@link MergedCheckRewriter}),
 * on {@link SpanTarget}: which calls share a check, the span each check covers, and that a rewritten group
 * behaves and reports exactly as its calls would alone.
 */
class SpanGroupsTest {
    private static final byte[] ORIGINAL = TestClasses.bytes(SpanTarget.class);
    private static final byte[] REWRITTEN = ClassRewriter.rewrite(ORIGINAL);
    private static final sun.misc.Unsafe U = theUnsafe();

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
    void a_codec_record_gets_one_check_over_its_thirteen_bytes() {
        assertEquals("span(0,13) getInt* putLong* getByte*", calls("codec"));
    }

    @Test
    void a_store_to_the_address_local_a_call_or_a_branch_target_ends_the_group() {
        assertEquals("verdict getInt* verdict getInt*", calls("storeBetween"));
        assertEquals("verdict getInt* helper verdict getInt*", calls("callBetween"));
        assertEquals("verdict getInt* verdict getInt*", calls("branchBetween"));
    }

    @Test
    void a_static_field_of_a_class_not_used_before_ends_the_group() {
        assertEquals("verdict getInt* verdict getInt*", calls("otherClassField"));
    }

    @Test
    void calls_further_apart_than_one_span_are_not_merged() {
        assertEquals("verdict getLong* verdict getLong*", calls("tooFar"));
    }

    @Test
    void an_array_base_with_a_widened_int_index_is_merged() {
        assertEquals("span(16,8) getInt* putInt*", calls("arrayWidened"));
    }

    @Test
    void interleaved_groups_of_two_locals_each_get_their_own_check() {
        assertEquals("span(0,8) getInt* span(0,8) getInt* getInt* getInt*", calls("interleaved"));
    }

    @Test
    void a_null_base_and_a_nested_address_are_merged() {
        assertEquals("span(0,8) getInt* getInt*", calls("nullBase"));
        assertEquals("span(0,16) getLong* putLong*", calls("nested"));
    }

    @Test
    void a_clean_record_runs_unchecked_with_the_original_result_and_no_report() throws Exception {
        long area = SunMiscUnsafeHooks.allocateMemory(U, 13, 0);
        U.setMemory(area, 13, (byte) 2);
        assertEquals(invoke(ORIGINAL, area), invoke(REWRITTEN, area));
        assertEquals(List.of(), Jkasan.reports());
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @Test
    void a_bad_record_reports_each_bad_call_at_its_original_bytecode_index_and_skips_the_store()
            throws Exception {
        long area = SunMiscUnsafeHooks.allocateMemory(U, 13, 0);
        U.setMemory(area, 13, (byte) 2);
        long p = area + 6;                 // getInt at 6..9 is fine; putLong at 10..17 and getByte at 18 are not
        invoke(REWRITTEN, p);

        List<KasanReport> reports = Jkasan.reports();
        assertEquals(2, reports.size(), reports.toString());
        List<Integer> invokes = OutOfBoundsReports.unsafeCalls(ORIGINAL, "codec");
        OutOfBoundsReports.assertReport(reports.get(0), "write", p + 4, 8, SpanTarget.class, "codec",
                invokes.get(1));
        OutOfBoundsReports.assertReport(reports.get(1), "read", p + 12, 1, SpanTarget.class, "codec",
                invokes.get(2));
        // The flagged store was not performed: the record's last three bytes keep their value.
        assertEquals(0x0202, U.getShort(area + 10));
        assertEquals(2, U.getByte(area + 12));
        SunMiscUnsafeHooks.freeMemory(U, area);
    }

    @SuppressWarnings("removal")
    static sun.misc.Unsafe theUnsafe() {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static long invoke(byte[] classfile, long p) throws ReflectiveOperationException {
        Method codec = TestClasses.loadIsolated(SpanTarget.class.getName(), classfile).getMethod("codec", long.class);
        try {
            return (long) codec.invoke(null, p);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /**
     * The calls of a rewritten method in code order: {@code span(first,length)} for a group's span verdict,
     * {@code verdict} for a single call's, then each call's name, starred when it goes to a span bridge.
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
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Long value) {
                    constants.add(value);
                } else if (insn instanceof MethodInsnNode call) {
                    if (call.name.equals("verdict") || call.name.equals("spanVerdict")) {
                        // every verdict is read through the site's own instanceof
                        assertTrue(call.getNext() instanceof TypeInsnNode t && t.getOpcode() == Opcodes.INSTANCEOF
                                && t.desc.equals(SiteVerdicts.VERDICT), method + ": " + call.name + " not read by instanceof");
                    }
                    if (call.name.equals("spanVerdict")) {
                        long length = constants.get(constants.size() - 1);
                        long first = constants.size() > 1 && call.getPrevious().getPrevious().getOpcode()
                                == Opcodes.LADD ? constants.get(constants.size() - 2) : 0;
                        out.add("span(" + first + "," + length + ")");
                    } else {
                        out.add(call.name + (call.owner.endsWith("SpanHooks") ? "*" : ""));
                    }
                    constants.clear();
                }
            }
        }
        return String.join(" ", out);
    }
}
