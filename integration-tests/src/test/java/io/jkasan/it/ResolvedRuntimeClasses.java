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

/**
 * Which runtime classes a sample's rewritten code refers to, read from HotSpot's {@code -Xlog:class+resolve}:
 * the check classes a rewrite inserted show up there, resolved from the source line of the instruction that
 * uses them, only if the rewrite happened and that code ran.
 */
final class ResolvedRuntimeClasses {
    /** HotSpot's {@code -Xlog:class+resolve=debug} line for a reference resolved from a sample's code. */
    private static final Pattern RESOLVED = Pattern.compile(
            "\\[class,resolve\\] io\\.jkasan\\.samples\\.(\\w+) (io\\.jkasan\\.runtime\\.[\\w.]+) (\\w+\\.java:\\d+)");

    private ResolvedRuntimeClasses() {
    }

    /**
     * Runs a scenario's correct twin with {@code -Xlog:class+resolve=debug}.
     *
     * @return the check classes ({@code AccessChecker}, the span bridges) the sample class's code resolved, by
     *     simple name, with the source line of the resolving instruction, in resolution order
     */
    static List<String> checksResolvedFrom(String scenario, String sampleClass) {
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
    static int line(String sampleClass, String text) {
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
