package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDKs that forked scenario JVMs run on: the one running the build (25, which the build needs) and JDK 17,
 * the oldest the agent supports. A class annotated {@link OnEachJdk} runs once per constant; inside it
 * {@link #current()} names the JDK of the running invocation, and {@link ForkedJvm} starts its JVMs there.
 *
 * <p>JDK 17 is taken from {@code -Djkasan.it.jdk17=<home>}, else from the Debian/Ubuntu package's location. If
 * it is not installed there, its tests are skipped with the path in the reason, and a warning is printed
 * once; a {@code -Djkasan.it.jdk17} that names no JDK 17 fails them instead, since that is a mistake.
 */
enum Jdk {
    /** The JDK running the build. */
    RUNNING(null, System.getProperty("java.home"), 0),
    /** JDK 17. */
    JDK17("jkasan.it.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64", 17);

    private static final ThreadLocal<Jdk> CURRENT = new ThreadLocal<>();

    /** The system property that names the JDK's home, {@code null} for the running JDK. */
    private final String property;
    /** Whether {@link #property} is set, rather than the default home used. */
    private final boolean configured;
    private final Path home;
    /** The feature release. */
    private final int feature;
    /** Why this is not a usable JDK of the expected release, {@code null} if it is. */
    private final String problem;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param property the system property that names the home, {@code null} for the running JDK
     * @param defaultHome the home when the property is not set
     * @param expectedFeature the feature release the JDK must be, 0 for the running JDK
     */
    Jdk(final String property, final String defaultHome, final int expectedFeature) {
        this.property = property;
        this.configured = property != null && System.getProperty(property) != null;
        this.home = Paths.get(configured ? System.getProperty(property) : defaultHome).toAbsolutePath().normalize();
        if (expectedFeature == 0) {
            feature = Runtime.version().feature();
            problem = null;
            return;
        }
        final Path release = this.home.resolve("release");
        final int found = Files.isExecutable(this.home.resolve("bin/java")) ? featureIn(release) : -1;
        feature = expectedFeature;
        if (found < 0) {
            problem = "no JDK at " + this.home;
        } else if (found != expectedFeature) {
            problem = "the JDK at " + this.home + " is JDK " + found + ", not " + expectedFeature + " (" + release
                    + ")";
        } else {
            problem = null;
        }
    }

    /** @return the feature release in a JDK's {@code release} file, -1 if there is none */
    private static int featureIn(final Path release) {
        try {
            final Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)[.\"]")
                    .matcher(new String(Files.readAllBytes(release), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (final IOException e) {
            return -1;
        }
    }

    /** @return the JDK's home directory */
    Path home() {
        return home;
    }

    /** @return the JDK's feature release, e.g. 17 */
    int feature() {
        return feature;
    }

    /**
     * @param name e.g. {@code java}
     * @return the path of one of the JDK's tools
     */
    Path tool(final String name) {
        return home.resolve("bin").resolve(name);
    }

    /**
     * Stops the calling test unless this JDK can run it: an absent default JDK skips it (warning once, loudly,
     * that its tests are skipped), an explicitly configured path that is not the expected JDK fails it.
     */
    void require() {
        if (problem == null) {
            return;
        }
        if (configured) {
            fail("-D" + property + " is wrong: " + problem);
        }
        final String reason = this + " tests skipped: " + problem + " (install it there or pass -D" + property
                + "=<JDK home>)";
        if (warned.compareAndSet(false, true)) {
            System.err.println("[WARNING] ******************************************************************");
            System.err.println("[WARNING] " + reason);
            System.err.println("[WARNING] ******************************************************************");
        }
        Assumptions.abort(reason);
    }

    /** @return the JDK of the running {@link OnEachJdk} invocation, or the running JDK outside one */
    static Jdk current() {
        final Jdk jdk = CURRENT.get();
        return jdk == null ? RUNNING : jdk;
    }

    /** @param jdk the JDK the calling thread's test runs on, {@code null} when it ends */
    static void select(final Jdk jdk) {
        if (jdk == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(jdk);
        }
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }
}
