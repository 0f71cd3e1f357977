package io.jkasan.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDKs the exit, JSON and leak tests run the agent jar on: 17 (malloc memory backend, no FFM) and 25.
 * Homes come from {@code -Djkasan.it.jdk17} / {@code -Djkasan.it.jdk25} or the usual install paths; a JDK
 * that is not installed skips its runs with a message naming the path.
 */
enum JdkUnderTest {
    JDK_17("jkasan.it.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"),
    JDK_25("jkasan.it.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");

    private final String property;
    private final String defaultHome;

    JdkUnderTest(final String property, final String defaultHome) {
        this.property = property;
        this.defaultHome = defaultHome;
    }

    /** @return the JDK's home; the test is skipped, naming the path, if it is not installed */
    Path home() {
        final Path home = Paths.get(System.getProperty(property, defaultHome));
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")),
                "NOT TESTED on " + this + ": no JDK at " + home + " (set -D" + property + ")");
        return home;
    }

    /**
     * @param scenario a {@code Demo} scenario
     * @param variant {@code bug} or {@code ok}
     * @return the scenario on this JDK
     */
    ForkedJvm scenario(final String scenario, final String variant) {
        return ForkedJvm.scenario(scenario, variant).onJdk(home());
    }
}
