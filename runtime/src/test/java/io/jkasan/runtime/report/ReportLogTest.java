package io.jkasan.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code log_path} file: created at start-up, 0600, never through a symbolic link, appended to. */
class ReportLogTest {
    private static final long PID = ProcessHandle.current().pid();
    private static final String EXPECTED_DIRECTORY =
            "expected a path prefix in an existing directory where jkasan may create files";
    private static final String EXPECTED_FILE =
            "expected a path prefix whose PATH.<pid> is absent or a regular file";

    @Test
    void no_log_path_means_no_file() {
        assertSame(ReportLog.none(), ReportLog.open(Options.defaults()));
        ReportLog.none().append("text", new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void creates_path_dot_pid_owner_only_and_appends_to_it(@TempDir Path dir) throws IOException {
        ReportLog log = ReportLog.open(options(dir.resolve("kasan")));
        Path file = dir.resolve("kasan." + PID);
        assertEquals(file, log.path());
        assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "created at open, before any report");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        log.append("first\n", new PrintStream(err));
        Thread.currentThread().interrupt();  // an interrupted reporter must neither lose the line nor the channel
        try {
            log.append("second\n", new PrintStream(err));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the program");
        } finally {
            Thread.interrupted();
        }
        log.append("third\n", new PrintStream(err));
        assertEquals("first\nsecond\nthird\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void an_existing_regular_file_is_appended_to(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kasan." + PID);
        Files.writeString(file, "before\n");
        ReportLog.open(options(dir.resolve("kasan"))).append("after\n", System.err);
        assertEquals("before\nafter\n", Files.readString(file));
    }

    @Test
    void the_file_written_is_the_one_opened_at_start_up(@TempDir Path dir) throws IOException {
        ReportLog log = ReportLog.open(options(dir.resolve("kasan")));
        Path file = dir.resolve("kasan." + PID);
        Path moved = dir.resolve("moved");
        Files.move(file, moved);
        Files.createSymbolicLink(file, dir.resolve("elsewhere"));
        log.append("report\n", System.err);
        assertEquals("report\n", Files.readString(moved));
        assertFalse(Files.exists(dir.resolve("elsewhere")), "a link planted later is not followed");
    }

    @Test
    void a_symbolic_link_at_path_dot_pid_is_refused(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "");
        Path link = Files.createSymbolicLink(dir.resolve("kasan." + PID), target);
        OptionException e = assertThrows(OptionException.class, () -> ReportLog.open(options(dir.resolve("kasan"))));
        assertEquals("jkasan: bad value '" + dir.resolve("kasan") + "' for log_path (in the agent argument): "
                + link + " is a symbolic link, which jkasan does not follow; " + EXPECTED_FILE, e.getMessage());
        Files.delete(target);   // a dangling link is refused just the same, and nothing is created
        assertThrows(OptionException.class, () -> ReportLog.open(options(dir.resolve("kasan"))));
        assertFalse(Files.exists(target));
    }

    @Test
    void directories_on_the_way_may_be_symbolic_links(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        ReportLog.open(options(link.resolve("kasan"))).append("report\n", System.err);
        assertEquals("report\n", Files.readString(real.resolve("kasan." + PID)));
    }

    @Test
    void something_else_than_a_regular_file_is_refused(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectory(dir.resolve("kasan." + PID));
        OptionException e = assertThrows(OptionException.class, () -> ReportLog.open(options(dir.resolve("kasan"))));
        assertEquals("jkasan: bad value '" + dir.resolve("kasan") + "' for log_path (in the agent argument): "
                + sub + " exists and is not a regular file; " + EXPECTED_FILE, e.getMessage());
    }

    @Test
    void a_missing_directory_is_refused(@TempDir Path dir) {
        Path prefix = dir.resolve("missing/kasan");
        OptionException e = assertThrows(OptionException.class, () -> ReportLog.open(options(prefix)));
        assertEquals("jkasan: bad value '" + prefix + "' for log_path (in the agent argument): cannot create "
                + prefix + "." + PID + ": no such directory " + dir.resolve("missing") + "; " + EXPECTED_DIRECTORY,
                e.getMessage());
    }

    @Test
    void a_directory_that_cannot_be_written_is_refused(@TempDir Path dir) throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root");
            OptionException e = assertThrows(OptionException.class,
                    () -> ReportLog.open(options(ro.resolve("kasan"))));
            assertEquals("jkasan: bad value '" + ro.resolve("kasan") + "' for log_path (in the agent argument): "
                    + "cannot create " + ro.resolve("kasan." + PID) + ": permission denied; " + EXPECTED_DIRECTORY,
                    e.getMessage());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static Options options(Path prefix) {
        return Options.fromSources("log_path=" + prefix, new Properties(), Map.of());
    }
}
