package io.jkasan.agent;

import io.jkasan.it.agent.PaddedStateApp;
import java.nio.file.Paths;
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
        // The program reads offsets with sun.misc.Unsafe, which JDK 23+ warns about unless allowed (JEP 498).
        String[] allowUnsafe = Runtime.version().feature() >= 23
                ? new String[] {"--sun-misc-unsafe-memory-access=allow"} : new String[0];
        ForkedRun.assertPrintsCleanly(Paths.get(System.getProperty("java.home")), PaddedStateApp.class, EXPECTED,
                allowUnsafe);
    }

    @Test
    void allocator_state_is_padded_on_jdk_17() throws Exception {
        ForkedRun.assertPrintsCleanly(JdkLinkageIT.Jdk17.home(), PaddedStateApp.class, EXPECTED);
    }
}
