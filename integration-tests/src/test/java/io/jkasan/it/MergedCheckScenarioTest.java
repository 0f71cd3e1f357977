package io.jkasan.it;

import static io.jkasan.it.ResolvedRuntimeClasses.checksResolvedFrom;
import static io.jkasan.it.ResolvedRuntimeClasses.line;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Merged checks (docs/design.md, "Merged checks") end to end through the real agent jar: the record codecs
 * {@code RecordDecoder} and {@code RecordEncoder} access three fields at constant offsets from one local in a
 * straight run, which the agent gives one span check. {@link ScenarioReportTest} holds their reports to the
 * {@code // CHECK:} lines, frame by frame against the class file (the report of a merged call is the one its
 * own check makes: same type, access, size, address and bytecode index), and their twins to silence; this
 * class shows that the group really was merged and that the store it flags is not performed.
 */
@OnEachJdk
class MergedCheckScenarioTest {
    @Test
    void the_decoder_and_the_encoder_call_the_span_check_and_the_span_bridges() {
        assertEquals(List.of("AccessChecker RecordDecoder.java:" + line("RecordDecoder", "getInt(p)"),
                "SunMiscUnsafeSpanHooks RecordDecoder.java:" + line("RecordDecoder", "getInt(p)")),
                checksResolvedFrom("record-decoder", "RecordDecoder"));
        assertEquals(List.of("AccessChecker RecordEncoder.java:" + line("RecordEncoder", "putInt(p, length)"),
                "SunMiscUnsafeSpanHooks RecordEncoder.java:" + line("RecordEncoder", "putInt(p, length)")),
                checksResolvedFrom("record-encoder", "RecordEncoder"));
    }

    @Test
    void the_store_flagged_in_a_merged_group_is_not_performed() {
        ForkedJvm.Result r = ScenarioChecks.runBug("record-encoder");
        ScenarioChecks.assertOneReport(r, "vmalloc-out-of-bounds", "Write", 8,
                "io.jkasan.samples.RecordEncoder.encode", "RecordEncoder.java");
        // The id's four bytes inside the buffer keep the fill byte: the 8-byte store across the end was skipped.
        assertEquals(List.of("tail 11111111"), r.stdoutLines(), r.describe());
        ForkedJvm.Result plain = ForkedJvm.scenario("record-encoder", "bug").withoutAgent().run();
        assertEquals(List.of("tail 22222222"), plain.stdoutLines(), "without the agent the store happens\n"
                + plain.describe());
    }
}
