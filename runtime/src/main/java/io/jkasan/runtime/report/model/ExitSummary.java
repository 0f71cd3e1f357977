package io.jkasan.runtime.report.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What jkasan says last, at exit, when reports were made or memory leaked: how many reports, how many were
 * printed and expected by tests, what leaked, and the exit status it leaves the process with (as TSan's
 * "ThreadSanitizer: reported N warnings" and LSan's SUMMARY line, {@code tsan_rtl.cpp}, {@code lsan_common.cpp}).
 */
public final class ExitSummary {
    private final long reports;
    private final long printed;
    private final long expected;
    private final Optional<LeakReport> leaks;
    private final OptionalInt programStatus;
    private final OptionalInt exitStatus;

    /**
     * @param reports reports made
     * @param printed reports printed
     * @param expected reports tests marked as expected
     * @param leaks the leak report, when leaks are detected
     * @param programStatus the status the program exits with, if jkasan knows it
     * @param exitStatus the status jkasan makes it exit with instead; empty if it leaves the status alone
     */
    public ExitSummary(long reports, long printed, long expected, Optional<LeakReport> leaks,
            OptionalInt programStatus, OptionalInt exitStatus) {
        this.reports = reports;
        this.printed = printed;
        this.expected = expected;
        this.leaks = leaks;
        this.programStatus = programStatus;
        this.exitStatus = exitStatus;
    }

    /** @return reports made */
    public long reports() {
        return reports;
    }

    /** @return reports printed */
    public long printed() {
        return printed;
    }

    /** @return reports tests marked as expected */
    public long expected() {
        return expected;
    }

    /** @return the leak report, present when leaks are detected (possibly empty) */
    public Optional<LeakReport> leaks() {
        return leaks;
    }

    /** @return the program's own exit status, if known */
    public OptionalInt programStatus() {
        return programStatus;
    }

    /** @return the status jkasan exits with instead of the program's; empty if it keeps the program's */
    public OptionalInt exitStatus() {
        return exitStatus;
    }
}
