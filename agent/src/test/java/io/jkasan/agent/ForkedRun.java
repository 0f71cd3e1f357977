package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** One forked JVM of the agent's integration tests, run to completion: its exit status and both outputs. */
final class ForkedRun {
    /** The exit status. */
    final int status;
    /** Everything printed on standard output. */
    final String stdout;
    /** Everything printed on standard error. */
    final String stderr;

    private ForkedRun(int status, String stdout, String stderr) {
        this.status = status;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs a program of the test classes under the real agent jar, with its default options.
     *
     * @param javaHome the JDK to run it on
     * @param app the class whose {@code main} runs
     * @param jvmOptions further options for the JVM, after the agent's
     * @return how it ended
     * @throws IOException if it cannot be started or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    private static ForkedRun underAgent(Path javaHome, Class<?> app, String... jvmOptions)
            throws IOException, InterruptedException {
        String classes = System.getProperty("jkasan.test.classes", "target/test-classes");
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-javaagent:" + Paths.get(AgentJarIT.JAR).toAbsolutePath()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", new File(classes).getAbsolutePath(), app.getName()));
        return of(command);
    }

    /**
     * Runs a program of the test classes under the real agent jar ({@link #underAgent}) and asserts that it exits
     * with status 0, writes nothing on standard error and prints exactly {@code expected}.
     *
     * @param javaHome the JDK to run it on
     * @param app the class whose {@code main} runs
     * @param expected its whole standard output, without the final line break
     * @param jvmOptions further options for the JVM, after the agent's
     * @throws IOException if it cannot be started or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    static void assertPrintsCleanly(Path javaHome, Class<?> app, String expected, String... jvmOptions)
            throws IOException, InterruptedException {
        ForkedRun r = underAgent(javaHome, app, jvmOptions);
        assertEquals(0, r.status, r.stdout + r.stderr);
        assertEquals("", r.stderr);
        assertEquals(expected, r.stdout.strip());
    }

    /**
     * Runs {@code command} without any {@code JKASAN_OPTIONS} of the calling environment.
     *
     * @param command the command line, {@code java} first
     * @return how it ended
     * @throws IOException if it cannot be started or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    static ForkedRun of(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jkasan-out", ".txt");
        Path err = Files.createTempFile("jkasan-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JKASAN_OPTIONS");
            int status = pb.start().waitFor();
            return new ForkedRun(status, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
