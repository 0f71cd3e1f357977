package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.linkage.LinkageCheck;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded agent jar links on every JDK the build can run: each of its classes loads, and every method and
 * field it references in the JDK exists there with the same descriptor ({@link LinkageCheck}). Runs in this
 * JVM (the build JDK) and in a forked JDK 17, from {@code -Djkasan.it.jdk17} or
 * {@code /usr/lib/jvm/java-17-openjdk-amd64}.
 */
class JdkLinkageIT {
    private static final Path JAR = Paths.get(AgentJarIT.JAR);

    @Test
    void every_reference_resolves_on_the_build_jdk() throws Exception {
        LinkageCheck check = LinkageCheck.run(JAR);
        assertEquals(List.of(), check.problems(), check.summary());
        assertTrue(check.summary().contains("skipped as compiled for a newer release: []"), check.summary());
    }

    @Test
    void every_reference_resolves_on_jdk_17() throws Exception {
        Path java = Jdk17.home().resolve("bin/java");
        Process p = new ProcessBuilder(java.toString(), "-cp",
                new File(System.getProperty("jkasan.test.classes", "target/test-classes")).getAbsolutePath(),
                LinkageCheck.class.getName(), JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "linkage check on JDK 17 timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        // The FFM mapping backend is compiled for 22 and loaded by name only there.
        assertTrue(out.contains("linkage on JDK 17: ") && out.contains("io.jkasan.runtime.mapping.ffm.MmapBackend"),
                out);
    }

    /** Where JDK 17 is; a missing JDK 17 fails the test rather than passing silently. */
    static final class Jdk17 {
        static Path home() {
            String configured = System.getProperty("jkasan.it.jdk17");
            Path home = Paths.get(configured != null ? configured : "/usr/lib/jvm/java-17-openjdk-amd64");
            assertTrue(Files.isExecutable(home.resolve("bin/java")),
                    "no JDK 17 at " + home + "; set -Djkasan.it.jdk17=<home>");
            return home;
        }
    }
}
