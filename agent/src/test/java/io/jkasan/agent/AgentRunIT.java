package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.it.agent.OutOfBoundsApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a program under the real shaded agent jar in a forked JVM. */
class AgentRunIT {
    private static final String CLASSES = System.getProperty("jkasan.test.classes", "target/test-classes");

    @Test
    void out_of_bounds_read_is_reported_without_any_jvm_warning() throws Exception {
        ForkedRun r = run(Paths.get(AgentJarIT.JAR), "");
        assertEquals(1, r.status, "a run that made a report exits with exitcode\n" + r.stderr);
        assertTrue(r.stdout.contains("done true"), r.stdout);
        assertTrue(r.stderr.contains("BUG: KASAN: vmalloc-out-of-bounds in "
                + OutOfBoundsApp.class.getName() + ".main+0x"), r.stderr);
        // Boot-Class-Path, not appendToBootstrapClassLoaderSearch: no CDS warning. Native access granted:
        // no restricted-method warning. Rewritten sun.misc.Unsafe calls: no JEP 471/498 deprecation warning.
        assertFalse(r.stderr.contains("WARNING"), r.stderr);
    }

    @Test
    void unknown_option_stops_start_up_with_one_line_and_status_2() throws Exception {
        ForkedRun r = run(Paths.get(AgentJarIT.JAR), "=no_such_key=1");
        assertEquals(AgentInstaller.REFUSED, r.status, r.stderr);
        assertEquals(1, r.stderr.lines().count(), r.stderr);
        assertTrue(r.stderr.contains("no_such_key"), r.stderr);
        assertFalse(r.stdout.contains("done"), r.stdout);
    }

    @Test
    void renamed_jar_falls_back_to_appending_itself_to_the_boot_class_path(@TempDir Path dir) throws Exception {
        Path renamed = Files.copy(Paths.get(AgentJarIT.JAR), dir.resolve("renamed-agent.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        ForkedRun r = run(renamed, "");
        assertEquals(1, r.status, r.stderr);
        assertTrue(r.stderr.contains("BUG: KASAN: vmalloc-out-of-bounds in "), r.stderr);
    }

    @Test
    void denied_sun_misc_unsafe_memory_access_throws_as_without_the_agent() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 23, "--sun-misc-unsafe-memory-access is JDK 23+");
        String deny = "--sun-misc-unsafe-memory-access=deny";
        ForkedRun without = run(null, "", deny);
        ForkedRun with = run(Paths.get(AgentJarIT.JAR), "", deny);
        String thrown = "Exception in thread \"main\" java.lang.UnsupportedOperationException: allocateMemory";
        assertEquals(thrown, without.stderr.lines().findFirst().orElse(""), without.stderr);
        assertEquals(thrown, with.stderr.lines().findFirst().orElse(""), with.stderr);
        assertEquals(without.status, with.status);
    }

    private static ForkedRun run(Path agentJar, String agentArgs, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar.toAbsolutePath() + agentArgs);
        }
        command.addAll(List.of(jvmOptions));
        command.add("-Xverify:all");
        command.add("-cp");
        command.add(new File(CLASSES).getAbsolutePath());
        command.add(OutOfBoundsApp.class.getName());
        return ForkedRun.of(command);
    }
}
