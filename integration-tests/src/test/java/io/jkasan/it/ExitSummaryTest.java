package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What happens at exit after reports (docs/usage.md, "Exit status"): one summary line, and with the default
 * {@code exitcode_on_report=true} the exit status {@code exitcode} in place of the program's 0, while a
 * program's own nonzero status is kept. Each buggy run has a correct twin that exits as it would without
 * jkasan and prints nothing. On JDK 17 and 25.
 */
class ExitSummaryTest {
    private static final String PROGRAMS_OWN = "jkasan: 2 reports, 1 printed; exit status %d (the program's own)";

    private static List<String> afterReports(final ForkedJvm.Result r) {
        return ScenarioReportTest.outsideReports(r.stderrLines());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void reports_made_turn_a_returning_main_into_exitcode_and_say_so_in_one_line(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").on(jdk).run();
        assertEquals(1, r.exitCode, r.describe());
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), "multi_shot=false prints the first\n" + r.describe());
        assertEquals(List.of(ExitSummaryLine.replacingZero(2, 1)), afterReports(r), r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void the_twin_exits_0_and_prints_nothing(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "ok").on(jdk).run();
        assertEquals(0, r.exitCode, r.describe());
        assertEquals("", r.stderr, r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void multi_shot_prints_every_report_and_the_summary_counts_them(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").on(jdk).agentOptions("multi_shot=true").run();
        assertEquals(1, r.exitCode, r.describe());
        assertEquals(List.of(ExitSummaryLine.replacingZero(2, 2)), afterReports(r), r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void system_exit_0_after_a_report_becomes_exitcode(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("exit-zero", "bug").on(jdk).run();
        assertEquals(1, r.exitCode, r.describe());
        assertEquals(List.of(ExitSummaryLine.replacingZero(1, 1)), afterReports(r), r.describe());
        final ForkedJvm.Result twin = ForkedJvm.scenario("exit-zero", "ok").on(jdk).run();
        assertEquals(0, twin.exitCode, twin.describe());
        assertEquals("", twin.stderr, twin.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_programs_own_failing_status_is_kept(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("exit-three", "bug").on(jdk).run();
        assertEquals(3, r.exitCode, r.describe());
        assertEquals(List.of("jkasan: 1 reports, 1 printed; exit status 3 (the program's own)"), afterReports(r),
                r.describe());
        final ForkedJvm.Result twin = ForkedJvm.scenario("exit-three", "ok").on(jdk).run();
        assertEquals(3, twin.exitCode, twin.describe());
        assertEquals("", twin.stderr, twin.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void exitcode_on_report_false_keeps_the_programs_0(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").on(jdk).agentOptions("exitcode_on_report=false").run();
        assertEquals(0, r.exitCode, r.describe());
        assertEquals(List.of(String.format(PROGRAMS_OWN, 0)), afterReports(r), r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void exitcode_sets_the_status_and_0_leaves_it_alone(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").on(jdk).agentOptions("exitcode=42").run();
        assertEquals(42, r.exitCode, r.describe());
        assertEquals(List.of("jkasan: 2 reports, 1 printed; exit status 42 (exitcode) instead of the program's 0"),
                afterReports(r), r.describe());
        final ForkedJvm.Result zero = ForkedJvm.scenario("two-bugs", "bug").on(jdk).agentOptions("exitcode=0").run();
        assertEquals(0, zero.exitCode, zero.describe());
        assertEquals(List.of(String.format(PROGRAMS_OWN, 0)), afterReports(zero), zero.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void fault_panic_halts_at_the_report_without_a_summary(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").on(jdk).agentOptions("fault=panic,exitcode=7").run();
        assertEquals(7, r.exitCode, r.describe());
        assertEquals(List.of("Kernel panic - not syncing: kasan.fault=panic set ..."), afterReports(r),
                r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_report_made_by_an_application_shutdown_hook_is_counted(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("bug-in-shutdown-hook", "bug").on(jdk).run();
        assertEquals(1, r.exitCode, r.describe());
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(1, splats.size(), r.describe());
        assertEquals("flusher", splats.get(0).thread, r.describe());
        assertTrue(splats.get(0).bugFrame.startsWith("io.jkasan.samples.BugInShutdownHook.lambda$run$"),
                r.describe());
        assertEquals(List.of(ExitSummaryLine.replacingZero(1, 1)), afterReports(r), r.describe());
        final ForkedJvm.Result twin = ForkedJvm.scenario("bug-in-shutdown-hook", "ok").on(jdk).run();
        assertEquals(0, twin.exitCode, twin.describe());
        assertEquals("", twin.stderr, twin.describe());
    }
}
