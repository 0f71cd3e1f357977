package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.it.agent.LateAttachApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real agent jar attached to a running JVM ({@code agentmain}), on JDK 25 and 17: classes loaded and run
 * before the attach are rewritten, and a refusal leaves the program running and fails the attaching tool's
 * {@code loadAgent}.
 */
class AgentAttachIT {
    private static final String CLASSES = System.getProperty("jkasan.test.classes", "target/test-classes");

    @ParameterizedTest
    @ValueSource(strings = {"current", "/usr/lib/jvm/java-17-openjdk-amd64"})
    void a_class_loaded_before_the_attach_is_rewritten(String jdk) throws Exception {
        ForkedRun r = run(jdk, "-");
        // The report turns the program's 0 into exitcode (exitcode_on_report), and the summary says so.
        assertEquals(1, r.status, r.stderr);
        assertTrue(r.stderr.endsWith("jkasan: 1 reports, 1 printed; exit status 1 (exitcode) instead of the program's 0\n"),
                r.stderr);
        assertEquals("done\n", r.stdout, r.stderr);
        assertTrue(r.stderr.contains("BUG: KASAN: vmalloc-out-of-bounds in " + LateAttachApp.class.getName()
                + "$LoadedEarly.outOfBoundsWrite+0x"), r.stderr);
        assertFalse(r.stderr.contains("jkasan: cannot rewrite"), r.stderr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "/usr/lib/jvm/java-17-openjdk-amd64"})
    void a_refusal_leaves_the_program_running_and_fails_load_agent(String jdk) throws Exception {
        ForkedRun r = run(jdk, "no_such_key=1");
        assertEquals(0, r.status, r.stderr);
        assertEquals("refused\ndone\n", r.stdout, r.stderr);
        assertTrue(r.stderr.contains("\njkasan: unknown option 'no_such_key' (in the agent argument); known options: "),
                r.stderr);
        assertFalse(r.stderr.contains("BUG: KASAN"), r.stderr);
    }

    private static ForkedRun run(String jdk, String agentArgs) throws IOException, InterruptedException {
        Path home = Paths.get(jdk.equals("current") ? System.getProperty("java.home") : jdk);
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK at " + home);
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("java").toString());
        command.add("-Djdk.attach.allowAttachSelf=true");
        command.add("-Xverify:all");
        command.add("-cp");
        command.add(new File(CLASSES).getAbsolutePath());
        command.add(LateAttachApp.class.getName());
        command.add(Paths.get(AgentJarIT.JAR).toAbsolutePath().toString());
        command.add(agentArgs);
        return ForkedRun.of(command);
    }
}
