package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks every sample scenario suite ({@link ScenarioReportTest}, {@link StackScenarioTest}) makes of a
 * forked run: kept in one place so that the vmalloc and the stack samples are held to the same standard.
 */
final class ScenarioChecks {
    private ScenarioChecks() {
    }

    /**
     * Runs a scenario's buggy variant under the agent; it must finish, since the default is {@code fault=report},
     * and a run that made reports exits with {@code exitcode} 1 (the default {@code exitcode_on_report=true}).
     *
     * @param id the scenario
     * @return the run
     */
    static ForkedJvm.Result runBug(final String id) {
        final ForkedJvm.Result r = ForkedJvm.scenario(id, "bug").run();
        final boolean reported = !ExitSummaryLine.in(r.stderrLines()).isEmpty();
        assertEquals(reported ? 1 : 0, r.exitCode, "fault=report must let the program finish, and reports turn its "
                + "0 into exitcode 1\n" + r.describe());
        return r;
    }

    /**
     * Asserts a buggy variant's whole run: exit status 1 (the program finished, {@code exitcode_on_report}
     * turned its 0 into 1), exactly one report, of the given type, access, size and {@code BUG:} method, its
     * caret on the first bad address, and everything {@link #assertBugRunConforms} checks.
     *
     * @param r the run
     * @param bugType e.g. {@code use-after-free}
     * @param access {@code Read} or {@code Write}
     * @param size the access size
     * @param bugMethod the method the {@code BUG:} line names, without offsets
     * @param source the sample's source file whose {@code CHECK} lines the report must match
     */
    static void assertOneReport(final ForkedJvm.Result r, final String bugType, final String access,
            final long size, final String bugMethod, final String source) {
        final String ctx = r.describe();
        assertEquals(1, r.exitCode, "fault=report lets the program finish; exitcode_on_report makes it 1\n" + ctx);
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(1, splats.size(), "number of reports\n" + ctx);
        final Splat splat = splats.get(0);
        assertEquals(bugType, splat.bugType, "bug type\n" + ctx);
        assertEquals(access, splat.access, "access kind\n" + ctx);
        assertEquals(size, splat.size, "access size\n" + ctx);
        assertEquals(bugMethod, splat.bugFrame.replaceFirst("\\+0x.*", ""), "BUG: frame\n" + ctx);
        final List<String> problems = new ArrayList<>(splat.problems);
        collect(problems, splat::assertCaretOnFirstBadAddress);
        assertBugRunConforms(r, List.of(source), List.of(splat.lines), problems);
    }

    /**
     * Checks what the buggy variant's run owes beyond its reports' own details, after the suite has collected
     * those into {@code problems}: the {@code // CHECK:} lines of the sources match stderr, every frame matches
     * its class file (the sample's, or that of the JDK that ran), nothing deviates, stderr holds nothing outside
     * the reports and the program prints its one result line.
     *
     * @param r the buggy variant's run
     * @param sources sample sources holding the {@code // CHECK:} lines
     * @param reports every parsed report's lines
     * @param problems the deviations the suite found so far; this adds to it
     */
    static void assertBugRunConforms(final ForkedJvm.Result r, final List<String> sources,
            final List<List<String>> reports, final List<String> problems) {
        final String ctx = r.describe();
        collect(problems, () -> FileCheck.fromSamples("CHECK", sources.toArray(new String[0]))
                .check(r.stderrLines()));
        for (final List<String> report : reports) {
            for (final String m : Bytecode.mismatches(report, r.jdk)) {
                problems.add("frame does not match its class file: " + m);
            }
        }
        assertEquals(List.of(), problems, "deviations from SPEC 3 / the CHECK lines\n" + ctx);
        final List<String> outside = ScenarioReportTest.outsideReports(r.stderrLines());
        final List<String> summary = outside.isEmpty() ? List.of()
                : List.of(ExitSummaryLine.replacingZero(ExitSummaryLine.reports(outside.get(outside.size() - 1)),
                        reports.size()));
        assertEquals(reports.isEmpty() ? List.of() : summary, outside, "stderr outside the reports: the exit "
                + "summary alone\n" + ctx);
        assertEquals(1, r.stdoutLines().size(), "the program prints its one result line\n" + ctx);
    }

    /**
     * Runs a scenario's correct twin under the agent and checks what every twin owes: a clean exit, no report
     * and no warning on stderr, the JDK's included.
     *
     * @param id the scenario
     * @param reportMarker text that would start a report on stderr
     * @return the run, for the suite's further checks
     */
    static ForkedJvm.Result runSilentTwin(final String id, final String reportMarker) {
        final ForkedJvm.Result r = ForkedJvm.scenario(id, "ok").run();
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        assertFalse(r.stderr.contains(reportMarker), "twin must not be reported\n" + ctx);
        assertEquals(List.of(), r.stderrLines().stream().filter(l -> l.contains("WARNING"))
                .collect(Collectors.toList()), "no warnings, the JDK's included\n" + ctx);
        return r;
    }

    /**
     * Runs a check that throws on failure and records its failure as a problem instead, so that one run shows
     * every deviation at once.
     *
     * @param problems receives the failure's first line (or all of it up to FileCheck's output dump)
     * @param check the check
     */
    static void collect(final List<String> problems, final Runnable check) {
        try {
            check.run();
        } catch (final AssertionError e) {
            final String m = e.getMessage();
            final int cut = m.indexOf("\n--- output");
            problems.add(cut < 0 ? m.split("\n")[0] : m.substring(0, cut));
        }
    }
}
