package io.jkasan.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentArgumentTest {
    private static final File JAR = new File("/repo/io/jkasan/jkasan-agent/0.1.0/jkasan-agent-0.1.0.jar");
    private static final String ARG = "-javaagent:" + JAR.getAbsolutePath();

    @Test
    void without_options_the_argument_is_the_jar_alone() {
        assertEquals(ARG, AgentArgument.of(JAR, null).toString());
        assertEquals(ARG, AgentArgument.of(JAR, Map.of()).toString());
    }

    @Test
    void options_follow_the_jar_sorted_by_key() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("multi_shot", "true");
        options.put("fault", " throw ");
        options.put("includes", "com.acme.*:org.acme.*");
        assertEquals(ARG + "=fault=throw,includes=com.acme.*:org.acme.*,multi_shot=true",
                AgentArgument.of(JAR, options).toString());
    }

    @Test
    void a_key_that_is_no_option_name_or_a_value_with_a_comma_is_refused() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AgentArgument.of(JAR, Map.of("Fault", "throw"))).getMessage().contains("'Fault'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AgentArgument.of(JAR, Map.of("includes", "a.*,b.*"))).getMessage().contains("','"));
    }

    @Test
    void an_existing_arg_line_is_kept_and_the_agent_goes_last() {
        String jacoco = "-javaagent:/repo/org.jacoco.agent-0.8.15-runtime.jar=destfile=/p/target/jacoco.exec";
        assertEquals(jacoco + " -Xmx1g " + ARG, AgentArgument.of(JAR, null).appendTo(jacoco + "  -Xmx1g"));
        assertEquals(ARG, AgentArgument.of(JAR, null).appendTo(null));
        assertEquals(ARG, AgentArgument.of(JAR, null).appendTo(""));
    }

    @Test
    void an_earlier_jkasan_agent_argument_is_replaced_not_repeated() {
        String earlier = "-javaagent:/elsewhere/jkasan-agent.jar=fault=throw";
        assertEquals("-ea " + ARG + "=multi_shot=true",
                AgentArgument.of(JAR, Map.of("multi_shot", "true")).appendTo(earlier + " -ea"));
    }

    @Test
    void arguments_with_whitespace_are_quoted() {
        File spaced = new File("/home/a user/.m2/jkasan-agent-0.1.0.jar");
        String line = AgentArgument.of(spaced, null).appendTo("\"-Dname=a b\" -ea");
        assertEquals("\"-Dname=a b\" -ea \"-javaagent:" + spaced.getAbsolutePath() + "\"", line);
        assertEquals(List.of("-Dname=a b", "-ea", "-javaagent:" + spaced.getAbsolutePath()), CommandLine.split(line));
    }
}
