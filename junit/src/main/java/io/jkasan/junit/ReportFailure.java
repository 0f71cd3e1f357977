package io.jkasan.junit;

import io.jkasan.KasanFrame;
import io.jkasan.KasanReport;
import java.util.List;

/**
 * The {@link AssertionError} that fails a test, a class or the run for reports: a one-line summary naming
 * each report, then every report in full as the runtime rendered it (docs/report-format.md), whether or not
 * it was printed. Its stack trace is the first report's call trace, so that IDEs and build logs point at the
 * bad access.
 */
final class ReportFailure {
    private ReportFailure() {
    }

    /**
     * @param during what the reports were made during, e.g. {@code test FooTest.reads()}
     * @param reports at least one report
     * @return the error to throw
     */
    static AssertionError during(String during, List<KasanReport> reports) {
        return of("KASAN: " + count(reports.size()) + " during " + during, reports);
    }

    /**
     * @param headline the first line, without the reports' names
     * @param reports at least one report
     * @return the error to throw
     */
    static AssertionError of(String headline, List<KasanReport> reports) {
        StringBuilder message = new StringBuilder(headline).append(": ");
        for (int i = 0; i < reports.size(); i++) {
            KasanReport r = reports.get(i);
            message.append(i == 0 ? "" : "; ").append(r.bugType()).append(' ').append(r.title());
        }
        message.append('\n');
        for (KasanReport r : reports) {
            message.append('\n').append(r.text());
        }
        AssertionError error = new AssertionError(message.toString());
        error.setStackTrace(stackTrace(reports.get(0)));
        return error;
    }

    /** @return {@code 1 report} or {@code n reports} */
    static String count(int n) {
        return n + (n == 1 ? " report" : " reports");
    }

    private static StackTraceElement[] stackTrace(KasanReport report) {
        List<KasanFrame> frames = report.frames();
        StackTraceElement[] trace = new StackTraceElement[frames.size()];
        for (int i = 0; i < trace.length; i++) {
            KasanFrame f = frames.get(i);
            trace[i] = new StackTraceElement(f.className(), f.methodName(), f.fileName(), f.lineNumber());
        }
        return trace;
    }
}
