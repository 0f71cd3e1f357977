package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.it.agent.StackKeyApp;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stack depot keys on HotSpot's backtrace under the real agent jar on both JDKs, whose backtrace chunks differ
 * (six slots on JDK 17, seven on 19 and later): where the layout were not recognised, the depot would fall back to
 * keying on walked frames, correct but several times slower, and no report would show it.
 */
class StackKeyIT {
    private static final String CLASSES = System.getProperty("jkasan.test.classes", "target/test-classes");
    private static final String EXPECTED =
            "backtrace keys: true; one line, one record: true; another line, another record: true";

    @Test
    void stacks_are_keyed_on_the_backtrace_on_the_build_jdk() throws Exception {
        assertKeyedOnBacktraces(Paths.get(System.getProperty("java.home")));
    }

    @Test
    void stacks_are_keyed_on_the_backtrace_on_jdk_17() throws Exception {
        assertKeyedOnBacktraces(JdkLinkageIT.Jdk17.home());
    }

    private static void assertKeyedOnBacktraces(Path javaHome) throws Exception {
        ForkedRun r = ForkedRun.of(List.of(javaHome.resolve("bin/java").toString(),
                "-javaagent:" + Paths.get(AgentJarIT.JAR).toAbsolutePath(),
                "-cp", new File(CLASSES).getAbsolutePath(), StackKeyApp.class.getName()));
        assertEquals(0, r.status, r.stdout + r.stderr);
        assertEquals("", r.stderr);
        assertEquals(EXPECTED, r.stdout.strip());
    }
}
