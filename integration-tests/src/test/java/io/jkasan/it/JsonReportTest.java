package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code log_format=json} through the real agent jar, read with a real JSON parser (docs/report-format.md,
 * "JSON reports"): with a {@code log_path} the file holds one JSON object per line and stderr keeps the
 * text; without one stderr holds the JSON. Every report's JSON says all its text splat says: the test
 * rebuilds the splat from the JSON alone and compares it with the text printed in the same run, line for
 * line. On JDK 17 and 25, over every kind of address description.
 */
class JsonReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Arguments> runs() {
        final List<Arguments> out = new ArrayList<>();
        for (final Jdk jdk : Jdk.values()) {
            for (final String s : List.of("oob-write", "uaf-other-thread", "double-free", "invalid-free",
                    "array-oob", "null-read", "two-bugs", "stack-redzone", "stack-use-after-return",
                    "stack-guard-access")) {
                out.add(Arguments.of(jdk, s));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("runs")
    void the_json_in_log_path_says_what_the_text_on_stderr_says(final Jdk jdk, final String scenario,
            @TempDir final Path dir) throws IOException {
        final ForkedJvm.Result r = ForkedJvm.scenario(scenario, "bug").on(jdk)
                .agentOptions("multi_shot=true,log_format=json,log_path=" + dir.resolve("k")).run();
        final String ctx = r.describe();
        final List<String> logged = Files.readAllLines(dir.resolve("k." + r.pid), StandardCharsets.UTF_8);
        final List<List<String>> splats = ReportLines.parseAll(r.stderrLines(), lines -> lines);
        assertEquals(splats.size() + 1, logged.size(), "one object per report, then the summary\n" + ctx
                + "\n--- log\n" + String.join("\n", logged));
        for (int i = 0; i < splats.size(); i++) {
            final JsonNode report = JSON.readTree(logged.get(i));
            assertEquals("report", report.get("kind").textValue());
            assertEquals(splats.get(i), TextFromJson.splat(report), "report " + i + " rebuilt from\n"
                    + logged.get(i) + "\n" + ctx);
        }
        final JsonNode summary = JSON.readTree(logged.get(logged.size() - 1));
        assertEquals("summary", summary.get("kind").textValue());
        assertEquals(splats.size(), summary.get("printed").longValue());
        assertEquals(r.exitCode, summary.get("exit_status").intValue(), ctx);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("runs")
    void without_log_path_stderr_holds_the_json(final Jdk jdk, final String scenario) throws IOException {
        final ForkedJvm.Result r = ForkedJvm.scenario(scenario, "bug").on(jdk).agentOptions("log_format=json").run();
        final List<JsonNode> objects = new ArrayList<>();
        for (final String line : r.stderrLines()) {
            if (line.startsWith("{")) {
                objects.add(JSON.readTree(line));
            }
        }
        assertEquals(2, objects.size(), "the first report and the summary\n" + r.describe());
        assertEquals("report", objects.get(0).get("kind").textValue());
        assertEquals("summary", objects.get(1).get("kind").textValue());
        assertEquals(List.of(), ReportLines.parseAll(r.stderrLines(), lines -> lines), "no text splat\n"
                + r.describe());
    }
}
