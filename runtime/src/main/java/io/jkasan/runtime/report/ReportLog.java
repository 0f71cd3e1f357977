package io.jkasan.runtime.report;

import io.jkasan.runtime.options.Option;
import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code log_path} file, {@code PATH.<pid>}: opened once at start-up, so that a path that cannot be
 * written is refused before the program runs rather than at every report, and appended to by every
 * printed report.
 *
 * <p>The file is created with permissions 0600 (reports show addresses and stack traces) and its own name
 * is never followed as a symbolic link ({@code O_NOFOLLOW}): in a shared directory such as {@code /tmp}
 * another user could otherwise plant a link there and have reports appended to a file of their choosing.
 * Directories on the way are resolved as usual. An existing regular file is appended to, keeping its
 * permissions.
 */
public final class ReportLog {
    private static final ReportLog NONE = new ReportLog(null, null);
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
            .asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    private static final String EXPECTED_DIRECTORY = "expected a path prefix in an existing directory "
            + "where jkasan may create files";
    private static final String EXPECTED_FILE = "expected a path prefix whose PATH.<pid> is absent or a "
            + "regular file";

    private final Path path;
    private SeekableByteChannel channel;

    private ReportLog(Path path, SeekableByteChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** @return the log of a run without {@code log_path}: appending does nothing */
    public static ReportLog none() {
        return NONE;
    }

    /**
     * Creates or opens {@code PATH.<pid>} for the {@code log_path} in force.
     *
     * @param options the options in force
     * @return the open log, or {@link #none()} without {@code log_path}
     * @throws OptionException one line naming {@code log_path}, its source and the reason, if the file
     *     cannot be opened: a missing or unwritable directory, a symbolic link or a non-regular file there
     */
    public static ReportLog open(Options options) {
        Optional<Path> prefix = options.logPath();
        if (prefix.isEmpty()) {
            return NONE;
        }
        Path file = Paths.get(prefix.get() + "." + ProcessHandle.current().pid());
        String name = OptionException.printable(file.toString());
        if (Files.isSymbolicLink(file)) {
            throw options.refusal(Option.LOG_PATH, name + " is a symbolic link, which jkasan does not follow; "
                    + EXPECTED_FILE);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // A FIFO would block the open until a reader comes, a directory cannot be appended to.
            throw options.refusal(Option.LOG_PATH, name + " exists and is not a regular file; " + EXPECTED_FILE);
        }
        try {
            return new ReportLog(file, openChannel(file));
        } catch (NoSuchFileException e) {
            throw options.refusal(Option.LOG_PATH, "cannot create " + name + ": no such directory "
                    + OptionException.printable(String.valueOf(file.toAbsolutePath().getParent())) + "; "
                    + EXPECTED_DIRECTORY);
        } catch (AccessDeniedException e) {
            throw options.refusal(Option.LOG_PATH, "cannot create " + name + ": permission denied; "
                    + EXPECTED_DIRECTORY);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                // Planted between the check above and the open: O_NOFOLLOW refused it (ELOOP).
                throw options.refusal(Option.LOG_PATH, name + " is a symbolic link, which jkasan does not "
                        + "follow; " + EXPECTED_FILE);
            }
            throw options.refusal(Option.LOG_PATH, "cannot create " + name + ": "
                    + OptionException.printable(String.valueOf(e.getReason())) + "; " + EXPECTED_DIRECTORY);
        } catch (IOException | UnsupportedOperationException e) {
            throw options.refusal(Option.LOG_PATH, "cannot create " + name + ": "
                    + OptionException.printable(String.valueOf(e.getMessage())) + "; " + EXPECTED_DIRECTORY);
        }
    }

    private static SeekableByteChannel openChannel(Path file) throws IOException {
        return Files.newByteChannel(file, OPEN, OWNER_ONLY);
    }

    /** @return the file, or {@code null} for {@link #none()} */
    public Path path() {
        return path;
    }

    /**
     * Appends one report. A failure is told on {@code err} and does not stop the program.
     *
     * @param text the report
     * @param err where to tell a failure
     */
    synchronized void append(String text, PrintStream err) {
        if (path == null) {
            return;
        }
        // A file channel is closed by an interrupt that arrives during a write, and a pending interrupt
        // makes the write fail at once: keep the reporting thread's interrupt for after the write, and
        // reopen the same name (still without following a link) should one close the channel anyway.
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; ; attempt++) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                try {
                    if (channel == null) {
                        channel = openChannel(path);
                    }
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    return;
                } catch (ClosedChannelException e) {
                    channel = null;
                    interrupted |= Thread.interrupted();
                    if (attempt > 0) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            err.println("jkasan: cannot append report to " + path + ": " + e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
