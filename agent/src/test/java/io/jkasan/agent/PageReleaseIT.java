package io.jkasan.agent;

import io.jkasan.it.agent.PurgedPagesApp;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Pages jkasan gives back leave memory on both JDKs: the arena comes from {@code malloc} where the kernel grants
 * it (on JDK 22+ from {@code mmap} otherwise), and either gives pages back with the JDK's own {@code madvise} (a
 * JDK 17 that zero-filled instead kept all of them resident and committed whatever it discarded).
 */
class PageReleaseIT {
    private static final String EXPECTED = "resident pages: 1024 touched, 0 after purge, of 1024";

    @Test
    void purged_pages_leave_memory_on_the_build_jdk() throws Exception {
        ForkedRun.assertPrintsCleanly(Paths.get(System.getProperty("java.home")), PurgedPagesApp.class, EXPECTED);
    }

    @Test
    void purged_pages_leave_memory_on_jdk_17() throws Exception {
        ForkedRun.assertPrintsCleanly(JdkLinkageIT.Jdk17.home(), PurgedPagesApp.class, EXPECTED);
    }
}
