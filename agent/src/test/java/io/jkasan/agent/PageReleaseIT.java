package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.it.agent.PurgedPagesApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Pages jkasan gives back leave memory on both JDKs: on JDK 22+ the arena comes from {@code mmap}, on JDK 17
 * from {@code malloc}, and both give pages back with the JDK's own {@code madvise} (a JDK 17 that zero-filled
 * instead kept all of them resident and committed whatever it discarded).
 */
class PageReleaseIT {

    @Test
    void purged_pages_leave_memory_on_the_build_jdk() throws Exception {
        assertAllGivenBack(Paths.get(System.getProperty("java.home")));
    }

    @Test
    void purged_pages_leave_memory_on_jdk_17() throws Exception {
        assertAllGivenBack(JdkLinkageIT.Jdk17.home());
    }

    private static void assertAllGivenBack(Path javaHome) throws Exception {
        ForkedRun r = ForkedRun.underAgent(javaHome, PurgedPagesApp.class);
        assertEquals(0, r.status, r.stdout + r.stderr);
        assertEquals("", r.stderr);
        assertEquals("resident pages: 1024 touched, 0 after purge, of 1024", r.stdout.strip());
    }
}
