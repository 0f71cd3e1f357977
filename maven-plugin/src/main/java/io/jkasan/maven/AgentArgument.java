package io.jkasan.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code -javaagent:<jar>=<options>} argument for the agent, and how it joins an existing argLine: the
 * argLine keeps everything it had but an earlier jkasan agent argument (the agent must be loaded once), and
 * gets this one at its end. An argument containing whitespace is quoted, as Surefire splits the argLine as a
 * command line.
 */
final class AgentArgument {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z_]*");

    private final String argument;

    private AgentArgument(String argument) {
        this.argument = argument;
    }

    /**
     * @param agentJar the agent jar
     * @param options agent options (docs/options.md), or {@code null} for none; the agent checks keys and values
     * @return the argument
     * @throws IllegalArgumentException if a key is not an option name, or a value holds a {@code ,}, which the
     *     agent reads as the start of the next option
     */
    static AgentArgument of(File agentJar, Map<String, String> options) {
        StringBuilder s = new StringBuilder("-javaagent:").append(agentJar.getAbsolutePath());
        String separator = "=";
        for (Map.Entry<String, String> e : new TreeMap<>(options == null ? Map.of() : options).entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("'" + key + "' is not an agent option name (docs/options.md)");
            }
            if (value.contains(",")) {
                throw new IllegalArgumentException("the value of " + key + " holds a ',', which would end it: '"
                        + value + "'");
            }
            s.append(separator).append(key).append('=').append(value);
            separator = ",";
        }
        return new AgentArgument(s.toString());
    }

    /**
     * @param argLine the argLine so far, or {@code null}
     * @return the argLine with this argument at its end, and without any earlier jkasan agent argument
     */
    String appendTo(String argLine) {
        List<String> kept = new ArrayList<>();
        for (String arg : CommandLine.split(argLine == null ? "" : argLine)) {
            if (!isJkasanAgent(arg)) {
                kept.add(arg);
            }
        }
        kept.add(argument);
        return CommandLine.join(kept);
    }

    private static boolean isJkasanAgent(String arg) {
        if (!arg.startsWith("-javaagent:")) {
            return false;
        }
        String jar = arg.substring("-javaagent:".length());
        int options = jar.indexOf('=');
        String name = new File(options < 0 ? jar : jar.substring(0, options)).getName();
        return name.startsWith("jkasan-agent") && name.endsWith(".jar");
    }

    @Override
    public String toString() {
        return argument;
    }
}
