package io.jkasan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of docs/usage.md "In test suites", run for real: the scenario classes in one launcher
 * session in a forked JVM, on JDK 25 and 17, started with the agent jar or without it (jkasan-junit attaches
 * it), and the exact outcome of every test, class, the engine and the session asserted, with the complete
 * splats in the failure messages. The clean twins ({@code CleanEverywhere}, and the clean tests beside each
 * bug) must pass.
 */
class KasanExtensionScenariosTest {
    private static final String[] SCENARIOS = {
        "StrayReportThenExpected", "ExpectedReports", "ReportsInBeforeAllAndAfterAll", "ReportInConstructor",
        "ReportInStaticInitialiser", "ReportInOtherThread", "CleanEverywhere", "WithoutExtension",
        "OutlivingThread", "LeakingTests", "--release-outliving-thread"};
    private static final Map<String, ScenarioOutcomes> RUNS = new ConcurrentHashMap<>();

    /** @return every JDK, with {@code -javaagent} and attached by jkasan-junit */
    static Stream<ScenarioRun> runs() {
        return Jdk.all().flatMap(jdk -> Stream.of(new ScenarioRun(jdk, true), new ScenarioRun(jdk, false)));
    }

    /** @return the statuses a run of {@link #SCENARIOS} has, with or without {@code -javaagent} */
    static Map<String, String> expectedStatuses() {
        Map<String, String> s = new TreeMap<>();
        s.put("StrayReportThenExpected#stray_report_then_expected_one", "FAILED");
        s.put("StrayReportThenExpected", "SUCCESSFUL");
        s.put("ExpectedReports#expected_report_is_claimed", "SUCCESSFUL");
        s.put("ExpectedReports#expected_report_of_another_type_fails", "FAILED");
        s.put("ExpectedReports#expected_report_that_does_not_happen_fails", "FAILED");
        s.put("ExpectedReports#a_second_report_in_the_block_fails_the_test", "FAILED");
        s.put("ExpectedReports", "SUCCESSFUL");
        s.put("ReportsInBeforeAllAndAfterAll#clean", "SUCCESSFUL");
        s.put("ReportsInBeforeAllAndAfterAll", "FAILED");
        s.put("ReportInConstructor#clean", "FAILED");
        s.put("ReportInConstructor", "SUCCESSFUL");
        s.put("ReportInStaticInitialiser#clean", "SUCCESSFUL");
        s.put("ReportInStaticInitialiser", "FAILED");
        s.put("ReportInOtherThread#another_thread_reports", "FAILED");
        s.put("ReportInOtherThread#clean_afterwards", "SUCCESSFUL");
        s.put("ReportInOtherThread", "SUCCESSFUL");
        s.put("CleanEverywhere#in_the_test", "SUCCESSFUL");
        s.put("CleanEverywhere#in_another_thread", "SUCCESSFUL");
        s.put("CleanEverywhere#expected_report", "SUCCESSFUL");
        s.put("CleanEverywhere", "SUCCESSFUL");
        s.put("WithoutExtension#reports_unwatched", "SUCCESSFUL");
        s.put("WithoutExtension", "SUCCESSFUL");
        s.put("OutlivingThread#leaves_a_thread_behind", "SUCCESSFUL");
        s.put("OutlivingThread", "SUCCESSFUL");
        s.put("LeakingTests#forgets_to_free", "FAILED");
        s.put("LeakingTests#frees_what_it_allocates", "SUCCESSFUL");
        s.put("LeakingTests#keeps_a_direct_buffer", "SUCCESSFUL");
        s.put("LeakingTests", "SUCCESSFUL");
        s.put("engine", "FAILED");
        s.put("session", "FAILED");
        return s;
    }

    private static ScenarioOutcomes run(ScenarioRun how) {
        return RUNS.computeIfAbsent(how.toString(), k -> how.jvm(SCENARIOS).run().assertStatuses(expectedStatuses()));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_stray_report_fails_the_test_before_expectKasanReport_runs_its_block(ScenarioRun how) {
        run(how).assertFailure("StrayReportThenExpected#stray_report_then_expected_one",
                "KASAN: 1 report pending before expectKasanReport(\"use-after-free\"): vmalloc-out-of-bounds in "
                        + "io.jkasan.junit.scenarios.OffHeap.outOfBoundsWrite+0x",
                "vmalloc-out-of-bounds", "StrayReportThenExpected.stray_report_then_expected_one");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_leak_checked_test_fails_on_memory_it_left_allocated_and_a_direct_buffer_is_no_leak(ScenarioRun how) {
        String m = run(how).message("LeakingTests#forgets_to_free");
        assertTrue(m.startsWith("KASAN: forgets_to_free() leaked 48 byte(s) in 1 allocation(s)\n"), m);
        assertTrue(m.contains("\nLeak of 48 byte(s) in 1 object(s) allocated from:\n"
                + " io.jkasan.junit.scenarios.OffHeap.allocate+0x"), m);
        assertTrue(m.contains("\n io.jkasan.junit.scenarios.LeakingTests.forgets_to_free+0x"), m);
        assertTrue(m.contains("\nSUMMARY: jkasan: 48 byte(s) leaked in 1 allocation(s).\n"), m);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void expectKasanReport_claims_the_first_report_of_its_block_if_of_its_type(ScenarioRun how) {
        run(how).assertFailure("ExpectedReports#expected_report_of_another_type_fails",
                        "KASAN: expected a double-free report, but the block made: vmalloc-out-of-bounds in ",
                        "vmalloc-out-of-bounds", "ExpectedReports.expected_report_of_another_type_fails")
                .assertFailureMessage("ExpectedReports#expected_report_that_does_not_happen_fails",
                        "KASAN failure expected (use-after-free), but none occurred\n")
                .assertFailure("ExpectedReports#a_second_report_in_the_block_fails_the_test",
                        "KASAN: 1 report during test io.jkasan.junit.scenarios.ExpectedReports."
                                + "a_second_report_in_the_block_fails_the_test(): double-free in ",
                        "double-free", "ExpectedReports.lambda$a_second_report_in_the_block_fails_the_test$0");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void reports_in_before_all_and_after_all_fail_the_class_with_both_splats(ScenarioRun how) {
        run(how).assertFailure("ReportsInBeforeAllAndAfterAll",
                "KASAN: 2 reports during class io.jkasan.junit.scenarios.ReportsInBeforeAllAndAfterAll: "
                        + "vmalloc-out-of-bounds in io.jkasan.junit.scenarios.OffHeap.outOfBoundsWrite+0x",
                "vmalloc-out-of-bounds", "ReportsInBeforeAllAndAfterAll.setUp",
                "double-free", "ReportsInBeforeAllAndAfterAll.tearDown");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_report_in_the_constructor_fails_the_test_it_built(ScenarioRun how) {
        run(how).assertFailure("ReportInConstructor#clean",
                "KASAN: 1 report during test io.jkasan.junit.scenarios.ReportInConstructor.clean(): "
                        + "vmalloc-out-of-bounds in ",
                "vmalloc-out-of-bounds", "ReportInConstructor.<init>");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_report_in_the_static_initialiser_fails_the_class(ScenarioRun how) {
        run(how).assertFailure("ReportInStaticInitialiser",
                "KASAN: 1 report during class io.jkasan.junit.scenarios.ReportInStaticInitialiser: "
                        + "use-after-free in io.jkasan.junit.scenarios.ReportInStaticInitialiser.<clinit>+0x",
                "use-after-free", "ReportInStaticInitialiser.<clinit>");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_report_from_another_thread_fails_the_test_running_then_and_no_later_one(ScenarioRun how) {
        ScenarioOutcomes run = run(how).assertFailure("ReportInOtherThread#another_thread_reports",
                "KASAN: 1 report during test io.jkasan.junit.scenarios.ReportInOtherThread.another_thread_reports(): "
                        + "vmalloc-out-of-bounds in ",
                "vmalloc-out-of-bounds", "OffHeap.outOfBoundsWrite");
        assertEquals(List.of("worker"), run.reportingThreads("ReportInOtherThread#another_thread_reports"));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_report_in_a_class_without_the_extension_fails_the_engine_at_the_end(ScenarioRun how) {
        run(how).assertFailure("engine",
                "KASAN: 1 report while no test or class that KasanExtension watches ran (between test classes, "
                        + "in a class without the extension, or from a thread outliving its test): "
                        + "vmalloc-out-of-bounds in ",
                "vmalloc-out-of-bounds", "WithoutExtension.reports_unwatched");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void a_report_after_the_last_test_fails_the_session(ScenarioRun how) {
        ScenarioOutcomes run = run(how).assertFailure("session",
                "KASAN: 1 report after the last test class, or in a run where no class used KasanExtension: "
                        + "double-free in ",
                "double-free", "OutlivingThread.lambda$leaves_a_thread_behind$0");
        assertEquals(List.of("outliving"), run.reportingThreads("session"));
    }
}
