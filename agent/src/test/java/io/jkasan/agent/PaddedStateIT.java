package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.it.agent.PaddedStateApp;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The allocator state each thread writes on every allocation and free is padded against false sharing when the
 * runtime runs from the real agent jar, on both JDKs: the JVM honours {@code @Contended} there because the
 * manifest's {@code Boot-Class-Path} loads the runtime with the boot loader.
 */
class PaddedStateIT {
    private static final String EXPECTED = String.join("\n",
            "VmallocNode.liveBytes padded",
            "FreeSpace.freeBytes padded",
            "WaitingAreas.size padded",
            "FreedBatch.count padded",
            "PageKeeping.keepBelow padded",
            "Block.last padded",
            "InterceptionGuard.depth padded");

    @Test
    void allocator_state_is_padded_on_the_build_jdk() throws Exception {
        assertPadded(Paths.get(System.getProperty("java.home")), Runtime.version().feature() >= 23);
    }

    @Test
    void allocator_state_is_padded_on_jdk_17() throws Exception {
        assertPadded(JdkLinkageIT.Jdk17.home(), false);
    }

    /** @param allowUnsafe whether the JDK needs leave to call {@code sun.misc.Unsafe} without a warning (JEP 498) */
    private static void assertPadded(Path javaHome, boolean allowUnsafe) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-javaagent:" + Paths.get(AgentJarIT.JAR).toAbsolutePath()));
        if (allowUnsafe) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", new File(System.getProperty("jkasan.test.classes", "target/test-classes"))
                .getAbsolutePath(), PaddedStateApp.class.getName()));
        ForkedRun r = ForkedRun.of(command);
        assertEquals(0, r.status, r.stdout + r.stderr);
        assertEquals("", r.stderr);
        assertEquals(EXPECTED, r.stdout.strip());
    }
}
