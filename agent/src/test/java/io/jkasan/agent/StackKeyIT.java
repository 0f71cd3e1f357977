package io.jkasan.agent;

import io.jkasan.it.agent.StackKeyApp;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The stack depot keys on HotSpot's backtrace under the real agent jar on both JDKs, whose backtrace chunks differ
 * (six slots on JDK 17, seven on 19 and later): if the layout were not recognised, the depot would fall back to
 * keying on walked frames, correct but several times slower, and no report would show it.
 */
class StackKeyIT {
    private static final String EXPECTED =
            "backtrace keys: true; one line, one record: true; another line, another record: true";

    @Test
    void stacks_are_keyed_on_the_backtrace_on_the_build_jdk() throws Exception {
        ForkedRun.assertPrintsCleanly(Paths.get(System.getProperty("java.home")), StackKeyApp.class, EXPECTED);
    }

    @Test
    void stacks_are_keyed_on_the_backtrace_on_jdk_17() throws Exception {
        ForkedRun.assertPrintsCleanly(JdkLinkageIT.Jdk17.home(), StackKeyApp.class, EXPECTED);
    }
}
