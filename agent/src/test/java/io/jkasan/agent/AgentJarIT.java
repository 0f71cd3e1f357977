package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Inspects the shaded agent jar that {@code package} produced (BlockHound's JarFileShadingTest). */
class AgentJarIT {
    static final String JAR = System.getProperty("jkasan.agent.jar", "target/jkasan-agent.jar");

    @Test
    void only_io_jkasan_and_meta_inf_sit_at_the_root() throws IOException {
        try (JarFile jar = new JarFile(JAR)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                assertTrue(name.startsWith("io/") || name.startsWith("META-INF/"), name);
                assertTrue(name.equals("io/") || name.startsWith("io/jkasan/") || name.startsWith("META-INF/"), name);
                assertTrue(!name.endsWith("module-info.class") && !name.startsWith("META-INF/versions/"), name);
            }
        }
    }

    @Test
    void asm_is_relocated_and_the_runtime_is_bundled_unrelocated() throws IOException {
        try (JarFile jar = new JarFile(JAR)) {
            assertNotNull(jar.getEntry("io/jkasan/agent/shaded/asm/ClassReader.class"));
            assertNotNull(jar.getEntry("io/jkasan/agent/PreMain.class"));
            assertNotNull(jar.getEntry("io/jkasan/runtime/hooks/SunMiscUnsafeHooks.class"));
            assertNotNull(jar.getEntry("io/jkasan/runtime/hooks/InternalUnsafeHooks.class"));
            assertNotNull(jar.getEntry("io/jkasan/Jkasan.class"));
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                assertTrue(!e.nextElement().getName().startsWith("org/objectweb/"));
            }
        }
    }

    @Test
    void manifest_declares_the_agent_and_its_boot_class_path() throws IOException {
        try (JarFile jar = new JarFile(JAR)) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.jkasan.agent.PreMain", main.getValue("Premain-Class"));
            assertEquals("io.jkasan.agent.PreMain", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            String bootClassPath = main.getValue("Boot-Class-Path");
            assertNotNull(bootClassPath);
            assertTrue(bootClassPath.startsWith("jkasan-agent.jar "), bootClassPath);
        }
    }
}
