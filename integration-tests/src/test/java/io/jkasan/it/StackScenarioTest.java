package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the guarded-thread-stack samples under the real agent jar with default options (SPEC §3, §5): a redzone
 * overflow and the parser's off-by-one report {@code stack-out-of-bounds}, a read from a returned frame reports
 * {@code stack-use-after-return}, each with the stack description and a shadow dump that shows the frame's
 * {@code f1/f2/f3/f5} layout; an allocation that does not fit, an access below the stack and runaway recursion
 * on eight threads print the VMAP_STACK guard message and no KASAN header; hundreds of threads that end with
 * frames still pushed hand their stacks to new threads with no false report. Every twin is silent.
 */
@OnEachJdk
class StackScenarioTest {
    private static final long THREAD_SIZE = 32 * 1024;

    @ParameterizedTest(name = "{0} bug")
    @EnumSource(StackScenarios.class)
    void bug_variant_prints_what_its_source_checks(final StackScenarios s) {
        final ForkedJvm.Result r = ScenarioChecks.runBug(s.id);
        final String ctx = r.describe();
        final List<StackSplat> splats = StackSplat.parseAll(r.stderrLines());
        final List<String> problems = new ArrayList<>();
        switch (s.kind) {
            case KASAN: {
                assertEquals(1, splats.size(), "number of reports\n" + ctx);
                final StackSplat splat = splats.get(0);
                assertFalse(splat.guard, "a KASAN report, not the guard message\n" + ctx);
                assertEquals(s.bugType, splat.bugType, "bug type\n" + ctx);
                assertEquals(s.access, splat.access, "access kind\n" + ctx);
                assertEquals(s.size, splat.size, "access size\n" + ctx);
                problems.addAll(splat.problems);
                if (!splat.bugFrame.startsWith("io.jkasan.samples.")) {
                    problems.add("BUG: frame is not the sample's");
                }
                if (!splat.thread.equals(splat.stackTask)) {
                    problems.add("the stack belongs to " + splat.stackTask + ", the access was by " + splat.thread);
                }
                if (splat.pushedAt == null || !splat.pushedAt.startsWith("io.jkasan.samples.")) {
                    problems.add("the frame line does not name the sample's push() call: " + splat.pushedAt);
                }
                break;
            }
            case GUARD: {
                assertFalse(splats.isEmpty(), "at least one guard report\n" + ctx);
                assertFalse(r.stderr.contains("BUG: KASAN"), "the guard message replaces the KASAN header\n" + ctx);
                for (final StackSplat splat : splats) {
                    assertTrue(splat.guard, "only guard reports\n" + ctx);
                    problems.addAll(splat.problems);
                    problems.addAll(guardProblems(splat));
                }
                break;
            }
            default:
                assertEquals("", r.stderr, "no report at all\n" + ctx);
        }
        ScenarioChecks.assertBugRunConforms(r, s.sources, splats.stream().map(x -> x.lines)
                .collect(Collectors.toList()), problems);
        if (s.bugStdout != null) {
            assertEquals(s.bugStdout, r.stdoutLines().get(0), ctx);
        }
    }

    @ParameterizedTest(name = "{0} ok")
    @EnumSource(StackScenarios.class)
    void correct_twin_is_silent(final StackScenarios s) {
        final ForkedJvm.Result r = ScenarioChecks.runSilentTwin(s.id, "BUG:");
        final String ctx = r.describe();
        assertEquals("", r.stderr, "nothing at all on stderr\n" + ctx);
        assertEquals(List.of(s.okStdout), r.stdoutLines(), ctx);
    }

    /** The allocation that does not fit: the StackOverflowError carries the very line printed on stderr. */
    @Test
    void guard_hit_by_an_allocation_throws_StackOverflowError_with_the_same_words() {
        final ForkedJvm.Result r = ForkedJvm.scenario("stack-guard", "bug").run();
        final String ctx = r.describe();
        final List<StackSplat> splats = StackSplat.parseAll(r.stderrLines());
        assertEquals(1, splats.size(), ctx);
        final String guardLine = splats.get(0).lines.get(1);
        assertTrue(guardLine.startsWith("BUG: stack guard page was hit at "), ctx);
        assertEquals(List.of("caught java.lang.StackOverflowError: " + guardLine), r.stdoutLines(), ctx);
        assertTrue(Long.compareUnsigned(splats.get(0).address, splats.get(0).stackLow) < 0,
                "the allocation ran below the stack\n" + ctx);
    }

    /** An instrumented access 16 bytes below the stack names that address and the stack's bounds. */
    @Test
    void access_into_the_guard_page_names_the_address_below_the_stack() {
        final ForkedJvm.Result r = ForkedJvm.scenario("stack-guard-access", "bug").run();
        final String ctx = r.describe();
        final List<StackSplat> splats = StackSplat.parseAll(r.stderrLines());
        assertEquals(1, splats.size(), ctx);
        assertEquals(splats.get(0).stackLow - 16, splats.get(0).address, ctx);
    }

    /** With multi_shot every one of the eight recursing threads reports its own stack's guard page. */
    @Test
    void every_recursing_thread_hits_its_own_guard_page_with_multi_shot() {
        final ForkedJvm.Result r = ForkedJvm.scenario("stack-recursion", "bug").agentOptions("multi_shot=true").run();
        final String ctx = r.describe();
        assertEquals(1, r.exitCode, "guard-page hits are reports: exitcode at exit\n" + ctx);
        final List<StackSplat> splats = StackSplat.parseAll(r.stderrLines());
        assertEquals(8, splats.size(), "one guard report per thread\n" + ctx);
        final Set<Long> stacks = new HashSet<>();
        final List<String> problems = new ArrayList<>();
        for (final StackSplat splat : splats) {
            assertTrue(splat.guard, ctx);
            stacks.add(splat.stackLow);
            problems.addAll(splat.problems);
            problems.addAll(guardProblems(splat));
            if (!splat.callTrace.get(0).startsWith("io.jkasan.samples.StackRecursion$Worker.recurse+")) {
                problems.add("trace does not start in the recursion: " + splat.callTrace.get(0));
            }
        }
        assertEquals(List.of(), problems, ctx);
        assertEquals(8, stacks.size(), "eight distinct stacks\n" + ctx);
        assertFalse(r.stderr.contains("BUG: KASAN"), ctx);
        assertEquals(List.of(ExitSummaryLine.replacingZero(8, 8)), ScenarioReportTest.outsideReports(r.stderrLines()),
                ctx);
        assertEquals(List.of(StackScenarios.RECURSION.bugStdout), r.stdoutLines(), ctx);
    }

    /** Both variants of the reuse program are correct code: neither may report, with multi_shot on as well. */
    @Test
    void reused_stacks_never_report_even_with_multi_shot() {
        for (final String variant : List.of("bug", "ok")) {
            final ForkedJvm.Result r = ForkedJvm.scenario("stack-reuse", variant).agentOptions("multi_shot=true")
                    .run();
            assertEquals(0, r.exitCode, r.describe());
            assertEquals("", r.stderr, r.describe());
            assertEquals(List.of(StackScenarios.REUSE.bugStdout), r.stdoutLines(), r.describe());
        }
    }

    /** The stack scenarios need the agent; Demo links them by name, so the other scenarios do not. */
    @Test
    void stack_scenarios_need_the_agent_but_do_not_make_the_others_need_it() {
        final ForkedJvm.Result plain = ForkedJvm.scenario("oob-write", "ok").withoutAgent().run();
        assertEquals(0, plain.exitCode, plain.describe());
        final ForkedJvm.Result stack = ForkedJvm.scenario("stack-redzone", "ok").withoutAgent().run();
        assertNotEquals(0, stack.exitCode, stack.describe());
        assertTrue(stack.stderr.contains("NoClassDefFoundError: io/jkasan/ThreadStack"), stack.describe());
    }

    /** The guard line's stack bounds: THREAD_SIZE-aligned low, inclusive high, the address outside them. */
    private static List<String> guardProblems(final StackSplat splat) {
        final List<String> p = new ArrayList<>();
        if (splat.stackLow % THREAD_SIZE != 0) {
            p.add(String.format("stack low %x is not THREAD_SIZE-aligned", splat.stackLow));
        }
        if (splat.stackHigh != splat.stackLow + THREAD_SIZE - 1) {
            p.add(String.format("stack is %x..%x, expected the last byte of a %d-byte stack as the high end",
                    splat.stackLow, splat.stackHigh, THREAD_SIZE));
        }
        if (splat.address >= splat.stackLow && splat.address <= splat.stackHigh) {
            p.add(String.format("guard address %x lies inside the stack", splat.address));
        }
        if (!splat.callTrace.isEmpty() && !splat.callTrace.get(0).startsWith("io.jkasan.samples.")) {
            p.add("the trace does not start in the sample: " + splat.callTrace.get(0));
        }
        return p;
    }
}
