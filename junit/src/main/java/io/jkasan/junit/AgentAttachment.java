package io.jkasan.junit;

import java.io.File;
import java.io.IOException;
import java.util.Optional;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Makes sure the jkasan agent runs in this JVM before tests do (docs/usage.md, "In test suites"): if it was
 * not given with {@code -javaagent}, attaches it, unless the configuration parameter
 * {@value #ATTACH_PARAMETER} is {@code false}.
 *
 * <p>Byte Buddy's agent attaches from a helper JVM when the JVM may not attach to itself (the default since
 * JDK 9, {@code jdk.attach.allowAttachSelf}), as Mockito's inline mock maker does. The agent's
 * {@code agentmain} then rewrites the classes already loaded (test classes are loaded, not yet initialised,
 * when tests start). A failed attempt is not retried: every later caller gets the same one-line reason.
 */
final class AgentAttachment {
    /**
     * JUnit configuration parameter, or system property: {@code true} (the default) attaches the agent when it
     * is missing, {@code false} never does. Not under {@code jkasan.}: every {@code -Djkasan.*} property is a
     * runtime option.
     */
    static final String ATTACH_PARAMETER = "io.jkasan.junit.attach";

    private static final String RUNTIME_API = "io.jkasan.Jkasan";
    private static final String HOW_TO = "run the tests with -javaagent:<jkasan-agent.jar>, or with the "
            + "jkasan-maven-plugin's prepare-agent goal (docs/usage.md, \"In test suites\")";

    private static String failure;

    private AgentAttachment() {
    }

    /**
     * @param attachParameter the value of {@value #ATTACH_PARAMETER}, if set
     * @throws IllegalStateException with one line saying why, if the agent does not run and cannot be made to
     */
    static synchronized void ensureRunning(Optional<String> attachParameter) {
        // The failure first: an agent that refused to start has still put its jar on the bootstrap path.
        if (failure == null && !isRunning()) {
            failure = attach(attachParameter);
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** @return why the agent could not be attached, or {@code null} once it runs */
    private static String attach(Optional<String> attachParameter) {
        String value = attachParameter.map(String::trim).orElse("true");
        if (value.equals("false")) {
            return "jkasan: the agent is not running and " + ATTACH_PARAMETER + "=false: " + HOW_TO;
        }
        if (!value.equals("true")) {
            return "jkasan: bad value '" + value + "' for " + ATTACH_PARAMETER + ": expected true or false";
        }
        try {
            File launcher = AgentLauncherJar.writeFor(AgentJar.locate());
            ByteBuddyAgent.attach(launcher, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException | RuntimeException | LinkageError e) {
            return "jkasan: the agent is not running and could not be attached (" + oneLine(e) + "; a refusal "
                    + "of the agent itself is on stderr above): " + HOW_TO;
        }
        return isRunning() ? null : "jkasan: the agent was attached but did not start: " + HOW_TO;
    }

    /**
     * The agent puts its jar, and so the runtime, on the bootstrap class path before it starts; a copy of the
     * runtime's classes on the class path alone means no agent.
     *
     * @return whether the runtime is on the bootstrap class path
     */
    static boolean isRunning() {
        try {
            Class.forName(RUNTIME_API, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String oneLine(Throwable t) {
        StringBuilder s = new StringBuilder(String.valueOf(t));
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) { // bounded: causes may loop
            s.append("; caused by ").append(c);
        }
        return s.toString().replaceAll("\\R", " ");
    }
}
