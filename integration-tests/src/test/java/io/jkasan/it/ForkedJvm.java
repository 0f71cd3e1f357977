package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one sample scenario in its own JVM ({@code java -javaagent:<agent jar>[=opts] -cp <samples jar>
 * io.jkasan.samples.Demo <scenario> <bug|ok>}) with a timeout, capturing stdout and stderr separately.
 * The agent and samples jars come from the {@code jkasan.agent.jar} and {@code jkasan.samples.jar} system
 * properties that the module's pom sets. The JVM is the {@link Jdk#current() current JDK}'s: in a class
 * annotated {@link OnEachJdk}, the invocation's; elsewhere the one running the tests.
 */
final class ForkedJvm {
    /** The shaded agent jar under test. */
    static final Path AGENT_JAR = path("jkasan.agent.jar");
    /** The sample programs. */
    static final Path SAMPLES_JAR = path("jkasan.samples.jar");
    private static final long TIMEOUT_SECONDS = Long.getLong("jkasan.it.timeout", 60);

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> programArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean agent = true;
    private boolean jar;
    private Jdk jdk = Jdk.current();
    /** A wrapper home whose {@code bin/java} runs instead of the JDK's own, or {@code null}. */
    private Path javaHome;
    private String agentOptions;

    private ForkedJvm(final String scenario, final String variant) {
        programArgs.add(scenario);
        programArgs.add(variant);
        if ("internal-unsafe".equals(scenario)) {
            // The one sample compiled against jdk.internal.misc needs the export at run time as well.
            jvmArgs.add("--add-exports");
            jvmArgs.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        }
    }

    /**
     * @param scenario a {@code Demo} scenario name
     * @param variant {@code bug} or {@code ok}
     * @return a JVM that will run it under the agent with default options
     */
    static ForkedJvm scenario(final String scenario, final String variant) {
        return new ForkedJvm(scenario, variant);
    }

    /**
     * @param options the text after {@code =} in {@code -javaagent:jar=...}
     * @return this
     */
    ForkedJvm agentOptions(final String options) {
        this.agentOptions = options;
        return this;
    }

    /**
     * Runs the program without the agent (with {@code --sun-misc-unsafe-memory-access=allow}, so JDK 24+ stays
     * quiet about {@code sun.misc.Unsafe}), as the reference for the twins' output.
     *
     * @return this
     */
    ForkedJvm withoutAgent() {
        this.agent = false;
        return this;
    }

    /**
     * Starts the program as {@code java -jar <samples jar> <scenario> <variant>}, through the jar's
     * {@code Main-Class}, instead of naming {@code Demo} on the class path.
     *
     * @return this
     */
    ForkedJvm fromJar() {
        this.jar = true;
        return this;
    }

    /**
     * Runs on {@code jdk} rather than on the {@link Jdk#current() current} one; skips (loudly) or fails the test
     * if that JDK is not there.
     *
     * @param target the JDK
     * @return this
     */
    ForkedJvm on(final Jdk target) {
        target.require();
        this.jdk = target;
        return this;
    }

    /**
     * Starts {@code bin/java} of another home, a wrapper that sets limits or plants files before it
     * {@code exec}s the real java of the current JDK.
     *
     * @param home the wrapper's home
     * @return this
     */
    ForkedJvm javaHome(final Path home) {
        this.javaHome = home;
        return this;
    }

    /**
     * @param arg an extra JVM option, placed before the main class
     * @return this
     */
    ForkedJvm jvmArg(final String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /**
     * @param name environment variable
     * @param value its value
     * @return this
     */
    ForkedJvm env(final String name, final String value) {
        env.put(name, value);
        return this;
    }

    /** @return the command line this JVM runs */
    List<String> command() {
        final List<String> cmd = new ArrayList<>();
        cmd.add(javaHome != null ? javaHome.resolve("bin/java").toString() : jdk.tool("java").toString());
        if (agent) {
            cmd.add("-javaagent:" + AGENT_JAR + (agentOptions == null ? "" : "=" + agentOptions));
        } else if (jdk.feature() >= 23) {
            // JDK 24+ warns on sun.misc.Unsafe memory access unless allowed; the option exists from 23 on and
            // older JDKs refuse to start with it.
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Verify every class, including the ones the agent rewrote (BlockHound's example tests do the same).
        cmd.add("-Xverify:all");
        cmd.addAll(jvmArgs);
        if (jar) {
            cmd.add("-jar");
            cmd.add(SAMPLES_JAR.toString());
        } else {
            cmd.add("-cp");
            cmd.add(SAMPLES_JAR.toString());
            cmd.add("io.jkasan.samples.Demo");
        }
        cmd.addAll(programArgs);
        return cmd;
    }

    /**
     * Runs the JVM to completion; fails the test if it outlives the timeout.
     *
     * @return exit status and output
     */
    Result run() {
        if (agent && !Files.isRegularFile(AGENT_JAR)) {
            fail("agent jar not found: " + AGENT_JAR + " (build the agent module first: mvn -B verify from the root)");
        }
        if (!Files.isRegularFile(SAMPLES_JAR)) {
            fail("sample-apps jar not found: " + SAMPLES_JAR);
        }
        final List<String> cmd = command();
        try {
            final Path dir = Files.createTempDirectory("jkasan-it");
            final File out = dir.resolve("stdout").toFile();
            final File err = dir.resolve("stderr").toFile();
            final ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().remove("JKASAN_OPTIONS");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("_JAVA_OPTIONS");
            pb.environment().putAll(env);
            final Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("timed out after " + TIMEOUT_SECONDS + "s: " + String.join(" ", cmd) + "\n--- stdout\n"
                        + read(out) + "--- stderr\n" + read(err));
            }
            final Result r = new Result(jdk, cmd, env, p.pid(), p.exitValue(), read(out), read(err));
            Files.delete(out.toPath());
            Files.delete(err.toPath());
            Files.delete(dir);
            return r;
        } catch (final IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    private static String read(final File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }

    private static Path path(final String property) {
        final String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return Paths.get(v).toAbsolutePath().normalize();
    }

    /** What a forked JVM did. */
    static final class Result {
        /** The JDK that ran. */
        final Jdk jdk;
        /** The command line. */
        final List<String> command;
        /** Extra environment. */
        final Map<String, String> env;
        /** The process id (names the {@code log_path} file). */
        final long pid;
        /** The exit status. */
        final int exitCode;
        /** Everything written to stdout. */
        final String stdout;
        /** Everything written to stderr. */
        final String stderr;

        Result(final Jdk jdk, final List<String> command, final Map<String, String> env, final long pid,
                final int exitCode, final String stdout, final String stderr) {
            this.jdk = jdk;
            this.command = command;
            this.env = env;
            this.pid = pid;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** @return stderr split into lines, without line terminators */
        List<String> stderrLines() {
            return lines(stderr);
        }

        /** @return stdout split into lines, without line terminators */
        List<String> stdoutLines() {
            return lines(stdout);
        }

        private static List<String> lines(final String s) {
            final List<String> l = new ArrayList<>(List.of(s.split("\r?\n", -1)));
            if (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) {
                l.remove(l.size() - 1);
            }
            return l;
        }

        /** @return everything about the run, for assertion messages */
        String describe() {
            return "command: " + (env.isEmpty() ? "" : env + " ") + String.join(" ", command) + "\nexit code: "
                    + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr + "---";
        }
    }
}
