package io.jkasan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What attaching the agent from jkasan-junit prints, and what happens when it may not or cannot
 * (docs/usage.md, "In test suites"). That the attached agent checks everything is asserted with the other
 * scenarios ({@link KasanExtensionScenariosTest}).
 */
class AgentAttachmentTest {
    private static final String HOW_TO = "run the tests with -javaagent:<jkasan-agent.jar>, or with the "
            + "jkasan-maven-plugin's prepare-agent goal (docs/usage.md, \"In test suites\")\n";

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attaching_prints_the_jdks_notes_which_two_flags_silence(Jdk jdk) {
        String notes = warnings(ScenarioJvm.on(jdk, "CleanEverywhere").withoutAgent().run());
        String expected = "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes "
                + "because bootstrap classpath has been appended\n";
        if (jdk.feature() >= 21) {
            expected += "WARNING: A Java agent has been loaded dynamically (/tmp/jkasan-agent-launcher*.jar)\n"
                    + "WARNING: If a serviceability tool is in use, please run with -XX:+EnableDynamicAgentLoading "
                    + "to hide this warning\n"
                    + "WARNING: If a serviceability tool is not in use, please run with -Djdk.instrument.traceUsage "
                    + "for more information\n"
                    + "WARNING: Dynamic loading of agents will be disallowed by default in a future release\n";
        }
        assertEquals(expected, notes.replaceAll("jkasan-agent-launcher[0-9]+\\.jar", "jkasan-agent-launcher*.jar"));

        ScenarioJvm silenced = ScenarioJvm.on(jdk, "CleanEverywhere").withoutAgent().jvmArg("-Xshare:off");
        if (jdk.feature() >= 21) {
            silenced.jvmArg("-XX:+EnableDynamicAgentLoading");
        }
        assertEquals("", warnings(silenced.run()));
    }

    @Test
    void with_attach_disabled_a_watched_class_fails_saying_how_to_run_the_agent() {
        ScenarioOutcomes run = ScenarioJvm.on(Jdk.current(), "CleanEverywhere", "WithoutExtension").withoutAgent()
                .jvmArg("-Dio.jkasan.junit.attach=false").run()
                .assertStatuses(Map.of("CleanEverywhere", "FAILED", "WithoutExtension#reports_unwatched",
                        "SUCCESSFUL", "WithoutExtension", "SUCCESSFUL", "engine", "SUCCESSFUL", "session",
                        "SUCCESSFUL"))
                .assertFailureMessage("CleanEverywhere",
                        "jkasan: the agent is not running and io.jkasan.junit.attach=false: " + HOW_TO);
        assertFalse(run.stderr().lines().anyMatch(l -> l.startsWith("jkasan:")), run.describe());
    }

    @Test
    void an_agent_refusing_to_start_fails_every_watched_class_and_says_why() {
        ScenarioOutcomes run = ScenarioJvm.on(Jdk.current(), "CleanEverywhere", "ExpectedReports").withoutAgent()
                .jvmArg("-Djkasan.fault=bogus").run()
                .assertStatuses(Map.of("CleanEverywhere", "FAILED", "ExpectedReports", "FAILED", "engine",
                        "SUCCESSFUL", "session", "SUCCESSFUL"));
        String couldNot = "jkasan: the agent is not running and could not be attached (";
        assertTrue(run.stderr().contains("\njkasan: bad value 'bogus' for fault (in -Djkasan.fault): expected report, "
                + "throw or panic\n"), run.describe());
        assertTrue(run.stderr().contains("\n" + couldNot), run.describe());
        assertTrue(run.message("CleanEverywhere").startsWith(couldNot), run.describe());
        assertTrue(run.message("CleanEverywhere").endsWith(HOW_TO), run.describe());
        assertEquals(run.message("CleanEverywhere"), run.message("ExpectedReports"), run.describe());
    }

    /** @return the lines the JVM itself warned with */
    private static String warnings(ScenarioOutcomes run) {
        return run.stderr().lines().filter(l -> l.startsWith("WARNING") || l.contains("VM warning"))
                .map(l -> l + "\n").collect(Collectors.joining());
    }
}
