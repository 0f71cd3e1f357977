package io.jkasan.it;

import static io.jkasan.it.ResolvedRuntimeClasses.checksResolvedFrom;
import static io.jkasan.it.ResolvedRuntimeClasses.line;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hoisted loop checks (docs/design.md, "Hoisted loop checks") end to end through the real agent jar: the
 * counted loops of {@code WordChecksum} and {@code WordFill} walk an off-heap buffer eight bytes at a time,
 * and the agent checks each loop once before it runs. {@link ScenarioReportTest} holds their reports to the
 * {@code // CHECK:} lines, frame by frame against the class file (the report is the one the last access's
 * own check makes), and their twins to silence and to the output of a run without the agent; this class
 * shows that the loops really were versioned and that the store a dirty loop flags is not performed.
 */
@OnEachJdk
class LoopCheckScenarioTest {
    @Test
    void an_int_indexed_loop_and_a_pointer_loop_call_the_loop_check_and_run_the_unchecked_copy() {
        // the first loop run: putByte(packet + i) for int i, its address a local plus the variable
        assertEquals(List.of("AccessChecker WordChecksum.java:" + line("WordChecksum", "for (int i = 0"),
                "SunMiscUnsafeSpanHooks WordChecksum.java:" + line("WordChecksum", "putByte(packet + i")),
                checksResolvedFrom("loop-checksum", "WordChecksum"));
        // the first loop run: putLong(p) for long p from buffer to its end in words
        assertEquals(List.of("AccessChecker WordFill.java:" + line("WordFill", "for (final long end = buffer + words"),
                "SunMiscUnsafeSpanHooks WordFill.java:" + line("WordFill", "putLong(p, 0L)")),
                checksResolvedFrom("loop-fill", "WordFill"));
    }

    @Test
    void the_store_a_dirty_loop_flags_is_not_performed() {
        ForkedJvm.Result r = ScenarioChecks.runBug("loop-fill");
        ScenarioChecks.assertOneReport(r, "vmalloc-out-of-bounds", "Write", 8, "io.jkasan.samples.WordFill.run",
                "WordFill.java");
        // The last word's four bytes inside the buffer keep the fill byte: the store across the end was skipped.
        assertEquals(List.of("tail 11111111"), r.stdoutLines(), r.describe());
        ForkedJvm.Result plain = ForkedJvm.scenario("loop-fill", "bug").withoutAgent().run();
        assertEquals(List.of("tail 0"), plain.stdoutLines(), "without the agent the store happens\n"
                + plain.describe());
    }
}
