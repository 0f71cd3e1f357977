package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The same agent jar on JDK 17: the runtime falls back to the malloc memory backend there (no final FFM
 * API), and reports must not change. The JDK is taken from {@code -Djkasan.it.jdk17=<home>}, or the
 * distribution's default location; the test is skipped, saying so, where no JDK 17 is installed.
 */
class Jdk17Test {
    private static Path jdk17() {
        String configured = System.getProperty("jkasan.it.jdk17");
        Path home = Paths.get(configured != null ? configured : "/usr/lib/jvm/java-17-openjdk-amd64");
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK 17 at " + home);
        return home;
    }

    @Test
    void out_of_bounds_write_is_reported_on_jdk17() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").onJdk(jdk17()).run();
        assertEquals(1, r.exitCode, r.stderr);
        assertTrue(r.stderr.contains("\nBUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OobWrite.run+0x"),
                r.stderr);
        assertTrue(r.stderr.contains("\nWrite of size 1 at addr "), r.stderr);
        assertTrue(r.stderr.contains("\nMemory state around the buggy address:\n"), r.stderr);
    }

    @Test
    void use_after_free_is_reported_on_jdk17() {
        ForkedJvm.Result r = ForkedJvm.scenario("uaf-other-thread", "bug").onJdk(jdk17()).run();
        assertTrue(r.stderr.contains("BUG: KASAN: use-after-free in "), r.stderr);
        assertTrue(r.stderr.contains("\nFreed by task releaser/"), r.stderr);
    }

    @Test
    void correct_twin_is_silent_on_jdk17() {
        ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "ok").onJdk(jdk17()).run();
        assertEquals(0, r.exitCode, r.stderr);
        assertEquals("", r.stderr);
        assertFalse(r.stdout.isEmpty());
    }
}
