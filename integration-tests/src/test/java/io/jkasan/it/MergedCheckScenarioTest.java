package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Merged checks (docs/design.md, "Merged checks") end to end through the real agent jar: the record codecs
 * {@code RecordDecoder} and {@code RecordEncoder} access three fields at constant offsets from one local in a
 * straight run, which the agent gives one span check. {@link ScenarioReportTest} holds their reports to the
 * {@code // CHECK:} lines, frame by frame against the class file (the report of a merged call is the one its
 * own check makes: same type, access, size, address and bytecode index), and their twins to silence; this
 * class shows that the group really was merged and that the store it flags is not performed.
 */
@OnEachJdk
class MergedCheckScenarioTest {
    /** HotSpot's {@code -Xlog:class+resolve=debug} line for a reference resolved from a sample's code. */
    private static final Pattern RESOLVED = Pattern.compile(
            "\\[class,resolve\\] io\\.jkasan\\.samples\\.(\\w+) (io\\.jkasan\\.runtime\\.[\\w.]+) (\\w+\\.java:\\d+)");

    @Test
    void the_decoder_and_the_encoder_call_the_span_check_and_the_span_bridges() {
        assertEquals(List.of("AccessChecker RecordDecoder.java:" + line("RecordDecoder", "getInt(p)"),
                "SunMiscUnsafeSpanHooks RecordDecoder.java:" + line("RecordDecoder", "getInt(p)")),
                resolvedFrom("record-decoder", "RecordDecoder"));
        assertEquals(List.of("AccessChecker RecordEncoder.java:" + line("RecordEncoder", "putInt(p, length)"),
                "SunMiscUnsafeSpanHooks RecordEncoder.java:" + line("RecordEncoder", "putInt(p, length)")),
                resolvedFrom("record-encoder", "RecordEncoder"));
    }

    @Test
    void the_store_flagged_in_a_merged_group_is_not_performed() {
        ForkedJvm.Result r = ScenarioChecks.runBug("record-encoder");
        ScenarioChecks.assertOneReport(r, "vmalloc-out-of-bounds", "Write", 8,
                "io.jkasan.samples.RecordEncoder.encode", "RecordEncoder.java");
        // The id's four bytes inside the buffer keep the fill byte: the 8-byte store across the end was skipped.
        assertEquals(List.of("tail 11111111"), r.stdoutLines(), r.describe());
        ForkedJvm.Result plain = ForkedJvm.scenario("record-encoder", "bug").withoutAgent().run();
        assertEquals(List.of("tail 22222222"), plain.stdoutLines(), "without the agent the store happens\n"
                + plain.describe());
    }

    /**
     * @return the runtime classes the sample class's code resolved, by simple name, with the source line of
     *     the resolving instruction, in resolution order
     */
    private static List<String> resolvedFrom(String scenario, String sampleClass) {
        ForkedJvm.Result r = ForkedJvm.scenario(scenario, "ok").jvmArg("-Xlog:class+resolve=debug").run();
        assertEquals(0, r.exitCode, r.describe());
        return r.stdoutLines().stream().map(RESOLVED::matcher).filter(Matcher::find)
                .filter(m -> m.group(1).equals(sampleClass))
                .map(m -> m.group(2).substring(m.group(2).lastIndexOf('.') + 1) + " " + m.group(3))
                .filter(s -> s.startsWith("AccessChecker") || s.startsWith("SunMiscUnsafeSpanHooks"))
                .distinct()
                .collect(Collectors.toList());
    }

    /** @return the line number of the first line of a sample's source containing {@code text} */
    private static int line(String sampleClass, String text) {
        Path source = Paths.get(System.getProperty("jkasan.samples.src", "."))
                .resolve("io/jkasan/samples/" + sampleClass + ".java");
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + sampleClass);
    }
}
