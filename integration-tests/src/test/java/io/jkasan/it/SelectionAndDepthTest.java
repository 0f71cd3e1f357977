package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The class-selection options ({@code includes}, {@code excludes}) and {@code stack_depth=0}, through the
 * real agent jar.
 */
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
