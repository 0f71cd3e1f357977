package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.agent.instr.targets.UnsafeContract;
import io.jkasan.agent.instr.targets.UnsafeTarget;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the original and the rewritten target side by side, each in its own loader, through a contract
 * interface from the parent loader (Jazzer's Target/TargetContract pattern).
 */
class RewrittenBehaviourTest {
    private static final String TARGET = UnsafeTarget.class.getName();

    private final UnsafeContract original = contract(TestClasses.bytes(UnsafeTarget.class));
    private final UnsafeContract rewritten = contract(ClassRewriter.rewrite(TestClasses.bytes(UnsafeTarget.class)));

    @BeforeEach
    @AfterEach
    void noReportsLeftOver() {
        Jkasan.clearReports();
    }

    @Test
    void original_and_rewritten_give_the_same_results() {
        for (long value : new long[] {0L, 1L, -1L, 0x0123456789abcdefL, Long.MIN_VALUE}) {
            assertEquals(original.writeGrowRead(value), rewritten.writeGrowRead(value));
        }
        assertEquals(List.of(), Jkasan.reports());
    }

    @Test
    void rewritten_read_past_the_end_is_reported_as_vmalloc_out_of_bounds_in_the_target() {
        rewritten.readPastEnd();

        List<KasanReport> reports = Jkasan.reports();
        assertEquals(1, reports.size(), reports.toString());
        KasanReport report = reports.get(0);
        assertEquals("vmalloc-out-of-bounds", report.bugType());
        assertEquals(8, report.size());
        assertEquals(TARGET, report.topFrame().className());
        assertEquals("readPastEnd", report.topFrame().methodName());
    }

    private static UnsafeContract contract(byte[] classfile) {
        try {
            return (UnsafeContract) TestClasses.loadIsolated(TARGET, classfile).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
