package io.jkasan.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A JDK the scenarios run on: the one running the build (25), and 17, the oldest the agent supports, from
 * {@code -Djkasan.it.jdk17=<home>} or the distribution's default location; a test on a JDK that is not
 * installed is skipped, saying so.
 */
final class Jdk {
    private final String name;
    private final Path home;

    private Jdk(String name, Path home) {
        this.name = name;
        this.home = home;
    }

    /** @return the JDKs to run the scenarios on */
    static Stream<Jdk> all() {
        Path jdk17 = Paths.get(System.getProperty("jkasan.it.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        return Stream.of(current(), new Jdk("JDK 17", jdk17));
    }

    /** @return the JDK running the build */
    static Jdk current() {
        return new Jdk("JDK " + Runtime.version().feature(), Paths.get(System.getProperty("java.home")));
    }

    /** @return the JDK's home, after skipping the test if it is not installed */
    Path home() {
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no " + name + " at " + home);
        return home;
    }

    /** @return the JDK's feature release, read from its {@code release} file */
    int feature() {
        try {
            for (String line : Files.readAllLines(home().resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String v = line.substring("JAVA_VERSION=\"".length());
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the version of " + home, e);
        }
        throw new IllegalStateException("no JAVA_VERSION in " + home.resolve("release"));
    }

    @Override
    public String toString() {
        return name;
    }
}
