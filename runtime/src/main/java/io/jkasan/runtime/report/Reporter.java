package io.jkasan.runtime.report;

import io.jkasan.KasanError;
import io.jkasan.KasanReport;
import io.jkasan.runtime.options.FaultPolicy;
import io.jkasan.runtime.options.Options;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Publishes reports (the kernel's {@code start_report}/{@code end_report}): one global report lock so that
 * reports never interleave, a per-thread guard so that a report raised while reporting is dropped
 * ({@code kasan_disable_current}), single or multi shot ({@code kasan_multi_shot}), the {@code log_path}
 * file, listeners, and the {@code fault} policy.
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
    private final ReportLog log;
    private volatile PrintStream err = System.err;
    private long count;
    private boolean printed;

    /**
     * @param options fault, multi_shot and exitcode are read from here
     * @param log the {@code log_path} file opened at start-up, or {@link ReportLog#none()}
     */
    public Reporter(Options options, ReportLog log) {
        this.fault = options.fault();
        this.multiShot = options.multiShot();
        this.exitCode = options.exitCode();
        this.log = log;
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
        String text = ReportRenderer.render(data);
        KasanReport report = new KasanReport(data.type.text(), data.access, data.address, data.size,
                data.threadName, data.threadId, data.frames, data.titleIndex, text);
        synchronized (reportLock) {
            count++;
            reports.add(report);
            if (multiShot || !printed) {
                printed = true;
                err.print(text);
                err.flush();
                log.append(text, err);
            }
        }
        for (Consumer<KasanReport> l : listeners) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                err.println("jkasan: report listener failed: " + e);
            }
        }
        return report;
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
                err.println("Kernel panic - not syncing: kasan.fault=panic set ...");
                err.flush();
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
        this.err = stream;
    }
}
