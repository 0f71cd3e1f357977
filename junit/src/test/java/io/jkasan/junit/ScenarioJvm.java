package io.jkasan.junit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Forks a JVM that runs scenario classes through {@code io.jkasan.junit.scenarios.ScenarioRunner}, on a given
 * JDK, with or without {@code -javaagent}, on the class path a user's tests have (this module's classes, the
 * agent jar, Byte Buddy's agent, JUnit; not the runtime jar). Paths come from the system properties the
 * module's pom sets.
 */
final class ScenarioJvm {
    private static final String SCENARIOS = "io.jkasan.junit.scenarios.";
    private static final long TIMEOUT_SECONDS = 120;

    private final Jdk jdk;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> programArgs = new ArrayList<>();
    private boolean agent = true;

    private ScenarioJvm(Jdk jdk) {
        this.jdk = jdk;
    }

    /**
     * @param jdk the JDK to run on
     * @param scenarios simple names of scenario classes, or runner options ({@code --...})
     * @return a JVM that runs them under the agent
     */
    static ScenarioJvm on(Jdk jdk, String... scenarios) {
        ScenarioJvm jvm = new ScenarioJvm(jdk);
        for (String s : scenarios) {
            jvm.programArgs.add(s.startsWith("--") ? s : SCENARIOS + s);
        }
        return jvm;
    }

    /** @return this, without {@code -javaagent}: jkasan-junit attaches the agent itself */
    ScenarioJvm withoutAgent() {
        agent = false;
        return this;
    }

    /**
     * @param arg a JVM option
     * @return this
     */
    ScenarioJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** @return what the run printed, parsed */
    ScenarioOutcomes run() {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.home().resolve("bin").resolve("java").toString());
        if (agent) {
            cmd.add("-javaagent:" + agentJar());
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("scenario.classes") + File.pathSeparator + dependencyClassPath());
        cmd.add(SCENARIOS + "ScenarioRunner");
        cmd.addAll(programArgs);
        try {
            Path dir = Files.createTempDirectory("jkasan-junit-scenario");
            File out = dir.resolve("stdout").toFile();
            File err = dir.resolve("stderr").toFile();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            for (String v : new String[] {"JKASAN_OPTIONS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
                pb.environment().remove(v);
            }
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("timed out after " + TIMEOUT_SECONDS + "s: " + String.join(" ", cmd) + "\n" + read(out)
                        + read(err));
            }
            ScenarioOutcomes outcomes = ScenarioOutcomes.parse(String.join(" ", cmd), p.exitValue(), read(out),
                    read(err));
            Files.delete(out.toPath());
            Files.delete(err.toPath());
            Files.delete(dir);
            return outcomes;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    /** @return the agent jar, as the class path file names it */
    static String agentJar() {
        for (String entry : dependencyClassPath().split(File.pathSeparator)) {
            if (Paths.get(entry).getFileName().toString().startsWith("jkasan-agent")) {
                return entry;
            }
        }
        throw new IllegalStateException("no jkasan-agent jar in " + dependencyClassPath());
    }

    private static String dependencyClassPath() {
        try {
            return Files.readString(Paths.get(System.getProperty("scenario.class.path.file"))).trim();
        } catch (IOException e) {
            throw new IllegalStateException("run through Maven: the scenario class path file is missing", e);
        }
    }

    private static String read(File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }
}
