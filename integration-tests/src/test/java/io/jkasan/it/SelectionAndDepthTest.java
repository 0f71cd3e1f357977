package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class-selection options ({@code includes}, {@code excludes}, {@code include_jdk}) and
 * {@code stack_depth=0}, through the real agent jar.
 */
@OnEachJdk
class SelectionAndDepthTest {
    private static final String BUG_LINE = "BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OobWrite.run+0x";

    @Test
    void excluded_class_is_not_rewritten() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("excludes=io.jkasan.samples.*").run();
        assertEquals(0, r.exitCode, r.stderr);
        assertFalse(r.stderr.contains("BUG: KASAN"), r.stderr);
    }

    @Test
    void included_class_is_rewritten() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("includes=io.jkasan.samples.Oob*")
                .run();
        assertTrue(r.stderr.contains(BUG_LINE), r.stderr);
    }

    @Test
    void a_class_outside_includes_is_not_rewritten() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("includes=com.example.*").run();
        assertEquals(0, r.exitCode, r.stderr);
        assertFalse(r.stderr.contains("BUG: KASAN"), r.stderr);
    }

    @Test
    void excludes_win_over_includes() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug")
                .agentOptions("includes=io.jkasan.samples.*,excludes=io.jkasan.samples.OobWrite").run();
        assertFalse(r.stderr.contains("BUG: KASAN"), r.stderr);
    }

    /**
     * With {@code include_jdk=true} the JDK's own Unsafe call sites are rewritten too, among them those that open
     * the program's jar (zip and file-system code): a correct program started from a jar, named on the class
     * path or run with {@code -jar}, must behave exactly as without the agent and print nothing on stderr.
     */
    @ParameterizedTest(name = "java {0}")
    @ValueSource(strings = {"-cp", "-jar"})
    void include_jdk_runs_a_correct_program_from_a_jar_without_reports(final String launch) {
        final ForkedJvm jvm = ForkedJvm.scenario("array-oob", "ok").agentOptions("include_jdk=true");
        final ForkedJvm plainJvm = ForkedJvm.scenario("array-oob", "ok").withoutAgent();
        if (launch.equals("-jar")) {
            jvm.fromJar();
            plainJvm.fromJar();
        }
        final ForkedJvm.Result r = jvm.run();
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        assertEquals("", r.stderr, "no report, nothing at all on stderr\n" + ctx);
        final ForkedJvm.Result plain = plainJvm.run();
        assertEquals(0, plain.exitCode, plain.describe());
        assertEquals(plain.stdout, r.stdout, "output differs from a run without the agent\n" + ctx);
    }

    /** Without stacks, "created by:" still names the allocation site, which the agent recorded at rewrite time. */
    @Test
    void stack_depth_zero_keeps_the_creation_site() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("stack_depth=0").run();
        assertTrue(r.stderr.contains(BUG_LINE), r.stderr);
        assertTrue(r.stderr.matches("(?s).*\\) created by:\n io\\.jkasan\\.samples\\.OobWrite\\.run\\+0x[0-9a-f]+/0x[0-9a-f]+"
                + " \\(OobWrite\\.java:\\d+\\)\n.*"), r.stderr);
        assertTrue(r.stderr.matches("(?s).*\nAllocated by task main/\\d+:\n \\(stack is not available\\)\n.*"), r.stderr);
    }
}
