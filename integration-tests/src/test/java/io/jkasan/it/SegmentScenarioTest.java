package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code MemorySegment} and FFM accesses checked end to end through the real agent jar, at their funnel
 * {@code jdk.internal.misc.ScopedMemoryAccess} (docs/segments.md): accessors, indexed accessors, the three kinds of
 * {@code VarHandle}, {@code copy}, {@code fill}, {@code getString}, {@code mismatch}, a data structure on raw
 * addresses, memory freed by {@code Arena.close()} or by an automatic arena's cleaner, and the loops over segments
 * and buffers the agent checks once per entry.
 *
 * <p>The segment samples are compiled for Java 22 and run on the JDK running the build (25), not once per JDK of
 * the matrix: JDK 17 cannot load them. What JDK 17 owes is that nothing changes there, which the direct-buffer
 * scenario below and the {@link OnEachJdk} suites show. Every buggy variant must print exactly the report its
 * sample's {@code // CHECK:} lines describe, and nothing else; every twin nothing at all, with the same output as
 * without the agent.
 */
class SegmentScenarioTest {
    private static final String SEGMENTS = "io.jkasan.samples.segments.";

    /** The scenarios and what their buggy variant reports. */
    enum Case {
        REINTERPRET_OVERFLOW("segment-reinterpret-overflow", "vmalloc-out-of-bounds", "Read", 8,
                "SegmentReinterpretOverflow"),
        AFTER_CLOSE("segment-after-close", "use-after-free", "Read", 8, "SegmentAfterClose"),
        OFADDRESS_OVERFLOW("segment-ofaddress-overflow", "vmalloc-out-of-bounds", "Write", 4,
                "SegmentOfAddressOverflow"),
        COPY_OVERFLOW("segment-copy-overflow", "vmalloc-out-of-bounds", "Write", 96, "SegmentCopyOverflow"),
        FILL_OVERFLOW("segment-fill-overflow", "vmalloc-out-of-bounds", "Write", 48, "SegmentFillOverflow"),
        VARHANDLE_OVERFLOW("segment-varhandle-overflow", "vmalloc-out-of-bounds", "Write", 4,
                "SegmentVarHandleOverflow"),
        LAYOUT_PATH_OVERFLOW("segment-layout-path-overflow", "vmalloc-out-of-bounds", "Read", 8,
                "SegmentLayoutPathOverflow"),
        ARRAY_ELEMENT_OVERFLOW("segment-array-element-overflow", "vmalloc-out-of-bounds", "Write", 2,
                "SegmentArrayElementOverflow"),
        INDEX_OVERFLOW("segment-index-overflow", "vmalloc-out-of-bounds", "Write", 8, "SegmentIndexOverflow"),
        MISMATCH_OVERFLOW("segment-mismatch-overflow", "vmalloc-out-of-bounds", "Read", 96,
                "SegmentMismatchOverflow"),
        RING_BUFFER("segment-ring-buffer", "vmalloc-out-of-bounds", "Write", 8, "SegmentLongRing",
                "SegmentLongRing.offer"),
        AUTO_ARENA_AFTER_FREE("segment-auto-arena-after-free", "use-after-free", "Read", 8,
                "SegmentAutoArenaAfterFree"),
        LOOP_OVERFLOW("segment-loop-overflow", "vmalloc-out-of-bounds", "Read", 8, "SegmentLoopOverflow",
                "SegmentLoopOverflow.sum"),
        LOOP_AFTER_FREE("segment-loop-after-free", "use-after-free", "Read", 8, "SegmentLoopAfterFree",
                "SegmentLoopAfterFree.firstNonZero"),
        HANDLE_LOOP_OVERFLOW("segment-handle-loop-overflow", "vmalloc-out-of-bounds", "Write", 8,
                "SegmentHandleLoopOverflow", "SegmentHandleLoopOverflow.fill"),
        COPY_LOOP_OVERFLOW("segment-copy-loop-overflow", "vmalloc-out-of-bounds", "Write", 4,
                "SegmentCopyLoopOverflow", "SegmentCopyLoopOverflow.doubled"),
        RECORD_LOOP_OVERFLOW("segment-record-loop-overflow", "vmalloc-out-of-bounds", "Read", 8,
                "SegmentRecordLoopOverflow", "SegmentRecordLoopOverflow.sum"),
        BUFFER_LOOP_OVERFLOW("buffer-loop-overflow", "vmalloc-out-of-bounds", "Write", 4, "BufferLoopOverflow",
                "BufferLoopOverflow.fill"),
        BUFFER_LOOP_AFTER_FREE("buffer-loop-after-free", "use-after-free", "Read", 8, "BufferLoopAfterFree",
                "BufferLoopAfterFree.sum");

        final String id;
        final String bugType;
        final String access;
        final long size;
        /** The sample class whose source holds the CHECK lines: where the access is. */
        final String sampleClass;
        final String bugMethod;

        Case(final String id, final String bugType, final String access, final long size, final String sampleClass) {
            this(id, bugType, access, size, sampleClass, sampleClass + ".run");
        }

        Case(final String id, final String bugType, final String access, final long size, final String sampleClass,
                final String bugMethod) {
            this.id = id;
            this.bugType = bugType;
            this.access = access;
            this.size = size;
            this.sampleClass = sampleClass;
            this.bugMethod = bugMethod;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * The samples call the restricted {@code MemorySegment.reinterpret}, which JDK 22+ warns about unless
     * native access is enabled, with or without jkasan.
     */
    private static ForkedJvm forked(final String id, final String variant) {
        assertTrue(Jdk.current().feature() >= 22, "MemorySegment scenarios need the build JDK to be 22+, not "
                + Jdk.current().feature());
        return ForkedJvm.scenario(id, variant).jvmArg("--enable-native-access=ALL-UNNAMED");
    }

    @ParameterizedTest(name = "{0} bug")
    @EnumSource(Case.class)
    void bug_variant_prints_exactly_the_report_its_checks_describe(final Case c) {
        ScenarioChecks.assertOneReport(forked(c.id, "bug").run(), c.bugType, c.access, c.size,
                SEGMENTS + c.bugMethod, "segments/" + c.sampleClass + ".java");
    }

    /**
     * {@code getString} past the memory: the JDK's {@code strlen} reads a long holding the page tail's first zero
     * byte, then that byte; with {@code multi_shot} both reads are reported, at the same address.
     */
    @Test
    void string_past_the_end_reports_the_strlen_long_read_then_its_byte_read() {
        final ForkedJvm.Result r = forked("segment-string-overflow", "bug").agentOptions("multi_shot=true").run();
        final String ctx = r.describe();
        assertEquals(1, r.exitCode, ctx);
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(2, splats.size(), "number of reports\n" + ctx);
        final List<String> problems = new ArrayList<>();
        final List<List<String>> reports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final Splat s = splats.get(i);
            assertEquals("vmalloc-out-of-bounds", s.bugType, ctx);
            assertEquals("Read", s.access, ctx);
            assertEquals(i == 0 ? 8 : 1, s.size, ctx);
            assertEquals(SEGMENTS + "SegmentStringOverflow.run", s.bugFrame.replaceFirst("\\+0x.*", ""), ctx);
            problems.addAll(s.problems);
            ScenarioChecks.collect(problems, s::assertCaretOnFirstBadAddress);
            reports.add(s.lines);
        }
        assertEquals(splats.get(0).address, splats.get(1).address, "both reads start at the end\n" + ctx);
        ScenarioChecks.assertBugRunConforms(r, List.of("segments/SegmentStringOverflow.java"), reports, problems);
    }

    /** @return every scenario's id: the buggy ones' twins, and those that have only a correct variant */
    static Stream<String> twins() {
        return Stream.concat(Stream.of(Case.values()).map(c -> c.id),
                Stream.of("segment-string-overflow", "segment-arenas", "segment-mapped-file"));
    }

    @ParameterizedTest(name = "{0} ok")
    @MethodSource("twins")
    void correct_twin_reports_nothing_and_behaves_as_without_the_agent(final String id) {
        final ForkedJvm.Result r = forked(id, "ok").run();
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        assertEquals("", r.stderr, "a twin prints nothing on stderr: no report, no jkasan line, no warning\n"
                + ctx);
        final ForkedJvm.Result plain = forked(id, "ok").withoutAgent().run();
        assertEquals(0, plain.exitCode, plain.describe());
        assertEquals("", plain.stderr, plain.describe());
        assertEquals(plain.stdout, r.stdout, "output differs from a run without the agent\n" + ctx);
    }

    /**
     * A direct buffer's own {@code getLong} after its memory was freed behind its back: on JDK 22+ the buffer
     * reaches memory through the rewritten funnel and the read is reported at the program's frame.
     */
    @Test
    void direct_buffer_read_after_free_is_reported_through_the_funnel() {
        assertTrue(Jdk.current().feature() >= 22, "needs the build JDK to be 22+");
        // OffHeapFacade frees the buffer through sun.misc.Unsafe, which JDK 24+ warns about unless allowed.
        final ForkedJvm.Result r = ForkedJvm.scenario("direct-api-after-free", "bug")
                .jvmArg("--sun-misc-unsafe-memory-access=allow").run();
        ScenarioChecks.assertOneReport(r, "use-after-free",
                "Read", 8, "io.jkasan.samples.DirectBufferApiAfterFree.run", "DirectBufferApiAfterFree.java");
    }

    /**
     * On JDK 17 the funnel is left as it was: the JVM's log of redefined classes does not name it, nothing of
     * the segment checks is loaded, and the same program runs silently, as it did before jkasan checked
     * segments; its twin prints what it prints without the agent. On the build JDK the log names it.
     */
    @Test
    void on_jdk17_the_funnel_is_untouched_and_a_direct_buffer_read_after_free_is_not_seen(@TempDir final Path dir)
            throws IOException {
        final Path redefined = dir.resolve("redefined.log");
        final Path loaded = dir.resolve("loaded.log");
        final ForkedJvm.Result bug = ForkedJvm.scenario("direct-api-after-free", "bug").on(Jdk.JDK17)
                .jvmArg("-Xlog:redefine+class+load=info:file=" + redefined)
                .jvmArg("-Xlog:class+load=info:file=" + loaded).run();
        assertEquals(0, bug.exitCode, bug.describe());
        assertEquals("", bug.stderr, "no report, no jkasan line\n" + bug.describe());
        final String redefinitions = Files.readString(redefined);
        assertTrue(redefinitions.contains("name=jdk.internal.misc.Unsafe,"), "the allocator is intercepted\n"
                + redefinitions);
        assertFalse(redefinitions.contains("ScopedMemoryAccess"), redefinitions);
        assertFalse(Files.readString(loaded).contains("io.jkasan.runtime.hooks.ArraysSupportHooks"));
        final ForkedJvm.Result ok = ForkedJvm.scenario("direct-api-after-free", "ok").on(Jdk.JDK17).run();
        final ForkedJvm.Result plain = ForkedJvm.scenario("direct-api-after-free", "ok").on(Jdk.JDK17)
                .withoutAgent().run();
        assertEquals("", ok.stderr, ok.describe());
        assertEquals(plain.stdout, ok.stdout, ok.describe());
        final Path onBuildJdk = dir.resolve("redefined-build-jdk.log");
        forked("direct-api-after-free", "ok").jvmArg("-Xlog:redefine+class+load=info:file=" + onBuildJdk).run();
        assertTrue(Files.readString(onBuildJdk).contains("name=jdk.internal.misc.ScopedMemoryAccess,"),
                "on JDK 22+ the funnel is rewritten");
    }

    /**
     * The report path writes {@code log_path} through NIO, whose buffer accesses go through the rewritten funnel
     * too: a report made inside the funnel is still written whole, once, as text and as JSON.
     */
    @ParameterizedTest(name = "log_format={0}")
    @ValueSource(strings = {"text", "json"})
    void a_report_from_the_funnel_is_written_to_log_path(final String format, @TempDir final Path dir)
            throws IOException {
        final ForkedJvm.Result r = forked("segment-copy-overflow", "bug")
                .agentOptions("log_format=" + format + ",log_path=" + dir.resolve("k")).run();
        final String ctx = r.describe();
        final List<String> logged = Files.readAllLines(dir.resolve("k." + r.pid), StandardCharsets.UTF_8);
        final List<List<String>> stderrSplats = ReportLines.parseAll(r.stderrLines(), lines -> lines);
        if ("text".equals(format)) {
            assertEquals(1, stderrSplats.size(), ctx);
            assertEquals(stderrSplats, ReportLines.parseAll(logged, lines -> lines), "the file holds the same "
                    + "report\n" + ctx + "\n--- log\n" + String.join("\n", logged));
            return;
        }
        assertEquals(2, logged.size(), "the report, then the summary\n" + ctx + "\n--- log\n"
                + String.join("\n", logged));
        final ObjectMapper json = new ObjectMapper();
        final JsonNode report = json.readTree(logged.get(0));
        assertEquals("report", report.get("kind").textValue(), ctx);
        assertEquals(1, stderrSplats.size(), ctx);
        assertEquals(stderrSplats.get(0), TextFromJson.splat(report), "the JSON says what stderr says\n" + ctx);
        assertEquals("summary", json.readTree(logged.get(1)).get("kind").textValue(), ctx);
    }
}
