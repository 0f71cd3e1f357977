package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which backend reserves the arena on the JDK running the build (22+), through the real agent jar: an arena
 * the kernel grants {@code malloc} never loads the FFM {@code Linker}, whose first link costs about 100 ms of
 * start-up; one it refuses {@code malloc} is reserved with {@code mmap(MAP_NORESERVE)} through the
 * {@code Linker}. Either arena works: the overflow is reported exactly, its twin runs clean.
 */
class ArenaBackendTest {
    private static final String LINKER = "java.lang.foreign.Linker";
    private static final String MALLOC = "io.jkasan.runtime.mapping.MallocBackend";
    private static final String MMAP = "io.jkasan.runtime.mapping.ffm.MmapBackend";

    @Test
    void an_arena_malloc_is_granted_links_no_downcall(@TempDir final Path dir) throws IOException {
        final List<String> loaded = assertArenaWorks(dir, "arena=1g");
        assertTrue(loaded.contains(MALLOC), "reserved with malloc");
        assertTrue(!loaded.contains(MMAP) && !loaded.contains(LINKER), "neither the mmap backend nor the Linker "
                + "is loaded: " + loaded.stream().filter(c -> c.startsWith("java.lang.foreign")).toList());
    }

    /** 1t plus 128g of shadow is more than the kernel's overcommit heuristic grants malloc here. */
    @Test
    void an_arena_larger_than_memory_and_swap_is_reserved_with_mmap_noreserve(@TempDir final Path dir)
            throws IOException {
        Assumptions.assumeTrue(Jdk.RUNNING.feature() >= 22, "the mmap backend needs the final FFM API");
        assumeMallocRefusesOneTerabyte();
        final List<String> loaded = assertArenaWorks(dir, "arena=1t");
        assertTrue(loaded.contains(MMAP) && loaded.contains(LINKER), "reserved with mmap through the Linker");
    }

    /**
     * Native access, which only the {@code Linker}'s downcall needs, is granted only when the arena is reserved
     * through it: otherwise the program's own restricted call ({@code MemorySegment.reinterpret}) warns exactly as
     * without the agent.
     */
    @Test
    void the_programs_restricted_calls_warn_as_without_the_agent_unless_the_arena_needed_the_linker()
            throws IOException {
        Assumptions.assumeTrue(Jdk.RUNNING.feature() >= 22, "the final FFM API");
        final ForkedJvm.Result plain = ForkedJvm.scenario("segment-reinterpret-overflow", "ok").on(Jdk.RUNNING)
                .withoutAgent().run();
        assertEquals(0, plain.exitCode, plain.describe());
        assertTrue(plain.stderr.startsWith("WARNING: A restricted method in java.lang.foreign.MemorySegment has "
                + "been called"), plain.describe());
        final ForkedJvm.Result malloc = ForkedJvm.scenario("segment-reinterpret-overflow", "ok").on(Jdk.RUNNING)
                .agentOptions("arena=1g").run();
        assertEquals(0, malloc.exitCode, malloc.describe());
        assertEquals(plain.stderr, malloc.stderr, malloc.describe());
        assumeMallocRefusesOneTerabyte();
        final ForkedJvm.Result mmap = ForkedJvm.scenario("segment-reinterpret-overflow", "ok").on(Jdk.RUNNING)
                .agentOptions("arena=1t").run();
        assertEquals(0, mmap.exitCode, mmap.describe());
        assertEquals("", mmap.stderr, "granted as --enable-native-access=ALL-UNNAMED would\n" + mmap.describe());
    }

    /**
     * The kernel's overcommit heuristic ({@code vm.overcommit_memory=0}) refuses one block larger than memory plus
     * swap, so {@code malloc} cannot have 1t plus 128g of shadow unless the machine has more than that.
     */
    private static void assumeMallocRefusesOneTerabyte() throws IOException {
        Assumptions.assumeTrue("0".equals(Files.readString(Paths.get("/proc/sys/vm/overcommit_memory")).trim()),
                "the kernel's overcommit heuristic (vm.overcommit_memory=0) is what refuses malloc the arena");
        Assumptions.assumeTrue(memoryAndSwapKib() < (1L << 30) + (128L << 20),
                "memory plus swap under 1t plus 128g, which the heuristic then refuses malloc");
    }

    /** @return {@code MemTotal} plus {@code SwapTotal} of {@code /proc/meminfo}, in KiB */
    private static long memoryAndSwapKib() throws IOException {
        long kib = 0;
        for (final String line : Files.readAllLines(Paths.get("/proc/meminfo"), StandardCharsets.UTF_8)) {
            if (line.startsWith("MemTotal:") || line.startsWith("SwapTotal:")) {
                kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kib;
    }

    /**
     * Runs the out-of-bounds scenario's buggy variant and its twin with the given options.
     *
     * @return the classes the buggy variant's JVM loaded, by binary name
     */
    private static List<String> assertArenaWorks(final Path dir, final String agentOptions) throws IOException {
        final Path log = dir.resolve("classes.log");
        final ForkedJvm.Result bug = ForkedJvm.scenario("oob-write", "bug").on(Jdk.RUNNING).agentOptions(agentOptions)
                .jvmArg("-Xlog:class+load=info:file=" + log).run();
        ScenarioChecks.assertOneReport(bug, "vmalloc-out-of-bounds", "Write", 1, "io.jkasan.samples.OobWrite.run",
                "OobWrite.java");
        final ForkedJvm.Result ok = ForkedJvm.scenario("oob-write", "ok").on(Jdk.RUNNING).agentOptions(agentOptions)
                .run();
        assertEquals(0, ok.exitCode, ok.describe());
        assertEquals("", ok.stderr, ok.describe());
        // "[0.152s][info][class,load] io.jkasan.runtime.mapping.MallocBackend source: file:/..."
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(l -> l.substring(l.indexOf("[class,load] ") + "[class,load] ".length()))
                .map(l -> l.substring(0, l.indexOf(' ')))
                .toList();
    }
}
