package io.jkasan.junit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A manifest-only jar, written to a temporary file, through which the agent jar is attached to a running
 * JVM: it names the agent's entry point and puts the agent jar on the bootstrap class path by its absolute
 * path. Attaching the agent jar itself would make the JVM warn about the {@code Boot-Class-Path} entry that
 * does not fit the file's name (the agent's manifest names both its build name and its repository name, and
 * a JVM running warns about missing entries only for agents attached later; docs/usage.md).
 */
final class AgentLauncherJar {
    private static final String AGENT_CLASS = "io.jkasan.agent.PreMain";

    private AgentLauncherJar() {
    }

    /**
     * @param agentJar the agent jar
     * @return a new launcher jar, deleted when the JVM exits
     * @throws IOException if it cannot be written
     */
    static File writeFor(File agentJar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Agent-Class", AGENT_CLASS);
        // An absolute URI path, as the java.lang.instrument specification allows for Boot-Class-Path.
        main.putValue("Boot-Class-Path", agentJar.getAbsoluteFile().toURI().getRawPath());
        main.putValue("Can-Redefine-Classes", "true");
        main.putValue("Can-Retransform-Classes", "true");
        Path jar = Files.createTempFile("jkasan-agent-launcher", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.finish();
        }
        return jar.toFile();
    }
}
