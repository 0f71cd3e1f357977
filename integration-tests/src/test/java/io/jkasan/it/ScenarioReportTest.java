package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every sample scenario under the agent with default options: the buggy variant prints exactly one
 * report laid out as SPEC §3 says and matching the {@code // CHECK:} lines next to the buggy statement, and
 * keeps running ({@code fault=report}); the twin prints nothing and behaves exactly as without the agent.
 */
@OnEachJdk
class ScenarioReportTest {

    @ParameterizedTest(name = "{0} bug")
    @EnumSource(Scenarios.class)
    void bug_variant_prints_exactly_one_report_matching_the_checks_in_its_source(final Scenarios s) {
        final ForkedJvm.Result r = ScenarioChecks.runBug(s.id);
        final String ctx = r.describe();
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(1, splats.size(), "number of reports\n" + ctx);
        final Splat splat = splats.get(0);
        assertEquals(s.bugType, splat.bugType, "bug type\n" + ctx);
        assertEquals(s.access, splat.access, "access kind\n" + ctx);
        assertEquals(s.size, splat.size, "access size\n" + ctx);
        // Every remaining deviation is collected, so one run shows them all.
        final List<String> problems = new ArrayList<>(splat.problems);
        if (!splat.bugFrame.startsWith("io.jkasan.samples.")) {
            problems.add("BUG: frame is not the sample's");
        }
        if (s.describesArea()) {
            if (!splat.hasMapping || !splat.hasAllocated) {
                problems.add("no virtual mapping / Allocated by description");
            }
            ScenarioChecks.collect(problems, splat::assertCaretOnFirstBadAddress);
        }
        ScenarioChecks.assertBugRunConforms(r, s.sources, List.of(splat.lines), problems);
        if (s == Scenarios.NULL_READ) {
            assertEquals("caught io.jkasan.KasanError", r.stdoutLines().get(0), ctx);
        }
    }

    @ParameterizedTest(name = "{0} ok")
    @EnumSource(Scenarios.class)
    void correct_twin_reports_nothing_and_behaves_as_without_the_agent(final Scenarios s) {
        final ForkedJvm.Result r = ScenarioChecks.runSilentTwin(s.id, "BUG: KASAN");
        final String ctx = r.describe();
        final ForkedJvm.Result plain = ForkedJvm.scenario(s.id, "ok").withoutAgent().run();
        assertEquals(0, plain.exitCode, plain.describe());
        assertEquals(plain.stdout, r.stdout, "output differs from a run without the agent\n" + ctx);
    }

    /** @return stderr lines that are not part of any report */
    static List<String> outsideReports(final List<String> lines) {
        boolean inside = false;
        final List<String> out = new ArrayList<>();
        for (final String l : lines) {
            if (l.equals(Splat.SEPARATOR)) {
                inside = !inside;
            } else if (!inside) {
                out.add(l);
            }
        }
        return out;
    }
}
