package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code detect_leaks=true} through the real agent jar (docs/report-format.md, "Leak report"): a cache that
 * never frees its evicted entries leaks three 64-byte allocations made from one stack, reported as one
 * group at exit; its twin frees them and prints nothing. On JDK 17 and 25.
 */
class LeakReportTest {
    private static final String FRAME = "io\\.jkasan\\.samples\\.%s\\+0x[0-9a-f]+/0x[0-9a-f]+ \\(%s:\\d+\\)";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_leaking_program_gets_one_group_per_allocation_stack_and_fails(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("leaky-cache", "bug").on(jdk).agentOptions("detect_leaks=true").run();
        final String ctx = r.describe();
        assertEquals(1, r.exitCode, ctx);
        final List<String> err = r.stderrLines();
        assertEquals(11, err.size(), ctx);
        assertEquals(Splat.SEPARATOR, err.get(0), ctx);
        assertEquals("jkasan: detected memory leaks", err.get(1), ctx);
        assertEquals("", err.get(2), ctx);
        assertEquals("Leak of 192 byte(s) in 3 object(s) allocated from:", err.get(3), ctx);
        assertTrue(err.get(4).matches(" " + String.format(FRAME, "LeakyCache\\.put", "LeakyCache\\.java")), ctx);
        assertTrue(err.get(5).matches(" " + String.format(FRAME, "LeakyCache\\.run", "LeakyCache\\.java")), ctx);
        assertTrue(err.get(6).matches(" " + String.format(FRAME, "Demo\\.main", "Demo\\.java")), ctx);
        assertEquals("", err.get(7), ctx);
        assertEquals(List.of("SUMMARY: jkasan: 192 byte(s) leaked in 3 allocation(s).", Splat.SEPARATOR,
                "jkasan: 0 reports, 0 printed, 192 bytes leaked in 3 allocations; exit status 1 (exitcode) instead"
                        + " of the program's 0"), err.subList(8, 11), ctx);
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void the_twin_frees_everything_and_prints_nothing(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("leaky-cache", "ok").on(jdk).agentOptions("detect_leaks=true").run();
        assertEquals(0, r.exitCode, r.describe());
        assertEquals("", r.stderr, r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void leaks_are_not_reported_unless_asked_for(final Jdk jdk) {
        final ForkedJvm.Result r = ForkedJvm.scenario("leaky-cache", "bug").on(jdk).run();
        assertEquals(0, r.exitCode, r.describe());
        assertEquals("", r.stderr, r.describe());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void leaks_in_json(final Jdk jdk, @TempDir final Path dir) throws IOException {
        final ForkedJvm.Result r = ForkedJvm.scenario("leaky-cache", "bug").on(jdk)
                .agentOptions("detect_leaks=true,log_format=json,log_path=" + dir.resolve("k")).run();
        assertEquals(1, r.exitCode, r.describe());
        final List<String> lines = Files.readAllLines(dir.resolve("k." + r.pid), StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), String.join("\n", lines));
        final ObjectMapper json = new ObjectMapper();
        final JsonNode leaks = json.readTree(lines.get(0));
        assertEquals("leaks", leaks.get("kind").textValue());
        assertEquals(192, leaks.get("bytes").longValue());
        assertEquals(3, leaks.get("allocations").longValue());
        assertEquals(1, leaks.get("groups").size());
        final JsonNode group = leaks.get("groups").get(0);
        assertEquals(3, group.get("allocations").longValue());
        assertEquals("put", group.get("frames").get(0).get("method").textValue());
        assertEquals("put", group.get("created_by").get("method").textValue());
        final JsonNode summary = json.readTree(lines.get(1));
        assertEquals("summary", summary.get("kind").textValue());
        assertEquals(0, summary.get("reports").longValue());
        assertEquals(192, summary.get("leaks").get("bytes").longValue());
        assertEquals(0, summary.get("program_exit_status").intValue());
        assertEquals(1, summary.get("exit_status").intValue());
        assertTrue(summary.get("exit_status_replaced").booleanValue());
        assertTrue(r.stderr.contains("\nLeak of 192 byte(s) in 3 object(s) allocated from:\n"),
                "stderr keeps the text\n" + r.describe());
    }
}
