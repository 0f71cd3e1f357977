package io.jkasan.runtime.report;

import io.jkasan.KasanError;
import io.jkasan.KasanReport;
import io.jkasan.runtime.options.FaultPolicy;
import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.report.json.JsonRenderer;
import io.jkasan.runtime.report.model.ReportData;
import io.jkasan.runtime.report.text.TextRenderer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Publishes reports (the kernel's {@code start_report}/{@code end_report}): one global report lock so that
 * reports never interleave, a per-thread guard so that a report raised while reporting is dropped
 * ({@code kasan_disable_current}), single or multi shot ({@code kasan_multi_shot}), the output in the
 * {@code log_format} each destination takes, listeners, and the {@code fault} policy. It also keeps the
 * counts the exit summary states.
 */
public final class Reporter {
    private final Object reportLock = new Object();
    private final ThreadLocal<boolean[]> reporting = new ThreadLocal<boolean[]>() {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    };
    private final List<KasanReport> reports = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<KasanReport>> listeners = new CopyOnWriteArrayList<>();
    private final FaultPolicy fault;
    private final boolean multiShot;
    private final int exitCode;
    private final ReportOutput output;
    private long count;
    private long printed;
    private final Set<KasanReport> expected = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param options fault, multi_shot, exitcode and log_format are read from here
     * @param log the {@code log_path} file opened at start-up, or {@link ReportLog#none()}
     */
    public Reporter(Options options, ReportLog log) {
        this.fault = options.fault();
        this.multiShot = options.multiShot();
        this.exitCode = options.exitCode();
        this.output = new ReportOutput(options.logFormat(), log);
    }

    /**
     * Enters reporting on this thread.
     *
     * @return {@code false} if this thread is already reporting: the new report must be dropped
     */
    boolean enter() {
        boolean[] flag = reporting.get();
        if (flag[0]) {
            return false;
        }
        flag[0] = true;
        return true;
    }

    /** Leaves reporting on this thread. */
    void exit() {
        reporting.get()[0] = false;
    }

    /**
     * Renders, records, prints (first report only unless multi-shot), logs and hands the report to listeners.
     *
     * @param data the captured report
     * @return the public report
     */
    KasanReport publish(ReportData data) {
        String text = TextRenderer.render(data);
        String json = output.wantsJson() ? JsonRenderer.render(data) : null;
        KasanReport report = new KasanReport(data.type().text(), data.access(), data.address(), data.size(),
                data.task().name(), data.task().id(), data.trace().frames(),
                data.bugFrame().map(data.trace().frames()::indexOf).filter(i -> i >= 0).orElse(0), text);
        synchronized (reportLock) {
            count++;
            reports.add(report);
            if (multiShot || printed == 0) {
                printed++;
                output.write(text, json);
            }
        }
        for (Consumer<KasanReport> l : listeners) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                output.err().println("jkasan: report listener failed: " + e);
            }
        }
        return report;
    }

    /**
     * Writes something other than a report (the leak report, the exit summary) under the report lock, so
     * that it never interleaves with a report, to the same destinations in the same formats.
     *
     * @param text the text form, ending in a newline
     * @param json the JSON form, one line ending in a newline, or {@code null} when JSON is not wanted
     */
    public void write(String text, String json) {
        synchronized (reportLock) {
            output.write(text, json);
        }
    }

    /** @return whether what is written needs a JSON form ({@code log_format=json}) */
    public boolean wantsJson() {
        return output.wantsJson();
    }

    /**
     * Marks a report as one a test expected (the kernel's {@code KUNIT_EXPECT_KASAN_FAIL}): it stays
     * recorded and counted, and the exit summary counts it as expected rather than as a bug.
     *
     * @param report a report this reporter made
     * @return whether it was not marked before
     */
    public boolean markExpected(KasanReport report) {
        synchronized (reportLock) {
            return expected.add(report);
        }
    }

    /** @return the counts the exit summary states, taken together under the report lock */
    public ReportCounts counts() {
        synchronized (reportLock) {
            return new ReportCounts(count, printed, expected.size());
        }
    }

    /**
     * Applies the fault policy after a report ({@code kasan.fault}).
     *
     * @param report the report just published
     * @param mustStop whether the access cannot continue whatever the policy (it would crash the JVM)
     * @throws KasanError with {@code fault=throw}, or when {@code mustStop}
     */
    void applyFaultPolicy(KasanReport report, boolean mustStop) {
        if (fault == FaultPolicy.PANIC) {
            synchronized (reportLock) {
                output.err().println("Kernel panic - not syncing: kasan.fault=panic set ...");
                output.err().flush();
                Runtime.getRuntime().halt(exitCode);
            }
        }
        if (fault == FaultPolicy.THROW || mustStop) {
            throw new KasanError(report);
        }
    }

    /** @return every report so far, printed or not, oldest first */
    public List<KasanReport> reports() {
        synchronized (reportLock) {
            return new ArrayList<>(reports);
        }
    }

    /** @return how many reports were made, printed or not */
    public long count() {
        synchronized (reportLock) {
            return count;
        }
    }

    /** Forgets the recorded reports (test harnesses); the count and the single-shot state are kept. */
    public void clearReports() {
        synchronized (reportLock) {
            reports.clear();
        }
    }

    /** @param listener called on the reporting thread after each report */
    public void addListener(Consumer<KasanReport> listener) {
        listeners.add(listener);
    }

    /** @param listener a listener added before */
    public void removeListener(Consumer<KasanReport> listener) {
        listeners.remove(listener);
    }

    /**
     * Redirects printed reports (tests).
     *
     * @param stream the new destination
     */
    public void setOutput(PrintStream stream) {
        output.setErr(stream);
    }
}
