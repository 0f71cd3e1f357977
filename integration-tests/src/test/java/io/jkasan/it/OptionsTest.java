package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options as a user sets them (docs/options.md): fault modes, {@code multi_shot}, {@code log_path} and
 * the three sources with their precedence, through the real agent jar on every JDK of the matrix. Refusals of
 * bad options are {@link OptionRefusalTest}'s.
 */
@OnEachJdk
class OptionsTest {

    @Test
    void fault_throw_raises_KasanError_at_the_access_and_the_program_stops_there() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("fault=throw").run();
        final String ctx = r.describe();
        assertNotEquals(0, r.exitCode, ctx);
        assertEquals("", r.stdout, "nothing runs after the faulting access\n" + ctx);
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), ctx);
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(r.stderrLines());
        final List<String> after = ScenarioReportTest.outsideReports(r.stderrLines());
        assertTrue(!after.isEmpty() && after.get(0).startsWith("Exception in thread \"main\" io.jkasan.KasanError"),
                "uncaught KasanError after the report\n" + ctx);
        assertTrue(after.stream().anyMatch(l -> l.matches("\\s+at io\\.jkasan\\.samples\\.OobWrite\\.run\\(OobWrite\\.java:\\d+\\)")),
                "thrown from the sample's access\n" + ctx);
    }

    @Test
    void fault_panic_halts_with_exitcode_after_the_report() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("fault=panic,exitcode=7")
                .run();
        final String ctx = r.describe();
        assertEquals(7, r.exitCode, ctx);
        assertEquals("", r.stdout, ctx);
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), ctx);
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(r.stderrLines());
    }

    @Test
    void fault_panic_exits_1_by_default() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("fault=panic").run();
        assertEquals(1, r.exitCode, r.describe());
        assertEquals("", r.stdout, r.describe());
    }

    @Test
    void single_shot_is_the_default_and_prints_only_the_first_report() {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").run();
        assertEquals(1, r.exitCode, r.describe());
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), r.describe());
        FileCheck.fromSamples("CHECK", "TwoBugs.java").check(r.stderrLines());
    }

    @Test
    void multi_shot_true_prints_every_report() {
        assertTwoReports(ForkedJvm.scenario("two-bugs", "bug").agentOptions("multi_shot=true").run());
    }

    @Test
    void multi_shot_from_JKASAN_OPTIONS() {
        assertTwoReports(ForkedJvm.scenario("two-bugs", "bug").env("JKASAN_OPTIONS", "multi_shot=true").run());
    }

    @Test
    void JKASAN_OPTIONS_pairs_are_separated_by_colons() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug")
                .env("JKASAN_OPTIONS", "fault=panic:exitcode=5").run();
        assertEquals(5, r.exitCode, r.describe());
    }

    @Test
    void multi_shot_from_system_property() {
        assertTwoReports(ForkedJvm.scenario("two-bugs", "bug").jvmArg("-Djkasan.multi_shot=true").run());
    }

    @Test
    void agent_argument_overrides_system_property_which_overrides_environment() {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").agentOptions("multi_shot=false")
                .jvmArg("-Djkasan.multi_shot=true").env("JKASAN_OPTIONS", "multi_shot=true").run();
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), r.describe());
        final ForkedJvm.Result s = ForkedJvm.scenario("two-bugs", "bug").jvmArg("-Djkasan.multi_shot=false")
                .env("JKASAN_OPTIONS", "multi_shot=true").run();
        assertEquals(1, Splat.parseAll(s.stderrLines()).size(), s.describe());
    }

    @Test
    void log_path_also_appends_the_report_to_path_dot_pid(@TempDir final Path dir) throws IOException {
        final Path base = dir.resolve("kasan");
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("log_path=" + base).run();
        final String ctx = r.describe();
        assertEquals(1, r.exitCode, ctx);
        final Path log = dir.resolve("kasan." + r.pid);
        assertTrue(Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS), "expected " + log + "; directory has "
                + List.of(dir.toFile().list()) + "\n" + ctx);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)),
                "reports show addresses and stack traces: owner only");
        final List<String> logged = Files.readAllLines(log, StandardCharsets.UTF_8);
        final List<Splat> fromLog = Splat.parseAll(logged);
        assertEquals(1, fromLog.size(), "reports in " + log + ":\n" + String.join("\n", logged));
        assertEquals(Splat.parseAll(r.stderrLines()).get(0).lines, fromLog.get(0).lines, "same report text");
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(logged);
    }

    private static void assertTwoReports(final ForkedJvm.Result r) {
        final String ctx = r.describe();
        assertEquals(1, r.exitCode, ctx);
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(2, splats.size(), "multi_shot prints both reports\n" + ctx);
        for (final Splat s : splats) {
            s.assertCaretOnFirstBadAddress();
        }
        FileCheck.fromSamples("MULTI", "TwoBugs.java").check(r.stderrLines());
        assertEquals(List.of(ExitSummaryLine.replacingZero(2, 2)), ScenarioReportTest.outsideReports(r.stderrLines()),
                ctx);
    }
}
