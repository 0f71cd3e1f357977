package io.jkasan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of every test, class, engine and of the session in one scenario run, as
 * {@code ScenarioRunner} printed them, with assertions that name the run in full when they fail.
 */
final class ScenarioOutcomes {
    private static final String RULE = "==================================================================";
    private static final Pattern SPLAT = Pattern.compile(
            RULE + "\nBUG: KASAN: ([a-z-]+) in [^\n]+\n(?:Read|Write|Free) of [^\n]+ by task ([^/\n]+)/[0-9]+\n\n"
                    + "Call Trace:\n((?: [^\n]+\n)+)\n(?:[^=]*?\n)?Memory state around the buggy address:\n"
                    + "(?:[ >][0-9a-f]{16}: [0-9a-f ]+\n(?: +\\^\n)?){5}" + RULE + "\n");

    private final String command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final Map<String, Outcome> outcomes;

    private ScenarioOutcomes(String command, int exitCode, String stdout, String stderr, Map<String, Outcome> outcomes) {
        this.command = command;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.outcomes = outcomes;
    }

    /**
     * @param command the command line, for messages
     * @param exitCode the JVM's exit status
     * @param stdout what the runner printed: the outcomes
     * @param stderr the JVM's standard error
     * @return the outcomes
     */
    static ScenarioOutcomes parse(String command, int exitCode, String stdout, String stderr) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        String[] lines = stdout.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("#outcome ")) {
                String[] head = lines[i].split(" ");
                StringBuilder message = new StringBuilder();
                for (i++; i < lines.length && !lines[i].equals("#end"); i++) {
                    message.append(lines[i]).append('\n');
                }
                outcomes.put(head[1], new Outcome(head[2], message.toString()));
            }
        }
        return new ScenarioOutcomes(command, exitCode, stdout, stderr, outcomes);
    }

    /** @return reports the exit summary counts as neither claimed nor expected, 0 without a summary */
    private int unexpectedReports() {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^jkasan: (\\d+) reports, \\d+ printed(?:, (\\d+) expected)?").matcher(stderr);
        if (!m.find()) {
            return 0;
        }
        return Integer.parseInt(m.group(1)) - (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    /** @return the JVM's standard error */
    String stderr() {
        return stderr;
    }

    /**
     * @param expected every node the run must have reported, with its status; no other may appear
     * @return this
     */
    ScenarioOutcomes assertStatuses(Map<String, String> expected) {
        Map<String, String> actual = new LinkedHashMap<>();
        outcomes.forEach((name, o) -> actual.put(name, o.status));
        // The runner returns 0; reports that no expectKasanReport claimed turn that into exitcode (1) at exit,
        // and the summary line says how many there were (docs/usage.md, "Exit status").
        assertEquals(unexpectedReports() > 0 ? 1 : 0, exitCode, describe());
        assertEquals(new TreeMap<>(expected), new TreeMap<>(actual), describe());
        return this;
    }

    /**
     * Asserts a failure's message: its first line, then exactly the named reports, each a complete splat
     * whose call trace passes through the given frame.
     *
     * @param name the node
     * @param firstLine the message's first line, up to the reports' names
     * @param reports pairs of bug type and a frame of the call trace, e.g. {@code "use-after-free",
     *     "ReportInStaticInitialiser.<clinit>"}
     * @return this
     */
    ScenarioOutcomes assertFailure(String name, String firstLine, String... reports) {
        Outcome o = outcomes.get(name);
        if (o == null || !o.status.equals("FAILED")) {
            fail(name + " did not fail\n" + describe());
        }
        assertTrue(o.message.startsWith(firstLine), name + ": first line\n" + describe());
        Matcher m = SPLAT.matcher(o.message);
        int found = 0;
        int end = o.message.indexOf('\n') + 1;
        while (m.find()) {
            assertTrue(found * 2 < reports.length, name + ": more reports than expected\n" + describe());
            assertEquals(reports[found * 2], m.group(1), name + ": report " + found + "\n" + describe());
            assertTrue(m.group(3).contains(" io.jkasan.junit.scenarios." + reports[found * 2 + 1] + "+0x"),
                    name + ": report " + found + " does not pass through " + reports[found * 2 + 1] + "\n"
                            + describe());
            assertEquals("\n", o.message.substring(end, m.start()), name + ": text between reports\n" + describe());
            end = m.end();
            found++;
        }
        assertEquals(reports.length / 2, found, name + ": complete splats\n" + describe());
        assertEquals(o.message.length(), end, name + ": text after the reports\n" + describe());
        return this;
    }

    /**
     * @param name the node
     * @param message its failure's message, exactly
     * @return this
     */
    ScenarioOutcomes assertFailureMessage(String name, String message) {
        Outcome o = outcomes.get(name);
        assertTrue(o != null && o.status.equals("FAILED"), name + " did not fail\n" + describe());
        assertEquals(message, o.message, describe());
        return this;
    }

    /**
     * @param name a node
     * @return its failure's message
     */
    String message(String name) {
        Outcome o = outcomes.get(name);
        if (o == null) {
            fail(name + " did not run\n" + describe());
        }
        return o.message;
    }

    /** @return the thread names of the reports in a node's failure */
    List<String> reportingThreads(String name) {
        Matcher m = SPLAT.matcher(outcomes.get(name).message);
        List<String> threads = new ArrayList<>();
        while (m.find()) {
            threads.add(m.group(2));
        }
        return threads;
    }

    /** @return everything about the run, for assertion messages */
    String describe() {
        return "command: " + command + "\nexit code: " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                + stderr + "---";
    }

    private static final class Outcome {
        final String status;
        final String message;

        Outcome(String status, String message) {
            this.status = status;
            this.message = message;
        }
    }
}
