package io.jkasan.junit;

import java.io.File;
import java.net.URI;
import java.net.URL;

/**
 * Finds the agent jar, {@code io.jkasan:jkasan-agent}, on the test class path, where this module's
 * dependency on it puts it. Looked up as a resource, never loaded as a class: a class loaded from the class
 * path before the agent runs would shadow the copy the agent puts on the bootstrap class path.
 */
final class AgentJar {
    private static final String MARKER = "io/jkasan/agent/PreMain.class";

    private AgentJar() {
    }

    /**
     * @return the agent jar
     * @throws IllegalStateException if it is not on the class path as a jar
     */
    static File locate() {
        URL url = AgentJar.class.getClassLoader().getResource(MARKER);
        if (url == null) {
            throw new IllegalStateException("io.jkasan:jkasan-agent is not on the test class path");
        }
        String s = url.toString();
        int bang = s.indexOf("!/");
        if (!s.startsWith("jar:") || bang < 0) {
            throw new IllegalStateException("the agent classes come from " + s + ", not from the agent jar");
        }
        try {
            return new File(URI.create(s.substring("jar:".length(), bang)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the agent jar's location " + s + ": " + e, e);
        }
    }
}
