package io.jkasan.runtime.exit;

import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.report.LeakScanner;
import io.jkasan.runtime.report.ReportCounts;
import io.jkasan.runtime.report.Reporter;
import io.jkasan.runtime.report.json.JsonRenderer;
import io.jkasan.runtime.report.model.ExitSummary;
import io.jkasan.runtime.report.model.LeakReport;
import io.jkasan.runtime.report.text.LeakText;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What jkasan does when the JVM exits (docs/usage.md, "Exit status"): with {@code detect_leaks}, the leak
 * report; whenever reports were made or memory leaked, one summary line; and with
 * {@code exitcode_on_report}, the exit status {@code exitcode} in place of a program's 0.
 *
 * <p>Only a status of 0 is replaced, as the sanitizers' {@code _exit} interceptors do ({@code status == 0 &&
 * HasReportedLeaks()} in {@code lsan_interceptors.cpp}): a program that already fails keeps its own status,
 * which says more than jkasan's. Reports a test marked as expected do not fail the run.
 * {@code fault=panic} halts at the report itself, before any of this.
 */
public final class ExitHandler implements Runnable {
    private final Reporter reporter;
    private final LeakScanner leaks;
    private final boolean detectLeaks;
    private final boolean exitCodeOnReport;
    private final int exitCode;
    private volatile boolean done;

    /**
     * @param reporter the reporter, whose counts the summary states and through which it is written
     * @param leaks finds the memory still allocated
     * @param options detect_leaks, exitcode_on_report and exitcode are read from here
     */
    public ExitHandler(Reporter reporter, LeakScanner leaks, Options options) {
        this.reporter = reporter;
        this.leaks = leaks;
        this.detectLeaks = options.detectLeaks();
        this.exitCodeOnReport = options.exitCodeOnReport();
        this.exitCode = options.exitCode();
    }

    @Override
    public void run() {
        if (done) {
            return;
        }
        done = true;
        try {
            OptionalInt status = finish(ProgramExit.status());
            if (status.isPresent()) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(status.getAsInt());
            }
        } catch (Throwable t) {
            // Never let the exit fail or hang because of jkasan: say so and let the JVM halt as it would.
            try {
                System.err.println("jkasan: exit summary failed: " + t);
            } catch (Throwable ignored) {
                // stderr itself is gone
            }
        }
    }

    /**
     * Writes the leak report and the summary, and decides the exit status.
     *
     * @param programStatus the program's exit status, if known
     * @return the status to halt with instead of the program's, or empty to leave it alone
     */
    OptionalInt finish(OptionalInt programStatus) {
        Optional<LeakReport> leaked = Optional.empty();
        if (detectLeaks) {
            LeakReport r = leaks.group(leaks.liveSince(0));
            leaked = Optional.of(r);
            if (!r.isEmpty()) {
                reporter.write(LeakText.render(r), reporter.wantsJson() ? JsonRenderer.leaks(r) : null);
            }
        }
        ReportCounts c = reporter.counts();
        boolean anyLeak = leaked.isPresent() && !leaked.get().isEmpty();
        if (c.made() == 0 && !anyLeak) {
            return OptionalInt.empty();
        }
        boolean failing = c.unexpected() > 0 || anyLeak;
        OptionalInt replacement = failing && exitCodeOnReport && exitCode != 0 && programStatus.isPresent()
                && programStatus.getAsInt() == 0 ? OptionalInt.of(exitCode) : OptionalInt.empty();
        ExitSummary s = new ExitSummary(c.made(), c.printed(), c.expected(), leaked, programStatus, replacement);
        reporter.write(LeakText.summary(s), reporter.wantsJson() ? JsonRenderer.summary(s) : null);
        return replacement;
    }
}
